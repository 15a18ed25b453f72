import type { Kysely } from 'kysely';
import { idColumn, isPostgres } from '../migration-helpers.js';

/** Core tables: identity services, accounts, roles, permissions, sessions, audit. See store/schema.ts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema.createTable('identity_services')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('second_factor_service_id', 'integer')
    .addColumn('second_factor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ordering', 'integer', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createTable('accounts')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('identity_services.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('email', 'text')
    .addColumn('force_password_change', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('accounts_service_name', ['service_id', 'name'])
    .execute();
  // Case-insensitive search over 100,000 accounts in the admin UI goes by name prefix within a service.
  await db.schema.createIndex('accounts_service_name_idx').on('accounts').columns(['service_id', 'name']).execute();

  await db.schema.createTable('roles')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('identity_services.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ordering', 'integer', (c) => c.notNull())
    .addUniqueConstraint('roles_service_name', ['service_id', 'name'])
    .execute();

  await db.schema.createTable('account_roles')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('role_id', 'integer', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('account_roles_pk', ['account_id', 'role_id'])
    .execute();
  await db.schema.createIndex('account_roles_role_idx').on('account_roles').column('role_id').execute();

  await db.schema.createTable('permissions')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('role_id', 'integer', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('controller_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('excluded', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('permissions_role_scope_path', ['role_id', 'controller_id', 'path'])
    .execute();

  await db.schema.createTable('folders')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('role_id', 'integer', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('controller_id', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('recursive', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('folders_role_scope_folder', ['role_id', 'controller_id', 'folder'])
    .execute();

  // spec §0/§4.4: the blocklist is global by account name, not per service.
  await db.schema.createTable('blocklist')
    .addColumn('account_name', 'text', (c) => c.primaryKey())
    .addColumn('comment', 'text')
    .addColumn('since', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createTable('settings')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('settings_pk', ['scope', 'name'])
    .execute();

  // Sessions live in the database so they survive restarts and are shared by every instance (spec §5.8 fixed).
  // Only a SHA-256 of the token is stored: a copy of the database does not hand out live sessions.
  await db.schema.createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('service_id', 'integer', (c) => c.notNull())
    .addColumn('identity_service', 'text', (c) => c.notNull())
    .addColumn('subjects', 'text', (c) => c.notNull())
    .addColumn('idle_timeout_ms', 'bigint', (c) => c.notNull())
    .addColumn('last_touch', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('force_password_change', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('caller_ip', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_name').execute();

  await db.schema.createTable('login_history')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('service_name', 'text')
    .addColumn('login_date', 'bigint', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('caller_ip', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_history_date_idx').on('login_history').column('login_date').execute();

  await db.schema.createTable('audit_log')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('comment', 'text')
    .addColumn('ticket_link', 'text')
    .addColumn('time_spent', 'integer')
    .execute();
  await db.schema.createIndex('audit_log_created_idx').on('audit_log').column('created').execute();

  await db.schema.createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
    .execute();
}
