import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A test PKI made with the `openssl` CLI (3.0: `openssl x509 -req` has no `-not_before`, so every client certificate
 * is issued with `openssl ca`, which takes `-startdate`/`-enddate` and keeps the index that `-revoke`/`-gencrl`
 * need). Async on purpose: a test that starts Keyward in its own process must not block the event loop.
 *
 * - `root`: RSA root CA; `intermediate`: EC CA under root (pathlen 0); `other`: an unrelated CA with the very same
 *   subject DN as `root` (so only signature checks tell them apart).
 * - `server`: EC server certificate for `localhost` and `127.0.0.1` (serverAuth), also as PKCS12.
 * - clients (each `<name>.crt`, `<name>.key`): `alice` (RSA, root), `alice.p12` (PKCS12 with chain), `bob` (EC, via
 *   the intermediate; `bob.chain.pem` = leaf + intermediate), `dave` (valid, no account), and rejects that all carry
 *   **CN=alice**, so only the property under test differs from the good `alice`: `expired`, `notYetValid`,
 *   `serverAuthOnly` (EKU serverAuth), `noEku` (no extendedKeyUsage), `noDigitalSignature` (keyUsage
 *   keyEncipherment), `revoked` (listed in `root.crl.pem`), `otherCa` (same CN from `other`), `selfSigned`.
 * - CRLs: `root.crl.pem` (revokes `revoked`; also as DER), `intermediate.crl.pem` (empty), both valid 2 days;
 *   `root.stale.crl.pem`: a CRL whose nextUpdate has passed; `root.revokes-intermediate.crl.pem`: also revokes the
 *   intermediate CA.
 */
export interface TestPki {
  readonly dir: string;
  readonly rootCa: string;
  readonly intermediateCa: string;
  /** root + intermediate in one PEM file (what KEYWARD_TLS_CLIENT_CA points at). */
  readonly clientCaBundle: string;
  readonly otherCa: string;
  readonly server: KeyPair;
  readonly serverP12: string;
  readonly serverP12Password: string;
  readonly rootCrl: string;
  readonly intermediateCrl: string;
  readonly staleRootCrl: string;
  /** `rootCrl` in DER. */
  readonly rootCrlDer: string;
  /** A later root CRL that also revokes the intermediate CA. */
  readonly rootCrlRevokingIntermediate: string;
  readonly clients: Readonly<Record<ClientName, KeyPair>>;
  readonly aliceP12: string;
  readonly aliceP12Password: string;
  /** bob's leaf followed by the intermediate CA, for clients that must send the chain. */
  readonly bobChain: string;
}

export interface KeyPair { readonly cert: string; readonly key: string }

export type ClientName =
  | 'alice' | 'bob' | 'dave' | 'erin' | 'expired' | 'notYetValid' | 'serverAuthOnly' | 'noEku' | 'noDigitalSignature'
  | 'revoked' | 'otherCa' | 'selfSigned';

const CLIENT_EXT = 'keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n';
const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n';

let cached: Promise<TestPki> | undefined;

/** The PKI of this test process (made once, ~1 s). */
export function testPki(): Promise<TestPki> {
  cached ??= createTestPki(mkdtempSync(path.join(tmpdir(), 'keyward-pki-')));
  return cached;
}

