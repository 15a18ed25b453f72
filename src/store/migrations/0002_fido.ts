import type { Kysely } from 'kysely';
import { idColumn, isPostgres } from '../migration-helpers.js';

/**
 * FIDO identity service (spec §0 IAM_FIDO2_*; table types in services/fido/store/tables.ts):
 * - `fido_challenges`: one row per started ceremony, deleted when used (single use) or expired; in the database so
 *   any instance can finish a ceremony another one started;
 * - `fido_registrations`: pending registration requests (verified key, e-mail confirmation, deferred flag);
 * - `fido_devices`: approved keys of accounts (cascade with the account).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema.createTable('fido_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('challenge', 'text', (c) => c.notNull().unique())
    .addColumn('service_id', 'integer', (c) => c.notNull().references('identity_services.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text')
    .addColumn('email', 'text')
    .addColumn('user_handle', 'text')
    .addColumn('session_id', 'text')
    .addColumn('rp_id', 'text', (c) => c.notNull())
    .addColumn('origins', 'text', (c) => c.notNull())
    .addColumn('user_verification', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fido_challenges_expires_idx').on('fido_challenges').column('expires_at').execute();

  await db.schema.createTable('fido_registrations')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('identity_services.id').onDelete('cascade'))
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'integer', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('aaguid', 'text', (c) => c.notNull())
    .addColumn('user_handle', 'text', (c) => c.notNull())
    .addColumn('user_verified', 'integer', (c) => c.notNull())
    .addColumn('backup_eligible', 'integer', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('rp_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deferred', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    // One registration per account and per e-mail address in a service (seed: "Users can register just once").
    .addUniqueConstraint('fido_registrations_account', ['service_id', 'account_name'])
    .addUniqueConstraint('fido_registrations_email', ['service_id', 'email_key'])
    .addUniqueConstraint('fido_registrations_credential', ['service_id', 'credential_id'])
    .execute();

  await db.schema.createTable('fido_devices')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('identity_services.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'integer', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('aaguid', 'text', (c) => c.notNull())
    .addColumn('user_handle', 'text', (c) => c.notNull())
    .addColumn('user_verified', 'integer', (c) => c.notNull())
    .addColumn('backup_eligible', 'integer', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('rp_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addUniqueConstraint('fido_devices_credential', ['service_id', 'credential_id'])
    .execute();
  await db.schema.createIndex('fido_devices_account_idx').on('fido_devices').column('account_id').execute();
}
