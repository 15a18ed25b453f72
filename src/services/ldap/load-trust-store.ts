import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TruststoreType } from './ldap-settings-types.js';

/**
 * The CA certificates an LDAP service trusts (`iamLdapTruststorePath`), as PEM text for `tls.connect({ca})`.
 * - `PEM`: a file of one or more `BEGIN CERTIFICATE` blocks;
 * - `PKCS12`: a trust store as Java's keytool writes it (certificates only, password protected). Node cannot read
 *   a PKCS12 file without a private key, so it is converted once with the `openssl` CLI (password passed through
 *   the child's environment, never its command line) and cached until the file changes.
 * A relative path is resolved against the working directory. JKS is not readable outside Java: convert it with
 * `keytool -importkeystore -srcstoretype JKS -deststoretype PKCS12`.
 */
export class TrustStoreError extends Error {
  override readonly name = 'TrustStoreError';
}

const cache = new Map<string, string>();
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function loadTrustStore(file: string, type: TruststoreType, password: string | undefined): string {
  const resolved = path.resolve(file);
  let stat;
  try {
    stat = statSync(resolved);
  } catch {
    throw new TrustStoreError(`trust store ${resolved} cannot be read`);
  }
  const key = [resolved, type, stat.mtimeMs, stat.size, createHash('sha256').update(password ?? '').digest('hex')].join('|');
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const pem = type === 'PEM' ? readPem(resolved) : readPkcs12(resolved, password ?? '');
  const certs = pem.match(CERT_BLOCK);
  if (certs === null) throw new TrustStoreError(`trust store ${resolved} holds no certificate`);
  const bundle = certs.join('\n') + '\n';
  if (cache.size > 100) cache.clear();
  cache.set(key, bundle);
  return bundle;
}

function readPem(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new TrustStoreError(`trust store ${file} cannot be read`);
  }
}

function readPkcs12(file: string, password: string): string {
  const run = (legacy: boolean): string => execFileSync('openssl', ['pkcs12', '-in', file, '-nokeys', '-passin', 'env:KEYWARD_P12_PASSWORD', ...(legacy ? ['-legacy'] : [])], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', KEYWARD_P12_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10_000,
    encoding: 'utf8',
  });
  try {
    return run(false);
  } catch (first) {
    const detail = stderrOf(first);
    if (/invalid password|mac verify/i.test(detail)) throw new TrustStoreError(`trust store ${file}: wrong password (iamLdapTruststorePassword)`);
    try {
      return run(true); // old RC2/3DES-encrypted files need OpenSSL 3's legacy provider
    } catch (second) {
      const reason = stderrOf(second) || detail || (second instanceof Error ? second.message : String(second));
      throw new TrustStoreError(`trust store ${file} is not a readable PKCS12 file: ${reason.split('\n')[0] ?? ''}`);
    }
  }
}

function stderrOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'stderr' in err) {
    const s = (err as { stderr: unknown }).stderr;
    return typeof s === 'string' ? s.trim() : Buffer.isBuffer(s) ? s.toString('utf8').trim() : '';
  }
  return '';
}
