import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CERT_SERVICE, curlLogin, lastLogin, lastLoginMessages, nodeLogin, startCertificateKeyward, type CertificateKeyward } from './helpers.js';

describe('CERTIFICATE single factor over mutual TLS (want mode: certificates and passwords share the port)', () => {
  let env: CertificateKeyward;
  before(async () => { env = await startCertificateKeyward(); });
  after(async () => { await env.stop(); });

  it('curl --cert/--key with an RSA certificate logs alice in without account or password', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.alice });
    assert.equal(r.exitCode, 0, r.error);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.account, 'alice');
    assert.equal(r.body.isAuthenticated, true);
    assert.equal(r.body.identityService, `CERTIFICATE:${CERT_SERVICE}`);
    assert.equal(r.body.role, 'viewer');
    const history = await lastLogin(env);
    assert.equal(history.accountName, 'alice');
    assert.equal(history.loginSuccess, true);
  });

  it('the session works like any other: its permissions come from the CERTIFICATE service roles', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.alice });
    const token = String(r.body.accessToken);
    const perms = await curlLogin(env, { path: '/joc/api/authentication/joc_cockpit_permissions', headers: { 'X-Access-Token': token }, keepClock: true });
    assert.equal(perms.status, 200, JSON.stringify(perms.body));
    assert.equal((perms.body.controllerDefaults as { view?: boolean } | undefined)?.view, true, JSON.stringify(perms.body).slice(0, 300));
  });

  it('curl with a PKCS12 bundle (--cert-type P12), as exported for browsers', async () => {
    const r = await curlLogin(env, { p12: { file: env.pki.aliceP12, password: env.pki.aliceP12Password } });
    assert.equal(r.exitCode, 0, r.error);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.account, 'alice');
  });

  it('curl with an EC certificate issued by the intermediate CA, sending leaf + intermediate', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.bob, certFile: env.pki.bobChain });
    assert.equal(r.status, 200, JSON.stringify(r.body) + r.error);
    assert.equal(r.body.account, 'bob');
  });

  it('Node https client: EC leaf only (the intermediate is configured) and a PKCS12 bundle', async () => {
    const bob = await nodeLogin(env, { cert: env.pki.clients.bob });
    assert.equal(bob.status, 200, JSON.stringify(bob.body) + bob.error);
    assert.equal(bob.body.account, 'bob');
    const alice = await nodeLogin(env, { p12: { file: env.pki.aliceP12, password: env.pki.aliceP12Password } });
    assert.equal(alice.status, 200, JSON.stringify(alice.body) + alice.error);
    assert.equal(alice.body.account, 'alice');
  });

  it('a password login on the same port without any certificate still works (want mode)', async () => {
    const r = await curlLogin(env, { basic: ['root', 'root-Secret-1'] });
    assert.equal(r.exitCode, 0, r.error);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.identityService, 'JOC:JOC-INITIAL');
    const node = await nodeLogin(env, { basic: ['root', 'root-Secret-1'] });
    assert.equal(node.status, 200, JSON.stringify(node.body));
  });

  it('a password login from a browser that also presents a certificate is a password login', async () => {
    const r = await curlLogin(env, { basic: ['root', 'root-Secret-1'], cert: env.pki.clients.alice });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.account, 'root');
  });

  it('unknown account: a valid certificate whose CN has no account is refused, the history says why', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.dave });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.equal(r.body.message, 'Access denied');
    assert.equal(r.body.accessToken, '');
    const history = await lastLogin(env);
    assert.equal(history.accountName, 'dave');
    assert.equal(history.loginSuccess, false);
    assert.match(await lastLoginMessages(env), /Certificates: account dave does not exist in Certificates/);
  });

  it('disabled account: refused, the history says so', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.erin });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /Certificates: account is disabled/);
  });

  it('an account without roles in the CERTIFICATE service is refused (no role assignment)', async () => {
    const store = await env.api('/joc/api/iam/account/store', { identityServiceName: CERT_SERVICE, accountName: 'dave', roles: [] });
    assert.equal(store.status, 200, JSON.stringify(store.body));
    const r = await curlLogin(env, { cert: env.pki.clients.dave });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /no role assignment found/);
  });

  it('no certificate and no credentials at all: 420, as JS7 answers a missing Authorization header', async () => {
    const r = await curlLogin(env);
    assert.equal(r.status, 420, JSON.stringify(r.body));
  });
});