export async function createTestPki(dir: string): Promise<TestPki> {
  const f = (name: string): string => path.join(dir, name);
  const openssl = async (...args: string[]): Promise<void> => {
    try {
      await run('openssl', args, { cwd: dir });
    } catch (err) {
      throw new Error(`openssl ${args.join(' ')} failed: ${(err as { stderr?: string }).stderr ?? String(err)}`);
    }
  };
  const ext = (name: string, text: string): string => { writeFileSync(f(`${name}.ext`), text); return f(`${name}.ext`); };
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];

  // Root (RSA) and unrelated CA (EC), self-signed.
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('root.key'), '-out', f('root.crt'), '-days', '3',
    '-subj', '/CN=Keyward Test Root CA/O=Keyward Tests', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  await openssl('req', '-x509', ...ecKey, '-nodes', '-keyout', f('other.key'), '-out', f('other.crt'), '-days', '3',
    '-subj', '/CN=Keyward Test Root CA/O=Keyward Tests', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');

  const caDb = (ca: string): string => {
    const d = f(`${ca}-db`);
    mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, 'index.txt'), '');
    writeFileSync(path.join(d, 'index.txt.attr'), 'unique_subject = no\n');
    writeFileSync(path.join(d, 'crlnumber'), '1000\n');
    writeFileSync(f(`${ca}.cnf`), [
      '[ca]', 'default_ca = this', '[this]', `dir = ${d}`, 'database = $dir/index.txt', 'new_certs_dir = $dir',
      'serial = $dir/serial', 'crlnumber = $dir/crlnumber', `certificate = ${f(`${ca}.crt`)}`, `private_key = ${f(`${ca}.key`)}`,
      'default_md = sha256', 'default_days = 2', 'default_crl_days = 2', 'policy = anything', 'unique_subject = no',
      'copy_extensions = none', '[anything]', 'commonName = supplied', 'organizationName = optional', 'emailAddress = optional', '',
    ].join('\n'));
    return f(`${ca}.cnf`);
  };
  const stamp = (offsetMs: number): string => new Date(Date.now() + offsetMs).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  const day = 86_400_000;
  let serial = 0x1000;
  const issue = async (ca: string, csr: string, out: string, extFile: string, dates: { start?: string; end?: string } = {}): Promise<void> => {
    writeFileSync(path.join(f(`${ca}-db`), 'serial'), `${(serial++).toString(16).toUpperCase()}\n`);
    // Valid from an hour ago, so a clock read just before issuing is inside the validity period.
    await openssl('ca', '-batch', '-notext', '-config', f(`${ca}.cnf`), '-in', csr, '-out', out, '-extfile', extFile,
      '-startdate', dates.start ?? stamp(-3_600_000), '-enddate', dates.end ?? stamp(2 * day));
  };
  const request = async (name: string, subject: string, rsa = false): Promise<string> => {
    await openssl('req', '-new', ...(rsa ? ['-newkey', 'rsa:2048'] : ecKey), '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', subject);
    return f(`${name}.csr`);
  };
  caDb('root');
  caDb('other');

  // Intermediate (EC) under root.
  await issue('root', await request('intermediate', '/CN=Keyward Test Issuing CA/O=Keyward Tests'), f('intermediate.crt'),
    ext('intermediate', CA_EXT.replace('CA:TRUE', 'CA:TRUE,pathlen:0')));
  caDb('intermediate');

  // Server certificate for localhost / 127.0.0.1.
  await issue('root', await request('server', '/CN=localhost'), f('server.crt'),
    ext('server', 'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n'));
  await openssl('pkcs12', '-export', '-in', f('server.crt'), '-inkey', f('server.key'), '-certfile', f('root.crt'), '-out', f('server.p12'), '-passout', 'pass:server-p12');

  const clientExt = ext('client', CLIENT_EXT);
  await issue('root', await request('alice', '/CN=alice/O=Keyward Tests/emailAddress=alice@example.org', true), f('alice.crt'),
    ext('alice', `${CLIENT_EXT}subjectAltName=email:alice@example.org\n`));
  await openssl('pkcs12', '-export', '-in', f('alice.crt'), '-inkey', f('alice.key'), '-certfile', f('root.crt'), '-name', 'alice',
    '-out', f('alice.p12'), '-passout', 'pass:alice-p12');
  await issue('intermediate', await request('bob', '/CN=bob/O=Keyward Tests'), f('bob.crt'), clientExt);
  await issue('root', await request('dave', '/CN=dave'), f('dave.crt'), clientExt);
  await issue('intermediate', await request('erin', '/CN=erin'), f('erin.crt'), clientExt);

  await issue('root', await request('expired', '/CN=alice/O=Expired'), f('expired.crt'), clientExt, { start: stamp(-3 * day), end: stamp(-day) });
  await issue('root', await request('notYetValid', '/CN=alice/O=Not Yet Valid'), f('notYetValid.crt'), clientExt, { start: stamp(2 * day), end: stamp(4 * day) });
  await issue('root', await request('serverAuthOnly', '/CN=alice/O=Server Auth Only'), f('serverAuthOnly.crt'),
    ext('serverAuthOnly', 'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n'));
  await issue('root', await request('noEku', '/CN=alice/O=No EKU'), f('noEku.crt'), ext('noEku', 'keyUsage=critical,digitalSignature\n'));
  await issue('root', await request('noDigitalSignature', '/CN=alice/O=No digitalSignature', true), f('noDigitalSignature.crt'),
    ext('noDigitalSignature', 'keyUsage=critical,keyEncipherment\nextendedKeyUsage=clientAuth\n'));
  await issue('root', await request('revoked', '/CN=alice/O=Revoked'), f('revoked.crt'), clientExt);
  await issue('other', await request('otherCa', '/CN=alice/O=Keyward Tests'), f('otherCa.crt'), clientExt);
  await openssl('req', '-x509', ...ecKey, '-nodes', '-keyout', f('selfSigned.key'), '-out', f('selfSigned.crt'), '-days', '2',
    '-subj', '/CN=alice/O=Keyward Tests', '-addext', 'keyUsage=critical,digitalSignature', '-addext', 'extendedKeyUsage=clientAuth');

  // CRLs: root revokes `revoked`; the intermediate's is empty; a stale one whose nextUpdate is in the past.
  await openssl('ca', '-config', f('root.cnf'), '-revoke', f('revoked.crt'), '-crl_reason', 'keyCompromise');
  await openssl('ca', '-config', f('root.cnf'), '-gencrl', '-crldays', '2', '-out', f('root.crl.pem'));
  await openssl('ca', '-config', f('intermediate.cnf'), '-gencrl', '-crldays', '2', '-out', f('intermediate.crl.pem'));
  await openssl('ca', '-config', f('root.cnf'), '-gencrl', '-crl_lastupdate', stamp(-2 * day), '-crl_nextupdate', stamp(-day), '-out', f('root.stale.crl.pem'));
  await openssl('crl', '-in', f('root.crl.pem'), '-outform', 'DER', '-out', f('root.crl.der'));
  await openssl('ca', '-config', f('root.cnf'), '-revoke', f('intermediate.crt'), '-crl_reason', 'cACompromise');
  await openssl('ca', '-config', f('root.cnf'), '-gencrl', '-crldays', '2', '-out', f('root.revokes-intermediate.crl.pem'));

  writeFileSync(f('client-ca.pem'), readFileSync(f('root.crt'), 'utf8') + readFileSync(f('intermediate.crt'), 'utf8'));
  writeFileSync(f('bob.chain.pem'), readFileSync(f('bob.crt'), 'utf8') + readFileSync(f('intermediate.crt'), 'utf8'));

  const pair = (name: string): KeyPair => ({ cert: f(`${name}.crt`), key: f(`${name}.key`) });
  const names: ClientName[] = ['alice', 'bob', 'dave', 'erin', 'expired', 'notYetValid', 'serverAuthOnly', 'noEku', 'noDigitalSignature', 'revoked', 'otherCa', 'selfSigned'];
  return {
    dir,
    rootCa: f('root.crt'),
    intermediateCa: f('intermediate.crt'),
    clientCaBundle: f('client-ca.pem'),
    otherCa: f('other.crt'),
    server: pair('server'),
    serverP12: f('server.p12'),
    serverP12Password: 'server-p12',
    rootCrl: f('root.crl.pem'),
    intermediateCrl: f('intermediate.crl.pem'),
    staleRootCrl: f('root.stale.crl.pem'),
    rootCrlDer: f('root.crl.der'),
    rootCrlRevokingIntermediate: f('root.revokes-intermediate.crl.pem'),
    clients: Object.fromEntries(names.map((n) => [n, pair(n)])) as Record<ClientName, KeyPair>,
    aliceP12: f('alice.p12'),
    aliceP12Password: 'alice-p12',
    bobChain: f('bob.chain.pem'),
  };
}
