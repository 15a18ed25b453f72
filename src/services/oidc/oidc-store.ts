import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/**
 * The OIDC relying party's tables (migration store/migrations/0004_oidc.ts) and the only SQL this module runs.
 * Rows hold hashes of `state` and `nonce` values, never the values themselves; the PKCE verifier and the nonce
 * travel sealed (secret box) inside `sealed`.
 */
export interface OidcLoginStateTable {
  state_hash: string;
  service_id: number;
  sealed: string;
  redirect_uri: string;
  created_at: number;
  expires_at: number;
}

export interface OidcUsedNonceTable {
  nonce_hash: string;
  expires_at: number;
}

export interface OidcRenewalLeaseTable {
  session_id: string;
  leased_until: number;
}

export interface OidcIconTable {
  service_id: number;
  content_type: string;
  data: string;
  updated_at: number;
}

declare module '../../store/schema.js' {
  interface Database {
    oidc_login_states: OidcLoginStateTable;
    oidc_used_nonces: OidcUsedNonceTable;
    oidc_renewal_leases: OidcRenewalLeaseTable;
    oidc_icons: OidcIconTable;
  }
}

type Db = Kysely<Database>;

export interface StoredLoginState {
  readonly serviceId: number;
  readonly sealed: string;
  readonly redirectUri: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export async function insertLoginState(db: Db, stateHash: string, s: StoredLoginState): Promise<void> {
  await db.insertInto('oidc_login_states').values({
    state_hash: stateHash, service_id: s.serviceId, sealed: s.sealed, redirect_uri: s.redirectUri,
    created_at: s.createdAt, expires_at: s.expiresAt,
  }).execute();
}

/** Deletes and returns the row in one statement, so two instances can never both consume one state. */
export async function consumeLoginState(db: Db, stateHash: string): Promise<StoredLoginState | undefined> {
  const row = await db.deleteFrom('oidc_login_states').where('state_hash', '=', stateHash).returningAll().executeTakeFirst();
  return row && {
    serviceId: row.service_id, sealed: row.sealed, redirectUri: row.redirect_uri, createdAt: row.created_at, expiresAt: row.expires_at,
  };
}

export async function countLoginStates(db: Db): Promise<number> {
  const r = await db.selectFrom('oidc_login_states').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Records a nonce as used; false when it was used before (an ID token replay). Atomic across instances. */
export async function recordUsedNonce(db: Db, nonceHash: string, expiresAt: number): Promise<boolean> {
  const rows = await db.insertInto('oidc_used_nonces').values({ nonce_hash: nonceHash, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce_hash').doNothing()).returning('nonce_hash').execute();
  return rows.length === 1;
}

export async function isNonceUsed(db: Db, nonceHash: string): Promise<boolean> {
  const r = await db.selectFrom('oidc_used_nonces').select('nonce_hash').where('nonce_hash', '=', nonceHash).executeTakeFirst();
  return r !== undefined;
}

/**
 * Takes the renewal lease of a session until `until`, unless another instance holds an unexpired one.
 * An upsert whose update only applies to an expired lease: exactly one instance gets a row back.
 */
export async function claimRenewalLease(db: Db, sessionId: string, now: number, until: number): Promise<boolean> {
  const rows = await db.insertInto('oidc_renewal_leases').values({ session_id: sessionId, leased_until: until })
    .onConflict((oc) => oc.column('session_id').doUpdateSet({ leased_until: until }).where('oidc_renewal_leases.leased_until', '<=', now))
    .returning('session_id').execute();
  return rows.length === 1;
}

export async function releaseRenewalLease(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('oidc_renewal_leases').where('session_id', '=', sessionId).execute();
}

export interface RenewalCandidate {
  readonly id: string;
  readonly serviceId: number;
  readonly accountName: string;
  readonly expiresAt: number;
  readonly data: string | null;
}

/**
 * Live sessions of the given services whose tokens expire before `dueBefore`. Sessions already idle-expired are
 * left to the session purge (the idle timeout applies independently of the tokens, seed 003 "Renew Token").
 */
export async function listRenewalCandidates(db: Db, serviceIds: readonly number[], dueBefore: number, now: number): Promise<RenewalCandidate[]> {
  if (serviceIds.length === 0) return [];
  const rows = await db.selectFrom('sessions')
    .select(['id', 'service_id', 'account_name', 'expires_at', 'data'])
    .where('service_id', 'in', serviceIds)
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', dueBefore)
    .where('expires_at', '>', now)
    .where(sql<number>`last_touch + idle_timeout_ms`, '>', now)
    .orderBy('expires_at')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ id: r.id, serviceId: r.service_id, accountName: r.account_name, expiresAt: r.expires_at ?? 0, data: r.data }));
}

/** Removes expired login states and nonces, and leases of sessions that no longer exist. */
export async function purgeOidcState(db: Db, now: number): Promise<void> {
  await db.deleteFrom('oidc_login_states').where('expires_at', '<=', now).execute();
  await db.deleteFrom('oidc_used_nonces').where('expires_at', '<=', now).execute();
  await db.deleteFrom('oidc_renewal_leases').where('leased_until', '<=', now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('sessions').select('sessions.id').whereRef('sessions.id', '=', 'oidc_renewal_leases.session_id'))))
    .execute();
}

export interface StoredIcon { readonly contentType: string; readonly data: Buffer; readonly updatedAt: number }

export async function writeIcon(db: Db, serviceId: number, contentType: string, data: Buffer, now: number): Promise<void> {
  const b64 = data.toString('base64');
  await db.insertInto('oidc_icons').values({ service_id: serviceId, content_type: contentType, data: b64, updated_at: now })
    .onConflict((oc) => oc.column('service_id').doUpdateSet({ content_type: contentType, data: b64, updated_at: now })).execute();
}

export async function readIcon(db: Db, serviceId: number): Promise<StoredIcon | undefined> {
  const r = await db.selectFrom('oidc_icons').selectAll().where('service_id', '=', serviceId).executeTakeFirst();
  return r && { contentType: r.content_type, data: Buffer.from(r.data, 'base64'), updatedAt: r.updated_at };
}
