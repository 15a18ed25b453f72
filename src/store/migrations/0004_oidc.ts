import type { Kysely } from 'kysely';

/**
 * OIDC relying-party state (src/services/oidc/oidc-store.ts declares the table types):
 * - `oidc_login_states`: state/nonce/PKCE verifier of an authorization request, kept server-side so any instance of
 *   a cluster can finish the login; single-use (deleted when consumed), 10 minutes;
 * - `oidc_used_nonces`: nonces of ID tokens already accepted, until the token expires (replay guard);
 * - `oidc_renewal_leases`: which instance is renewing a session's tokens right now (one refresh per session even
 *   when several instances run the renewal task);
 * - `oidc_icons`: the login-button image uploaded per service.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('oidc_login_states')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'integer', (c) => c.notNull().references('identity_services.id').onDelete('cascade'))
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_login_states_expires_idx').on('oidc_login_states').column('expires_at').execute();

  await db.schema.createTable('oidc_used_nonces')
    .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createTable('oidc_renewal_leases')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('leased_until', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createTable('oidc_icons')
    .addColumn('service_id', 'integer', (c) => c.primaryKey().references('identity_services.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
