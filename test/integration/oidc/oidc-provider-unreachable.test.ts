import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '../../support/api-client.js';
import { baseSettings, createOidcService, lastHistoryFrom, nextIp, oidcLogin, OidcUserAgent, REDIRECT_URI, startOidcTestEnv, type OidcTestEnv } from './oidc-test-env.js';

// Issue 5: "provider unreachable (clear error, next login works when it is back)". The provider is really stopped
// (connection refused on its port) and started again on the same port with its state.
describe('OIDC provider unreachable', () => {
  let env: OidcTestEnv;
  const agent = new OidcUserAgent([REDIRECT_URI]);

  before(async () => {
    env = await startOidcTestEnv();
    await createOidcService(env, 'Provider', 'OIDC', baseSettings(env));
    await createOidcService(env, 'Fresh', 'OIDC', baseSettings(env, { iamOidcName: 'Fresh' }));
  });
  after(async () => { await env.stop(); });

  it('starting a login while the provider is down answers 503 with a clear reason', async () => {
    await env.op.stop();
    try {
      const r = await call(env.kw.url, '/joc/api/iam/oidc/authorize', { body: { identityServiceName: 'Fresh', redirectUri: REDIRECT_URI } });
      assert.equal(r.status, 503, JSON.stringify(r.body));
      assert.match(String(r.body.message), /identity provider .* is unreachable \(ECONNREFUSED/);
    } finally {
      await env.op.start();
    }
    const { response } = await oidcLogin(env, 'Fresh', agent, { login: 'alice' });
    assert.equal(response.status, 200, 'the failure was not cached: the next login works');
  });

  it('the provider going down between authorization and code exchange: refused, recorded as unavailable; the next login works', async () => {
    const ip = nextIp();
    const authorize = await call(env.kw.url, '/joc/api/iam/oidc/authorize', { body: { identityServiceName: 'Provider', redirectUri: REDIRECT_URI } });
    const { callback } = await agent.authorize(String(authorize.body.authorizationUrl), { login: 'alice' });
    await env.op.stop();
    try {
      const r = await call(env.kw.url, '/joc/api/authentication/login', {
        headers: { 'x-identity-service': 'Provider', 'x-forwarded-for': ip },
        body: { code: callback.searchParams.get('code'), state: callback.searchParams.get('state'), redirectUri: REDIRECT_URI },
      });
      assert.equal(r.status, 401);
      const h = await lastHistoryFrom(env, ip);
      assert.equal(h?.details[0]?.code, 'SERVICE_UNAVAILABLE');
      assert.match(h?.details[0]?.message ?? '', /code exchange: identity provider http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    } finally {
      await env.op.start();
    }
    const { response } = await oidcLogin(env, 'Provider', agent, { login: 'alice' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
  });
});
