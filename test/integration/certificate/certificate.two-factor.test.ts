import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { curlLogin, lastLogin, lastLoginMessages, nodeLogin, startCertificateKeyward, type CertificateKeyward } from './helpers.js';

const PASSWORDS = 'Passwords';
const SECOND = 'Client Certificates';
const ALICE_PASSWORD = 'alice-Secret-1';

/**
 * Seed 002 two-factor: a password service (JOC here) configured TWO-FACTOR with a CERTIFICATE service as its second
 * factor. Both travel in one request (spec §1.1 "Basic header over an mTLS connection"), and the certificate's CN
 * must be the account the password authenticated.
 */
describe('CERTIFICATE as the second factor of a TWO-FACTOR password service', () => {
  let env: CertificateKeyward;
  before(async () => {
    env = await startCertificateKeyward();
    const ok = async (path: string, body: Record<string, unknown>): Promise<void> => {
      const r = await env.api(path, body);
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    };
    await ok('/joc/api/iam/identityservice/store', { identityServiceName: SECOND, identityServiceType: 'CERTIFICATE', secondFactor: true });
    await ok('/joc/api/iam/identityservice/store', {
      identityServiceName: PASSWORDS, identityServiceType: 'JOC', serviceAuthenticationScheme: 'TWO-FACTOR', secondFactorIdentityServiceName: SECOND,
    });
    await ok('/joc/api/iam/role/store', { identityServiceName: PASSWORDS, roleName: 'operator' });
    await ok('/joc/api/iam/permissions/store', { identityServiceName: PASSWORDS, roleName: 'operator', permissions: [{ permissionPath: 'sos:products:controller:view' }] });
    for (const account of ['alice', 'bob']) {
      await ok('/joc/api/iam/account/store', { identityServiceName: PASSWORDS, accountName: account, password: ALICE_PASSWORD, roles: ['operator'], forcePasswordChange: false });
    }
    // The single-factor CERTIFICATE service of the fixture would log alice in by certificate alone; this test is
    // about the password service, so that one is disabled.
    await ok('/joc/api/iam/identityservice/store', { identityServiceName: 'Certificates', disabled: true });
  });
  after(async () => { await env.stop(); });

  it('password + alice\'s certificate in one request (curl): logged in by the password service', async () => {
    const r = await curlLogin(env, { basic: ['alice', ALICE_PASSWORD], cert: env.pki.clients.alice });
    assert.equal(r.status, 200, JSON.stringify(r.body) + r.error);
    assert.equal(r.body.account, 'alice');
    assert.equal(r.body.identityService, `JOC:${PASSWORDS}`);
    assert.equal(r.body.role, 'operator');
    assert.equal((await lastLogin(env)).loginSuccess, true);
  });

  it('password + certificate with the Node https client and a PKCS12 bundle', async () => {
    const r = await nodeLogin(env, { basic: ['alice', ALICE_PASSWORD], p12: { file: env.pki.aliceP12, password: env.pki.aliceP12Password } });
    assert.equal(r.status, 200, JSON.stringify(r.body) + r.error);
    assert.equal(r.body.account, 'alice');
  });

  it('the password alone is not enough: refused, "no client certificate presented"', async () => {
    const r = await curlLogin(env, { basic: ['alice', ALICE_PASSWORD] });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /Passwords: second factor Client Certificates: no client certificate presented/);
  });

  it('attack: the right password with somebody else\'s genuine certificate (CN=bob) is refused', async () => {
    const r = await curlLogin(env, { basic: ['alice', ALICE_PASSWORD], cert: env.pki.clients.bob, certFile: env.pki.bobChain });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /common name "bob" is not the account "alice"/);
  });

  it('attack: the right password with a CN=alice certificate from an untrusted CA is refused', async () => {
    const r = await curlLogin(env, { basic: ['alice', ALICE_PASSWORD], cert: env.pki.clients.otherCa });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /second factor Client Certificates: certificate rejected: untrusted issuer/);
  });

  it('an expired CN=alice certificate as second factor: refused with "expired"', async () => {
    const r = await curlLogin(env, { basic: ['alice', ALICE_PASSWORD], cert: env.pki.clients.expired });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /certificate rejected: expired/);
  });

  it('a wrong password with alice\'s genuine certificate: refused (the certificate is no substitute)', async () => {
    const r = await curlLogin(env, { basic: ['alice', 'wrong-Password-9'], cert: env.pki.clients.alice });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /Passwords: wrong password/);
  });

  it('the certificate alone does not log in through the password service', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.alice });
    assert.equal(r.status, 401, JSON.stringify(r.body));
  });

  it('disabling alice in the second-factor service revokes her certificate factor', async () => {
    const store = await env.api('/joc/api/iam/account/store', { identityServiceName: SECOND, accountName: 'alice', disabled: true });
    assert.equal(store.status, 200, JSON.stringify(store.body));
    const r = await curlLogin(env, { basic: ['alice', ALICE_PASSWORD], cert: env.pki.clients.alice });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /account alice is disabled in Client Certificates/);
    const enable = await env.api('/joc/api/iam/account/store', { identityServiceName: SECOND, accountName: 'alice', disabled: false });
    assert.equal(enable.status, 200);
    const again = await curlLogin(env, { basic: ['alice', ALICE_PASSWORD], cert: env.pki.clients.alice });
    assert.equal(again.status, 200, JSON.stringify(again.body));
  });
});
