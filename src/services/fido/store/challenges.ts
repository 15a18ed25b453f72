import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../store/schema.js';
import type { FidoChallengeTable } from './tables.js';

type Db = Kysely<Database>;

export type CeremonyPurpose = 'register' | 'add-device' | 'authenticate';

/** A started WebAuthn ceremony: what the response must match. */
export interface StoredChallenge {
  readonly requestId: string;
  readonly challenge: string;
  readonly serviceId: number;
  readonly purpose: CeremonyPurpose;
  readonly accountName: string | null;
  readonly email: string | null;
  readonly userHandle: string | null;
  readonly sessionId: string | null;
  readonly rpId: string;
  readonly origins: readonly string[];
  readonly userVerification: 'required' | 'preferred' | 'discouraged';
  readonly createdAt: number;
  readonly expiresAt: number;
}

function toChallenge(r: Selectable<FidoChallengeTable>): StoredChallenge {
  return {
    requestId: r.id, challenge: r.challenge, serviceId: r.service_id, purpose: r.purpose as CeremonyPurpose,
    accountName: r.account_name, email: r.email, userHandle: r.user_handle, sessionId: r.session_id, rpId: r.rp_id,
    origins: JSON.parse(r.origins) as string[],
    userVerification: r.user_verification === 'required' || r.user_verification === 'discouraged' ? r.user_verification : 'preferred',
    createdAt: r.created_at, expiresAt: r.expires_at,
  };
}

export async function insertChallenge(db: Db, c: StoredChallenge): Promise<void> {
  await db.insertInto('fido_challenges').values({
    id: c.requestId, challenge: c.challenge, service_id: c.serviceId, purpose: c.purpose, account_name: c.accountName,
    email: c.email, user_handle: c.userHandle, session_id: c.sessionId, rp_id: c.rpId, origins: JSON.stringify(c.origins),
    user_verification: c.userVerification, created_at: c.createdAt, expires_at: c.expiresAt,
  }).execute();
}

/**
 * Takes a challenge out of the database: the DELETE ... RETURNING is atomic, so of two concurrent uses (on any
 * instances) exactly one gets the row — a challenge is used once, whether the response then verifies or not.
 * Expiry is the caller's check (it reports "expired" rather than "unknown").
 */
export async function consumeChallenge(db: Db, by: { serviceId: number; purpose: CeremonyPurpose } & ({ requestId: string } | { challenge: string })): Promise<StoredChallenge | undefined> {
  let q = db.deleteFrom('fido_challenges').where('service_id', '=', by.serviceId).where('purpose', '=', by.purpose);
  q = 'requestId' in by ? q.where('id', '=', by.requestId) : q.where('challenge', '=', by.challenge);
  const row = await q.returningAll().executeTakeFirst();
  return row && toChallenge(row);
}

export async function purgeExpiredChallenges(db: Db, now: number): Promise<void> {
  await db.deleteFrom('fido_challenges').where('expires_at', '<', now).execute();
}
