import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testPki } from '../../support/certificates.js';
import { startKeyward } from '../../support/keyward-server.js';
import { CERT_SERVICE, curlLogin, lastLogin, lastLoginMessages, nodeLogin, startCertificateKeyward, type CertificateKeyward } from './helpers.js';

/**
 * The attack: get a certificate whose subject says CN=alice from a CA Keyward does not trust — another CA (here
 * one with the very same subject DN as Keyward's root, so the issuer *name* matches too) or one's own self-signed
 * certificate — and log in as alice. JS7 relies on Jetty for this; Keyward checks every signature itself and also
 * requires the TLS layer to have verified the chain.
 */
describe('attack: a certificate with a real account\'s CN from an untrusted CA', () => {
  let env: CertificateKeyward;
  before(async () => { env = await startCertificateKeyward(); });
  after(async () => { await env.stop(); });

  for (const forged of ['otherCa', 'selfSigned'] as const) {
    it(`${forged}: no session for alice, the history names the untrusted issuer and does not blame alice`, async () => {
      const r = await curlLogin(env, { cert: env.pki.clients[forged] });
      assert.equal(r.status, 401, JSON.stringify(r.body));
      assert.equal(r.body.accessToken, '');
      assert.notEqual(r.body.account, 'alice');
      const history = await lastLogin(env);
      assert.equal(history.accountName, '*none');
      assert.match(await lastLoginMessages(env), /certificate rejected: untrusted issuer: .*presented subject "CN=alice/);
      const sessions = await env.api('/joc/api/iam/sessions', { accountName: 'alice' });
      assert.deepEqual(sessions.body.activeSessions, []);
    });
  }

  it('control: alice\'s genuine certificate logs in on the same server', async () => {
    const r = await nodeLogin(env, { cert: env.pki.clients.alice });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.account, 'alice');
    assert.equal(r.body.identityService, `CERTIFICATE:${CERT_SERVICE}`);
  });
});

describe('attack: untrusted certificates in need mode are refused in the handshake', () => {
  let env: CertificateKeyward;
  before(async () => { env = await startCertificateKeyward({ env: { KEYWARD_TLS_CLIENT_AUTH: 'need' } }); });
  after(async () => { await env.stop(); });

  it('curl and Node cannot even complete a request with the other CA\'s or a self-signed CN=alice', async () => {
    for (const forged of ['otherCa', 'selfSigned'] as const) {
      const c = await curlLogin(env, { cert: env.pki.clients[forged] });
      assert.notEqual(c.exitCode, 0, `curl must fail below HTTP, got ${c.status ?? ''} ${JSON.stringify(c.body)}`);
      assert.equal(c.status, undefined);
      const n = await nodeLogin(env, { cert: env.pki.clients[forged] });
      assert.equal(n.exitCode, 1, `Node must fail below HTTP, got ${n.status ?? ''}`);
    }
    const good = await curlLogin(env, { cert: env.pki.clients.alice });
    assert.equal(good.status, 200, 'control: the genuine certificate passes the handshake and logs in');
  });
});

describe('configuration: a client CA file that is not a CA stops the start', () => {
  it('refuses to start with a leaf certificate as KEYWARD_TLS_CLIENT_CA', async () => {
    const pki = await testPki();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keyward-test-'));
    try {
      await assert.rejects(startKeyward({ env: { KEYWARD_DATA_DIR: dataDir, KEYWARD_TLS_CERT: pki.server.cert, KEYWARD_TLS_KEY: pki.server.key, KEYWARD_TLS_CLIENT_CA: pki.clients.alice.cert } }),
        /KEYWARD_TLS_CLIENT_CA: .* neither a CA nor a self-signed client certificate/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
