import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Test PKI for the LDAP fixture, made with the `openssl` CLI: a CA, a server certificate for `localhost` signed by it
 * (DNS SAN only, so `127.0.0.1` fails hostname verification on purpose), a second CA that signed nothing the server
 * uses (the "untrusted" case), and PKCS12 trust stores of the CA (one made like `keytool` would: certificate only).
 */
export interface LdapTestPki {
  readonly dir: string;
  readonly caFile: string;
  readonly caPem: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** PEM of a CA that did not sign the server certificate. */
  readonly otherCaFile: string;
  /** PKCS12 trust store (certificate only) holding the CA, password `changeit`. */
  readonly caP12File: string;
  readonly caP12Password: string;
}

export function createLdapTestPki(dir: string): LdapTestPki {
  mkdirSync(dir, { recursive: true });
  const f = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => { execFileSync('openssl', args, { stdio: 'pipe' }); };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=Keyward LDAP Test CA');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('other-ca.key'), '-out', f('other-ca.crt'), '-days', '2', '-subj', '/CN=Some Other CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(f('server.ext'), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
  openssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.crt'), '-days', '2', '-extfile', f('server.ext'));
  openssl('pkcs12', '-export', '-nokeys', '-in', f('ca.crt'), '-out', f('ca.p12'), '-passout', 'pass:changeit');
  return {
    dir,
    caFile: f('ca.crt'),
    caPem: readFileSync(f('ca.crt'), 'utf8'),
    serverCertFile: f('server.crt'),
    serverKeyFile: f('server.key'),
    otherCaFile: f('other-ca.crt'),
    caP12File: f('ca.p12'),
    caP12Password: 'changeit',
  };
}
