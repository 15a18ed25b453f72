import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testPki, type ClientName } from '../../support/certificates.js';
import { curlLogin, lastLogin, lastLoginMessages, nodeLogin, startCertificateKeyward, type CertificateKeyward } from './helpers.js';

/**
 * Every certificate below carries CN=alice, an enabled account with roles, and comes from a configured CA unless the
 * case says otherwise: only the property under test differs from alice's good certificate, which logs in on the same
 * server (the control case). Each refusal is a 401 "Access denied" for the client and a reason in the login history.
 */
describe('CERTIFICATE rejections, each recorded in the login history with its reason (CRL checking on)', () => {
  let env: CertificateKeyward;
  before(async () => {
    const p = await testPki();
    // Two CA files, comma-separated (the other tests use one bundle file).
    env = await startCertificateKeyward({ env: { KEYWARD_TLS_CLIENT_CA: `${p.rootCa},${p.intermediateCa}`, KEYWARD_TLS_CLIENT_CRL: `${p.rootCrl},${p.intermediateCrl}` } });
  });
  after(async () => { await env.stop(); });

  it('control: alice\'s good certificate logs in on this very server', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.alice });
    assert.equal(r.status, 200, JSON.stringify(r.body) + r.error);
    assert.equal(r.body.account, 'alice');
    const bob = await nodeLogin(env, { cert: env.pki.clients.bob });
    assert.equal(bob.status, 200, 'the intermediate CA has its CRL too');
  });

  const cases: [ClientName, RegExp][] = [
    ['expired', /certificate rejected: expired: certificate expired at/],
    ['notYetValid', /certificate rejected: not yet valid: certificate is valid from/],
    ['serverAuthOnly', /certificate rejected: wrong usage: extendedKeyUsage serverAuth lacks clientAuth/],
    ['noEku', /certificate rejected: wrong usage: the certificate has no extendedKeyUsage/],
    ['noDigitalSignature', /certificate rejected: wrong usage: keyUsage keyEncipherment lacks digitalSignature/],
    ['revoked', /certificate rejected: revoked: certificate serial [0-9A-F]+ is revoked by "CN=Keyward Test Root CA/],
    ['otherCa', /certificate rejected: untrusted issuer: /],
    ['selfSigned', /certificate rejected: untrusted issuer: self-signed certificate/],
  ];
  for (const [name, reason] of cases) {
    it(`${name}: refused with curl and with Node, the history records "${reason.source.split(':')[1]?.trim() ?? ''}"`, async () => {
      const r = await curlLogin(env, { cert: env.pki.clients[name] });
      assert.equal(r.exitCode, 0, `the handshake succeeds in want mode, the login is refused: ${r.error}`);
      assert.equal(r.status, 401, JSON.stringify(r.body));
      assert.equal(r.body.message, 'Access denied');
      assert.equal(r.body.accessToken, '');
      const history = await lastLogin(env);
      assert.equal(history.loginSuccess, false);
      // The CN of a refused certificate is not attributed to alice (nor counted against her throttle).
      assert.equal(history.accountName, '*none');
      assert.match(await lastLoginMessages(env), reason);
      const node = await nodeLogin(env, { cert: env.pki.clients[name] });
      assert.equal(node.status, 401, JSON.stringify(node.body) + node.error);
    });
  }
});
