import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { after, before, describe, it } from 'node:test';
import { testPki, type KeyPair, type TestPki } from '../../support/certificates.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { OidcProviderFixture } from '../../support/oidc-provider-fixture.js';
import { OidcUserAgent } from '../../support/oidc-user-agent.js';
import { baseSettings, REDIRECT_URI, STAFF_PERMISSIONS } from './oidc-test-env.js';

// Issue 5: an OIDC service can be the first factor of a TWO-FACTOR scheme. With a CERTIFICATE second factor both
// factors travel in one request: the code login over an mTLS connection, and the certificate's CN must be the
// account the provider authenticated (seed 002).
describe('OIDC as the first factor of a TWO-FACTOR service with a client-certificate second factor', () => {
  let pki: TestPki;
  let op: OidcProviderFixture;
  let kw: TestKeyward;
  let root = '';
  const agent = new OidcUserAgent([REDIRECT_URI]);

  const inject = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const r = await kw.server.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...(root === '' ? {} : { 'x-access-token': root }), ...headers }, payload: JSON.stringify(body) });
    return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown> };
  };
  const ok = async (url: string, body: unknown) => {
    const r = await inject(url, body);
    assert.equal(r.status, 200, `${url}: ${JSON.stringify(r.body)}`);
    return r;
  };

  /** The code login over mTLS (optionally with a client certificate). */
  async function login(cert: KeyPair | undefined): Promise<{ status: number; body: Record<string, unknown> }> {
    const authorize = await inject('/joc/api/iam/oidc/authorize', { identityServiceName: 'Provider', redirectUri: REDIRECT_URI });
    const { callback } = await agent.authorize(String(authorize.body.authorizationUrl), { login: 'alice' });
    const payload = JSON.stringify({ code: callback.searchParams.get('code'), state: callback.searchParams.get('state'), redirectUri: REDIRECT_URI });
    const u = new URL(kw.url);
    return new Promise((resolve, reject) => {
      const req = https.request({
        host: u.hostname, port: u.port, path: '/joc/api/authentication/login', method: 'POST', agent: false, ca: readFileSync(pki.rootCa),
        headers: { 'content-type': 'application/json', 'x-identity-service': 'Provider' },
        ...(cert === undefined ? {} : { cert: readFileSync(cert.cert), key: readFileSync(cert.key) }),
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
  const lastMessages = async () => {
    const r = await ok('/joc/api/audit_log/login_history', { limit: 1 });
    const item = (r.body.loginHistoryItems as { details: { loginHistoryItems: { message: string }[] } }[])[0];
    return item?.details.loginHistoryItems.map((d) => d.message).join(' | ') ?? '';
  };

  before(async () => {
    pki = await testPki();
    op = await OidcProviderFixture.start({ redirectUris: [REDIRECT_URI] });
    kw = await startKeyward({ env: { KEYWARD_TLS_CERT: pki.server.cert, KEYWARD_TLS_KEY: pki.server.key, KEYWARD_TLS_CLIENT_CA: pki.clientCaBundle } });
    const first = await inject('/joc/api/authentication/login', {}, { authorization: `Basic ${Buffer.from('root:root').toString('base64')}` });
    root = String(first.body.accessToken);
    await ok('/joc/api/iam/account/changepassword', { identityServiceName: 'JOC-INITIAL', accountName: 'root', oldPassword: 'root', password: 'root-Secret-1', repeatedPassword: 'root-Secret-1' });
    await ok('/joc/api/iam/identityservice/store', { identityServiceName: 'Certs', identityServiceType: 'CERTIFICATE', serviceAuthenticationScheme: 'SINGLE-FACTOR', secondFactor: true });
    await ok('/joc/api/iam/identityservice/store', { identityServiceName: 'Provider', identityServiceType: 'OIDC', serviceAuthenticationScheme: 'TWO-FACTOR', secondFactorIdentityServiceName: 'Certs' });
    await ok('/joc/api/iam/role/store', { identityServiceName: 'Provider', roleName: 'staff' });
    await ok('/joc/api/iam/permissions/store', { identityServiceName: 'Provider', roleName: 'staff', controllerId: '', permissions: STAFF_PERMISSIONS });
    const settings = baseSettings({ op }, { iamOidcGroupRolesMap: { items: [{ oidcGroup: 'staff', roles: ['staff'] }] } });
    await ok('/joc/api/configuration/save', { configurationType: 'IAM', objectType: 'OIDC', name: 'Provider', configurationItem: JSON.stringify({ oidc: settings }) });
  });
  after(async () => {
    await kw.stop();
    await op.close();
  });

  it('provider login + alice\'s certificate in the same request: logged in by the OIDC service', async () => {
    const r = await login(pki.clients.alice);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.account, 'alice');
    assert.equal(r.body.identityService, 'OIDC:Provider');
  });

  it('without a certificate the provider login alone is refused', async () => {
    const r = await login(undefined);
    assert.equal(r.status, 401);
    assert.match(await lastMessages(), /second factor Certs: no client certificate presented/);
  });

  it('somebody else\'s genuine certificate (CN=bob) is refused', async () => {
    const r = await login(pki.clients.bob);
    assert.equal(r.status, 401);
    assert.match(await lastMessages(), /common name "bob" is not the account "alice"/);
  });
});
