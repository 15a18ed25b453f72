import { pbkdf2 as pbkdf2Callback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { withHashSlot } from './hash-slots.js';

const pbkdf2 = promisify(pbkdf2Callback);

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet parameters (m = 19 MiB, t = 2, p = 1).
 * Exported so the benchmark compares a login against a raw verify at exactly these parameters.
 */
export const ARGON2_OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => argon2Hash(password, ARGON2_OPTIONS));
}

export type PasswordCheck = { ok: false } | { ok: true; needsRehash: boolean };

const JS7_PREFIX = '$JS7-1.0$';
/** spec §4.3: the constant appended to the random salt by JS7. */
const JS7_SALT_SUFFIX = Buffer.from('Open Source JobScheduler', 'ascii');

/**
 * Verifies a password against a stored hash: Argon2id (ours) or JS7's `$JS7-1.0$<iterations>$<salt>$<hash>`
 * PBKDF2-HMAC-SHA512 format (imported accounts; `needsRehash` tells the caller to store an Argon2id hash instead).
 * The JS7 pass-the-hash quirk does not exist here: the submitted password is always hashed, never compared as a hash,
 * and comparisons are constant-time.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<PasswordCheck> {
  if (stored === null || stored === '' || password === '') return { ok: false };
  if (stored.startsWith('$argon2')) {
    try {
      const ok = await withHashSlot(() => argon2Verify(stored, password));
      return ok ? { ok: true, needsRehash: !stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$') } : { ok: false };
    } catch {
      return { ok: false };
    }
  }
  if (stored.startsWith(JS7_PREFIX)) return verifyJs7Password(password, stored);
  return { ok: false };
}

async function verifyJs7Password(password: string, stored: string): Promise<PasswordCheck> {
  const parts = stored.slice(JS7_PREFIX.length).split('$');
  if (parts.length !== 3) return { ok: false };
  const [iterText, saltText, hashText] = parts as [string, string, string];
  const iterations = Number(iterText);
  if (!Number.isInteger(iterations) || iterations < 1000 || iterations > 10_000_000) return { ok: false };
  const salt = Buffer.from(saltText, 'base64');
  const expected = Buffer.from(hashText, 'base64');
  if (salt.length === 0 || expected.length === 0) return { ok: false };
  const actual = await withHashSlot(() => pbkdf2(Buffer.from(password, 'utf8'), Buffer.concat([salt, JS7_SALT_SUFFIX]), iterations, expected.length, 'sha512'));
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? { ok: true, needsRehash: true } : { ok: false };
}

/** Produces a JS7-format hash; only for tests and for exporting to JS7 (spec §4.3). */
export async function hashJs7Password(password: string, salt: Buffer, iterations = 65536): Promise<string> {
  const h = await pbkdf2(Buffer.from(password, 'utf8'), Buffer.concat([salt, JS7_SALT_SUFFIX]), iterations, 64, 'sha512');
  return `${JS7_PREFIX}${iterations}$${salt.toString('base64')}$${h.toString('base64')}`;
}

/**
 * A hash that no password verifies against, computed once: unknown accounts still cost one Argon2 verify, so the
 * response time does not reveal whether an account exists.
 */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('keyward-timing-equaliser-' + Math.random().toString(36));
  await verifyPassword(password || 'x', await dummyHash);
}
