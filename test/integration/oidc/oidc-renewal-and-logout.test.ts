import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { call } from '../../support/api-client.js';
import { oidcTuning } from '../../../src/services/oidc/index.js';
import { baseSettings, createOidcService, ok, oidcLogin, OidcUserAgent, REDIRECT_URI, startOidcTestEnv, type OidcTestEnv } from './oidc-test-env.js';

const TTL_S = 23; // token lifetime: renewal (20 s before expiry) is due 3 s after login

// Seed 003 "Renew Token" and "Single Sign-On": tokens renewed 20 s before they expire, the session ends when the
// provider refuses a renewal, the idle timeout applies independently, and logout ends the provider session.
describe('OIDC token renewal and logout', () => {
  let env: OidcTestEnv;
  const savedTick = oidcTuning.renewalTickMs;
  const touch = async (token: string) => (await call(env.kw.url, '/joc/api/touch', { token })).status;
  const refreshes = () => env.op.grants.filter((g) => g.type === 'refresh_token').length;

  before(async () => {
    oidcTuning.renewalTickMs = 250; // read when the server starts its renewal task
    env = await startOidcTestEnv({ tokenTtlSeconds: TTL_S });
    await createOidcService(env, 'Provider', 'OIDC', baseSettings(env));
  });
  after(async () => {
    await env.stop();
    oidcTuning.renewalTickMs = savedTick;
  });

  it('renews the tokens 20 s before they expire; the session outlives the first tokens', async () => {
    const started = Date.now();
    const before = refreshes();
    const { response } = await oidcLogin(env, 'Provider', new OidcUserAgent([REDIRECT_URI]), { login: 'alice' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const token = String(response.body.accessToken);
    assert.ok(Number(response.body.sessionTimeout) <= TTL_S * 1000, 'the session ends with the tokens unless renewed');
    while (refreshes() === before && Date.now() - started < 10_000) await sleep(100);
    const renewal = env.op.grants.filter((g) => g.type === 'refresh_token').at(-1);
    assert.ok(renewal !== undefined, 'a refresh_token grant happened');
    const lead = started + TTL_S * 1000 - renewal.at;
    assert.ok(lead >= 15_000 && lead <= 21_000, `renewed ${lead} ms before expiry`);
    // Past the expiry of the first tokens, the session is alive (and keeps being renewed).
    await sleep(started + TTL_S * 1000 + 1500 - Date.now());
    assert.equal(await touch(token), 200);
    const sessions = await ok(call(env.kw.url, '/joc/api/iam/sessions', { token: env.root, body: { accountName: 'alice' } }));
    const mine = (sessions.body.activeSessions as { timeout: number }[])[0];
    assert.ok(mine !== undefined && mine.timeout > 10_000, 'the expiry moved with the renewed tokens');
    // Ended here so that its renewals every few seconds do not run into the later tests' token exchanges.
    await ok(call(env.kw.url, '/joc/api/authentication/logout', { token }));
  });

  it('ends the Keyward session when the renewal is refused (the provider session ended)', async () => {
    const agent = new OidcUserAgent([REDIRECT_URI]);
    const started = Date.now();
    const { response } = await oidcLogin(env, 'Provider', agent, { login: 'bob' });
    assert.equal(response.status, 200);
    const token = String(response.body.accessToken);
    const url = await ok(call(env.kw.url, '/joc/api/iam/oidc/end_session_url', { token, body: { postLogoutRedirectUri: REDIRECT_URI } }));
    // The user signs out at the provider directly (another application, or an administrator ends the session).
    await agent.logoutAtProvider(String(url.body.endSessionUrl));
    assert.equal(await touch(token), 200, 'still valid until the next renewal');
    while (await touch(token) === 200 && Date.now() - started < TTL_S * 1000) await sleep(200);
    assert.equal(await touch(token), 440, 'the session ended');
    assert.ok(Date.now() - started < 10_000, 'at the renewal (3 s after login), not at token expiry');
  });

  it('the idle timeout applies independently of the renewed tokens', async () => {
    const set = (value: string) => ok(call(env.kw.url, '/joc/api/configuration/save', {
      token: env.root, body: { configurationType: 'GLOBALS', configurationItem: JSON.stringify({ identityService: { idle_session_timeout: { value } } }) },
    }));
    await set('2s');
    try {
      const { response } = await oidcLogin(env, 'Provider', new OidcUserAgent([REDIRECT_URI]), { login: 'alice' });
      assert.equal(response.status, 200);
      await sleep(2600);
      assert.equal(await touch(String(response.body.accessToken)), 440);
    } finally {
      await set('30m');
    }
  });

  it('logout revokes the tokens at the provider; the end-session URL ends the provider session (no SSO afterwards)', async () => {
    const agent = new OidcUserAgent([REDIRECT_URI]);
    let refreshToken = '';
    // The refresh token of this login's code exchange; a renewal of another session may answer first.
    const captureCodeExchange = (): void => env.op.interceptNext('/token', (body) => {
      if (env.op.grants.at(-1)?.type === 'authorization_code') refreshToken = String(body.refresh_token);
      else captureCodeExchange();
      return body;
    });
    captureCodeExchange();
    const { response } = await oidcLogin(env, 'Provider', agent, { login: 'alice' });
    assert.equal(response.status, 200);
    assert.equal((await env.op.introspect(refreshToken)).active, true);
    const token = String(response.body.accessToken);
    const url = await ok(call(env.kw.url, '/joc/api/iam/oidc/end_session_url', { token, body: { postLogoutRedirectUri: REDIRECT_URI } }));
    const endSessionUrl = String(url.body.endSessionUrl);
    assert.match(endSessionUrl, /id_token_hint=/);
    const revocations = env.op.count('/token/revocation');
    await ok(call(env.kw.url, '/joc/api/authentication/logout', { token }));
    assert.equal(await touch(token), 440);
    assert.ok(env.op.count('/token/revocation') > revocations, 'revocation endpoint called');
    assert.equal((await env.op.introspect(refreshToken)).active, false, 'the refresh token is revoked');
    // The provider's browser session survives a back-channel revocation (only the grant is gone, so the provider asks
    // for consent again, not for the password) until the browser visits the end-session URL, as the console does.
    const sso = await oidcLogin(env, 'Provider', agent, { login: undefined });
    assert.deepEqual(sso.prompts, ['consent']);
    await ok(call(env.kw.url, '/joc/api/authentication/logout', { token: String(sso.response.body.accessToken) }));
    await agent.logoutAtProvider(endSessionUrl);
    const after = await oidcLogin(env, 'Provider', agent, { login: 'alice' });
    assert.equal(after.response.status, 200);
    assert.ok(after.prompts.includes('login'), 'the provider asks for the password again');
  });
});
