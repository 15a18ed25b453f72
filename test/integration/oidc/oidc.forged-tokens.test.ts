import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '../../support/api-client.js';
import type { ForgeSpec } from '../../support/oidc-provider-fixture.js';
import { oidcTuning } from '../../../src/services/oidc/index.js';
import {
  baseSettings, createOidcService, lastHistoryFrom, nextIp, oidcLogin, OidcUserAgent, REDIRECT_URI, startOidcTestEnv,
  type OidcTestEnv,
} from './oidc-test-env.js';

// Issue 5 negative proofs: each attack is refused (401, "Access denied" only) AND recorded with its reason in the
// login history (spec §1.12). Forged ID tokens come from the real provider's token endpoint, rewritten by the
// fixture's stand-in (interceptNext), so every check on the way — openid-client's and Keyward's own — is exercised.
describe('OIDC login refuses forged or replayed tokens and records why', () => {
  let env: OidcTestEnv;
  const agent = new OidcUserAgent([REDIRECT_URI]);
  const now = (): number => Math.floor(Date.now() / 1000);

  before(async () => {
    env = await startOidcTestEnv();
    await createOidcService(env, 'Provider', 'OIDC', baseSettings(env));
    await createOidcService(env, 'Other', 'OIDC', baseSettings(env, { iamOidcName: 'Other' }));
  });
  after(async () => { await env.stop(); });

  /** Logs in as alice with the given forgery and returns the recorded reason after asserting the refusal. */
  async function refused(forge: ForgeSpec | undefined, opts: { body?: (b: Record<string, string>) => Record<string, string> } = {}): Promise<{ code: string | undefined; message: string }> {
    const ip = nextIp();
    if (forge !== undefined) env.op.forgeNextIdToken(forge);
    const { response } = await oidcLogin(env, 'Provider', agent, { login: 'alice', ip, ...opts });
    env.op.clearIntercepts();
    assert.equal(response.status, 401, JSON.stringify(response.body));
    assert.equal(response.body.message, 'Access denied', 'the client learns nothing more');
    assert.equal(response.body.accessToken, '');
    const h = await lastHistoryFrom(env, ip);
    assert.equal(h?.loginSuccess, false, 'the failure is in the login history');
    const detail = h?.details.find((d) => d.identityServiceName === 'Provider');
    assert.ok(detail, JSON.stringify(h));
    return { code: detail.code, message: detail.message };
  }

  it('control: an untouched login succeeds (the stand-in itself breaks nothing)', async () => {
    env.op.forgeNextIdToken({ sign: 'rs256' }); // re-signed with the real key, claims unchanged
    const { response } = await oidcLogin(env, 'Provider', agent, { login: 'alice' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
  });

  it('alg: none', async () => {
    const r = await refused({ sign: 'none' });
    assert.equal(r.code, 'TOKEN_INVALID');
    assert.match(r.message, /alg|algorithm/i);
  });

  it('HS256 "signed" with the provider\'s RSA public key (key confusion)', async () => {
    // openid-client refuses the algorithm already; Keyward's own allow-list is proven on the client-credential path
    // (oidc-client-credential.test.ts) and in test/unit/services/oidc/verify-id-token.test.ts.
    const r = await refused({ sign: 'hs256-with-rsa-public-key' });
    assert.equal(r.code, 'TOKEN_INVALID');
    assert.match(r.message, /alg/);
  });

  it('bad signature (payload changed under the real signature)', async () => {
    const r = await refused({ sign: 'bad-signature', claims: { preferred_username: 'root' } });
    assert.equal(r.code, 'TOKEN_INVALID');
    assert.match(r.message, /bad signature/);
  });

  it('a key that is not the provider\'s, presenting the real kid', async () => {
    const r = await refused({ sign: 'attacker-key-real-kid' });
    assert.match(r.message, /bad signature/);
  });

  it('unknown kid: the JWKS is re-read once (rate-limited), then the token is refused', async () => {
    const saved = oidcTuning.jwksMinRefreshMs;
    oidcTuning.jwksMinRefreshMs = 0;
    try {
      const before = env.op.count('/jwks');
      const r = await refused({ sign: 'unknown-kid' });
      assert.equal(r.code, 'TOKEN_INVALID');
      assert.match(r.message, /unknown kid "attacker-kid"/);
      assert.equal(env.op.count('/jwks') - before, 1, 'an unknown kid triggers one JWKS refresh');
      oidcTuning.jwksMinRefreshMs = 60_000;
      const again = env.op.count('/jwks');
      await refused({ sign: 'unknown-kid' });
      assert.equal(env.op.count('/jwks'), again, 'within the refresh interval, no further fetch');
    } finally {
      oidcTuning.jwksMinRefreshMs = saved;
    }
  });

  it('expired', async () => {
    const r = await refused({ sign: 'rs256', claims: { exp: now() - 600, iat: now() - 1200 } });
    assert.equal(r.code, 'TOKEN_INVALID');
    assert.match(r.message, /exp/);
  });

  it('nbf in the future', async () => {
    const r = await refused({ sign: 'rs256', claims: { nbf: now() + 3600 } });
    assert.equal(r.code, 'TOKEN_INVALID');
    assert.match(r.message, /nbf/);
  });

  it('wrong audience', async () => {
    const r = await refused({ sign: 'rs256', claims: { aud: 'another-client' } });
    assert.match(r.message, /aud/);
  });

  it('several audiences without azp naming Keyward', async () => {
    const r = await refused({ sign: 'rs256', claims: { aud: ['keyward', 'another-client'], azp: 'another-client' } });
    assert.match(r.message, /azp/);
  });

  it('wrong issuer', async () => {
    const r = await refused({ sign: 'rs256', claims: { iss: 'https://evil.example.com' } });
    assert.match(r.message, /iss/);
  });

  it('nonce mismatch', async () => {
    const r = await refused({ sign: 'rs256', claims: { nonce: 'not-the-nonce-of-this-login' } });
    assert.equal(r.code, 'TOKEN_INVALID');
    assert.match(r.message, /nonce mismatch/);
  });

  it('nonce replay: the ID token of an earlier, successful login is presented again', async () => {
    let first = '';
    env.op.interceptNext('/token', (body) => { first = String(body.id_token); return body; });
    const ok = await oidcLogin(env, 'Provider', agent, { login: 'alice' });
    assert.equal(ok.response.status, 200);
    env.op.interceptNext('/token', (body) => ({ ...body, id_token: first }));
    const r = await refused(undefined);
    assert.equal(r.code, 'TOKEN_INVALID');
    assert.match(r.message, /nonce replay/);
  });

  it('state mismatch: a state Keyward never issued', async () => {
    const r = await refused(undefined, { body: (b) => ({ ...b, state: 'forged-state-value' }) });
    assert.match(r.message, /state mismatch/);
  });

  it('state replay: the same code and state a second time', async () => {
    const ip = nextIp();
    const first = await oidcLogin(env, 'Provider', agent, { login: 'alice' });
    assert.equal(first.response.status, 200);
    const again = await call(env.kw.url, '/joc/api/authentication/login', { headers: { 'x-identity-service': 'Provider', 'x-forwarded-for': ip }, body: first.body });
    assert.equal(again.status, 401);
    assert.match((await lastHistoryFrom(env, ip))?.details[0]?.message ?? '', /state mismatch: unknown, expired or already used/);
  });

  it('state of another identity service', async () => {
    const ip = nextIp();
    const authorize = await call(env.kw.url, '/joc/api/iam/oidc/authorize', { body: { identityServiceName: 'Other', redirectUri: REDIRECT_URI } });
    const { callback } = await agent.authorize(String(authorize.body.authorizationUrl), { login: 'alice' });
    const r = await call(env.kw.url, '/joc/api/authentication/login', {
      headers: { 'x-identity-service': 'Provider', 'x-forwarded-for': ip },
      body: { code: callback.searchParams.get('code'), state: callback.searchParams.get('state'), redirectUri: REDIRECT_URI },
    });
    assert.equal(r.status, 401);
    assert.match((await lastHistoryFrom(env, ip))?.details[0]?.message ?? '', /another identity service/);
  });

  it('introspection says active: false', async () => {
    env.op.interceptNext('/token/introspection', () => ({ active: false }));
    const r = await refused(undefined);
    assert.equal(r.code, 'TOKEN_INVALID');
    assert.match(r.message, /introspection.*not active/);
  });

  it('userinfo names another account than the ID token (seed 003 e-mail check)', async () => {
    env.op.interceptNext('/me', (body) => ({ ...body, preferred_username: 'root' }));
    const r = await refused(undefined);
    assert.match(r.message, /userinfo account mismatch/);
  });

  it('an ID token sent by the client (X-ID-TOKEN) to a code-flow service is refused, whatever X-OPENID-CONFIGURATION says', async () => {
    const ip = nextIp();
    const r = await call(env.kw.url, '/joc/api/authentication/login', {
      headers: {
        'x-identity-service': 'Provider', 'x-forwarded-for': ip, 'x-id-token': 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.',
        'x-openid-configuration': Buffer.from(JSON.stringify({ jwks_uri: 'http://127.0.0.1:1/jwks' })).toString('base64url'),
      },
      body: {},
    });
    assert.equal(r.status, 401);
    assert.match((await lastHistoryFrom(env, ip))?.details[0]?.message ?? '', /ID tokens sent by the client are refused/);
  });
});
