import { createHash } from 'node:crypto';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { Store } from '../../store/index.js';
import { consumeLoginState, countLoginStates, insertLoginState, purgeOidcState } from './oidc-store.js';
import { oidcTuning } from './oidc-tuning.js';

/**
 * The server-kept half of an authorization request (issue: "state kept by the server so that any instance of a
 * cluster can finish it"): `state` is the lookup key (stored as a SHA-256 only), the nonce and the PKCE verifier
 * are sealed with the secret box. Single-use and valid for `oidcTuning.loginStateTtlMs` (10 minutes).
 */
export interface LoginState {
  readonly serviceId: number;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  readonly expiresAt: number;
}

export function hashValue(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

export class TooManyPendingLogins extends Error {}

export async function saveLoginState(store: Store, secrets: SecretBox, state: string, s: Omit<LoginState, 'expiresAt'>, now: number): Promise<void> {
  if (await countLoginStates(store.db) >= oidcTuning.maxPendingLoginStates) {
    await purgeOidcState(store.db, now);
    if (await countLoginStates(store.db) >= oidcTuning.maxPendingLoginStates) throw new TooManyPendingLogins('too many pending OIDC logins');
  }
  await insertLoginState(store.db, hashValue(state), {
    serviceId: s.serviceId,
    sealed: secrets.encrypt(JSON.stringify({ nonce: s.nonce, codeVerifier: s.codeVerifier })),
    redirectUri: s.redirectUri,
    createdAt: now,
    expiresAt: now + oidcTuning.loginStateTtlMs,
  });
}

/** Removes the state from the store and returns it (also when expired, so the caller can say so); undefined = unknown or used. */
export async function takeLoginState(store: Store, secrets: SecretBox, state: string): Promise<LoginState | undefined> {
  const row = await consumeLoginState(store.db, hashValue(state));
  if (row === undefined) return undefined;
  const { nonce, codeVerifier } = JSON.parse(secrets.decrypt(row.sealed)) as { nonce: string; codeVerifier: string };
  return { serviceId: row.serviceId, nonce, codeVerifier, redirectUri: row.redirectUri, expiresAt: row.expiresAt };
}

/**
 * OIDC as the first factor of a TWO-FACTOR service with a FIDO second factor: the first request answers "second
 * factor needed", and the second request (X-1ST-IDENTITY-SERVICE) must present the first factor again — but the
 * authorization code and the state are single-use. So the verified first factor is kept for a few minutes under the
 * login's `state` (which only the browser that made the login holds), sealed, single-use.
 */
const FIRST_FACTOR_TTL_MS = 5 * 60_000;

export async function saveFirstFactor(store: Store, secrets: SecretBox, state: string, s: { serviceId: number; redirectUri: string; outcome: unknown }, now: number): Promise<void> {
  await insertLoginState(store.db, hashValue(`first-factor:${state}`), {
    serviceId: s.serviceId, sealed: secrets.encrypt(JSON.stringify(s.outcome)), redirectUri: s.redirectUri, createdAt: now, expiresAt: now + FIRST_FACTOR_TTL_MS,
  });
}

export async function takeFirstFactor(store: Store, secrets: SecretBox, state: string): Promise<{ serviceId: number; redirectUri: string; expiresAt: number; outcome: unknown } | undefined> {
  const row = await consumeLoginState(store.db, hashValue(`first-factor:${state}`));
  return row && { serviceId: row.serviceId, redirectUri: row.redirectUri, expiresAt: row.expiresAt, outcome: JSON.parse(secrets.decrypt(row.sealed)) as unknown };
}
