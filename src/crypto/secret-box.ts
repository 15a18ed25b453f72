import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Encrypts secrets stored in the database (LDAP system password, OIDC client secret, SMTP password, ...) with
 * AES-256-GCM, so a copy of the database alone does not reveal them. Format: `enc:v1:<iv>.<tag>.<ciphertext>`
 * (base64url). GCM authenticates: a tampered value fails to decrypt instead of yielding garbage (unlike JS7's
 * AES-ECB locker, spec §5.7).
 */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  isSealed(value: string): boolean;
}

const PREFIX = 'enc:v1:';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new TypeError('The secret key must be 32 bytes (256 bits)');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
    },
    decrypt(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error('Not an encrypted value');
      const [iv, tag, ct] = sealed.slice(PREFIX.length).split('.');
      if (iv === undefined || tag === undefined || ct === undefined) throw new Error('Malformed encrypted value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
    isSealed: (value) => value.startsWith(PREFIX),
  };
}

/** Reads the key file (base64 or hex or 32 raw bytes), generating it with mode 0600 when absent. */
export function loadOrCreateSecretKey(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const raw = readFileSync(file);
  const text = raw.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const b64 = Buffer.from(text, 'base64');
  if (b64.length === 32) return b64;
  if (raw.length === 32) return raw;
  throw new TypeError(`KEYWARD_SECRET_KEY_FILE ${file} must hold 32 bytes (base64, hex or raw)`);
}
