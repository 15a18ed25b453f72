import { createHash, hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * spec §1.1: session token = 24 random bytes, base64url, with dashes inserted after characters 8, 12 and 16
 * (UUID-like), so JS7 clients that pattern-match the token keep working.
 */
export function newSessionToken(): string {
  const s = randomBytes(24).toString('base64url');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16)}`;
}

export function newSessionId(): string {
  return randomUUID();
}

/** Only this digest is stored; lookups by digest need no constant-time compare (the digest is not a secret). */
export function hashToken(token: string): string {
  // crypto.hash: the one-shot digest, without a Hash object per call (every login and every uncached session lookup).
  return hash('sha256', token, 'base64url');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Constant-time string comparison (lengths are compared via digests so they do not leak either). */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/** A password the rescue command prints once: 20 characters from an unambiguous alphabet. */
export function newOneTimePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
