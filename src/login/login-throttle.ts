import { clearThrottle, readThrottle, recordThrottleFailure, type Store } from '../store/index.js';
import { addressKey } from './address-key.js';

/**
 * Failed-login throttling per account name and per caller IP, kept in the database so every instance sees the
 * same counters (spec §4.5 and §5.7 fixed). After two free failures each further failure doubles a waiting window
 * (1 s, 2 s, 4 s ... at most 30 s; an address gets ten free failures) during which that account/IP is answered "Access denied" at once, without
 * checking the password. Nothing is serialised: other accounts and addresses are never slowed down, unlike JS7's
 * synchronised login method.
 */
/**
 * An address gets more free failures than an account: many honest users can share one address (NAT, a proxy),
 * while one account is one person.
 */
export const THROTTLE = { freeAccountFailures: 2, freeAddressFailures: 10, baseMs: 1000, maxMs: 30_000, forgetAfterMs: 15 * 60_000 } as const;

export function backoffMs(failures: number, freeFailures: number = THROTTLE.freeAccountFailures): number {
  if (failures <= freeFailures) return 0;
  return Math.min(THROTTLE.maxMs, THROTTLE.baseMs * 2 ** (failures - freeFailures - 1));
}

export function throttleKeys(accountName: string | undefined, ip: string): string[] {
  // An IPv6 caller is counted by its /64, from which it could otherwise take a fresh address for every attempt.
  const keys = [`ip:${addressKey(ip)}`];
  if (accountName !== undefined && accountName !== '') keys.push(`account:${accountName.toLowerCase()}`);
  return keys;
}

/** Milliseconds until the caller may try again (0 = now). */
export async function throttleWaitMs(store: Store, keys: readonly string[], now: number): Promise<number> {
  return (await throttleState(store, keys, now)).waitMs;
}

/** The wait, and whether the account has a failure counter at all (a success then needs to clear it). */
export async function throttleState(store: Store, keys: readonly string[], now: number): Promise<{ waitMs: number; accountCounted: boolean }> {
  const states = await readThrottle(store.db, keys);
  let wait = 0;
  for (const [key, s] of states) {
    if (now - s.lastFailureAt > THROTTLE.forgetAfterMs) continue;
    const free = key.startsWith('ip:') ? THROTTLE.freeAddressFailures : THROTTLE.freeAccountFailures;
    wait = Math.max(wait, s.lastFailureAt + backoffMs(s.failures, free) - now);
  }
  return { waitMs: wait, accountCounted: [...states.keys()].some((k) => k.startsWith('account:')) };
}

export async function recordLoginFailure(store: Store, keys: readonly string[], now: number): Promise<void> {
  for (const key of keys) await recordThrottleFailure(store.db, key, now, now - THROTTLE.forgetAfterMs);
}

/** A success clears the account's counter, not the address's (one valid account must not reset an attacker's IP). */
export async function recordLoginSuccess(db: Store['db'], accountName: string): Promise<void> {
  await clearThrottle(db, [`account:${accountName.toLowerCase()}`]);
}
