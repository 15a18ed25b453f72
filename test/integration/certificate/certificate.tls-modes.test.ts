import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { testPki, type TestPki } from '../../support/certificates.js';
import { startKeyward } from '../../support/keyward-server.js';
import { curlLogin, lastLoginMessages, nodeLogin, startCertificateKeyward, type CertificateKeyward } from './helpers.js';

/** A TLS connection attempt with the given protocol range; resolves to the negotiated protocol or the error code. */
function handshake(port: number, ca: Buffer, range: { minVersion: tls.SecureVersion; maxVersion: tls.SecureVersion }): Promise<string> {
  return new Promise((resolve) => {
    // SECLEVEL=0 lets this client speak TLS 1.0/1.1 at all, so only the server can be the one that refuses.
    const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost', ciphers: 'DEFAULT@SECLEVEL=0', ...range }, () => {
      resolve(socket.getProtocol() ?? 'unknown');
      socket.end();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(`error ${err.code ?? err.message}`));
  });
}

describe('KEYWARD_TLS_CLIENT_AUTH=need: no certificate, no connection', () => {
  let env: CertificateKeyward;
  before(async () => { env = await startCertificateKeyward({ env: { KEYWARD_TLS_CLIENT_AUTH: 'need' } }); });
  after(async () => { await env.stop(); });

  it('curl and Node without a certificate fail in the TLS layer, not with an HTTP status', async () => {
    const c = await curlLogin(env, { basic: ['root', 'root-Secret-1'] });
    assert.notEqual(c.exitCode, 0, `curl got through: ${c.status ?? ''}`);
    assert.equal(c.status, undefined);
    assert.match(c.error, /alert|certificate|reset|SSL/i);
    const n = await nodeLogin(env, { basic: ['root', 'root-Secret-1'] });
    assert.equal(n.exitCode, 1, `Node got through: ${n.status ?? ''}`);
  });

  it('a valid certificate passes the handshake and logs in; an expired one does not even connect', async () => {
    const alice = await curlLogin(env, { cert: env.pki.clients.alice });
    assert.equal(alice.status, 200, JSON.stringify(alice.body) + alice.error);
    const expired = await nodeLogin(env, { cert: env.pki.clients.expired });
    assert.equal(expired.exitCode, 1, `expected a TLS failure, got ${expired.status ?? ''}`);
  });

  it('stricter than the handshake: a certificate without extendedKeyUsage connects but cannot log in', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.noEku });
    assert.equal(r.exitCode, 0, `OpenSSL accepts a certificate without EKU: ${r.error}`);
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /wrong usage: the certificate has no extendedKeyUsage/);
  });
});

describe('TLS 1.2 is the minimum', () => {
  let env: CertificateKeyward;
  let pki: TestPki;
  before(async () => { env = await startCertificateKeyward(); pki = env.pki; });
  after(async () => { await env.stop(); });

  it('TLS 1.1 and 1.0 are refused, 1.2 and 1.3 are accepted', async () => {
    const port = Number(new URL(env.url).port);
    const ca = readFileSync(pki.rootCa);
    assert.match(await handshake(port, ca, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }), /^error /);
    assert.match(await handshake(port, ca, { minVersion: 'TLSv1', maxVersion: 'TLSv1' }), /^error /);
    assert.equal(await handshake(port, ca, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }), 'TLSv1.2');
    assert.equal(await handshake(port, ca, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }), 'TLSv1.3');
  });

  it('control: the same client does complete TLS 1.1 with a server that allows it', async () => {
    const server = tls.createServer({ key: readFileSync(pki.server.key), cert: readFileSync(pki.server.cert), minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, (s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      assert.equal(await handshake(port, readFileSync(pki.rootCa), { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }), 'TLSv1.1');
    } finally {
      server.close();
    }
  });
});

describe('KEYWARD_TLS_PFX: server certificate and key from PKCS12', () => {
  let env: CertificateKeyward;
  before(async () => {
    const p = await testPki();
    env = await startCertificateKeyward({ env: { KEYWARD_TLS_CERT: '', KEYWARD_TLS_KEY: '', KEYWARD_TLS_PFX: p.serverP12, KEYWARD_TLS_PFX_PASSWORD: p.serverP12Password } });
  });
  after(async () => { await env.stop(); });

  it('curl verifies the server against the root CA and logs in with a client certificate', async () => {
    assert.match(env.url, /^https:/);
    const r = await curlLogin(env, { cert: env.pki.clients.alice });
    assert.equal(r.exitCode, 0, r.error);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.account, 'alice');
  });

  it('a wrong PKCS12 password stops the start', async () => {
    const p = await testPki();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keyward-test-'));
    try {
      await assert.rejects(startKeyward({ env: { KEYWARD_DATA_DIR: dataDir, KEYWARD_TLS_PFX: p.serverP12, KEYWARD_TLS_PFX_PASSWORD: 'wrong' } }), /mac verify failure|password|decrypt/i);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('CRL files are re-read when they change, and fail closed when they cannot be used', () => {
  let env: CertificateKeyward;
  let crlFile: string;
  let dir: string;
  before(async () => {
    const p = await testPki();
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-crl-'));
    crlFile = path.join(dir, 'root.crl.pem');
    copyFileSync(p.rootCrl, crlFile);
    env = await startCertificateKeyward({ env: { KEYWARD_TLS_CLIENT_CRL: `${crlFile},${p.intermediateCrl}` } });
  });
  after(async () => { await env.stop(); rmSync(dir, { recursive: true, force: true }); });

  it('a new CRL revoking the intermediate CA takes effect without a restart; a broken file refuses everybody', async () => {
    assert.equal((await nodeLogin(env, { cert: env.pki.clients.bob })).status, 200, 'bob logs in under the first CRL');
    copyFileSync(env.pki.rootCrlRevokingIntermediate, crlFile);
    const bob = await nodeLogin(env, { cert: env.pki.clients.bob });
    assert.equal(bob.status, 401, JSON.stringify(bob.body));
    assert.match(await lastLoginMessages(env), /certificate rejected: revoked: issuing CA "CN=Keyward Test Issuing CA/);
    writeFileSync(crlFile, 'not a CRL any more');
    const alice = await nodeLogin(env, { cert: env.pki.clients.alice });
    assert.equal(alice.status, 401, JSON.stringify(alice.body));
    assert.match(await lastLoginMessages(env), /certificate rejected: revocation status unknown: the CRL files cannot be used/);
    copyFileSync(env.pki.rootCrl, crlFile);
    assert.equal((await nodeLogin(env, { cert: env.pki.clients.alice })).status, 200, 'a good CRL again: back to normal');
  });

  it('a file that is not a CRL of a configured CA stops the start', async () => {
    const p = await testPki();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keyward-test-'));
    try {
      await assert.rejects(startKeyward({ env: { KEYWARD_DATA_DIR: dataDir, KEYWARD_TLS_CERT: p.server.cert, KEYWARD_TLS_KEY: p.server.key, KEYWARD_TLS_CLIENT_CA: p.rootCa, KEYWARD_TLS_CLIENT_CRL: p.intermediateCrl } }),
        /KEYWARD_TLS_CLIENT_CRL: .* not issued \(signed\) by any CA/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
