import { createHash, hash, randomBytes, randomFillSync, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * spec §1.1: session token = 24 random bytes, base64url, with dashes inserted after characters 8, 12 and 16
 * (UUID-like), so JS7 clients that pattern-match the token keep working.
 */
export function newSessionToken(): string {
  const s = randomBase64url(24);
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
  return randomBase64url(bytes);
}

/**
 * Random bytes for tokens come from a pool refilled by the CSPRNG, as Node does for randomUUID: a synchronous
 * randomBytes() call builds a crypto job each time (~3 µs against ~0.3 µs from the pool; every login makes a
 * token). Bytes are handed out once and zeroed when taken, so no token can be read from the pool afterwards.
 */
const POOL = Buffer.alloc(4096);
let poolOffset = POOL.length;

function randomBase64url(bytes: number): string {
  if (bytes > POOL.length) return randomBytes(bytes).toString('base64url');
  if (poolOffset + bytes > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const text = POOL.toString('base64url', poolOffset, poolOffset + bytes);
  POOL.fill(0, poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return text;
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
