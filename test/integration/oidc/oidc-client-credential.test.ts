import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { call } from '../../support/api-client.js';
import { API_RESOURCE, type ForgeSpec } from '../../support/oidc-provider-fixture.js';
import { baseSettings, createOidcService, lastHistoryFrom, nextIp, ok, startOidcTestEnv, type OidcTestEnv } from './oidc-test-env.js';

// spec §1.1/§3.3 CLIENT-CREDENTIAL: a batch client logs in with only X-ID-TOKEN (a token it got from the provider with
// its own client credentials). These tokens reach Keyward's verifier directly (no openid-client on the way), so the
// claim and signature checks below are Keyward's own.
describe('OIDC client-credential flow for batch clients', () => {
  let env: OidcTestEnv;
  let attackerJwks: http.Server;
  let attackerHits = 0;
  let attackerUrl = '';
  let attackerKey: CryptoKey;
  const now = (): number => Math.floor(Date.now() / 1000);

  const login = async (token: string, ip: string, headers: Record<string, string> = {}) =>
    call(env.kw.url, '/joc/api/authentication/login', { headers: { 'x-id-token': token, 'x-forwarded-for': ip, ...headers }, body: {} });

  before(async () => {
    env = await startOidcTestEnv();
    await createOidcService(env, 'Provider', 'OIDC', baseSettings(env));
    // No client secret: oidc-provider cannot introspect structured (JWT) access tokens, so introspection is skipped.
    await createOidcService(env, 'Batch', 'OIDC', baseSettings(env, {
      iamOidcName: 'Batch', iamOidcClientId: 'batch', iamOidcClientSecret: '', iamOidcFlowType: 'CLIENT-CREDENTIAL',
      iamOidcClientCredentialAudience: API_RESOURCE, iamOidcGroupClaims: ['groups'],
      iamOidcGroupRolesMap: { items: [{ oidcGroup: 'batch-jobs', roles: ['staff'] }] },
    }));
    // An attacker's JWKS, the one a JS7 server would have used through X-OPENID-CONFIGURATION (spec §5.3).
    const pair = await generateKeyPair('RS256', { extractable: true });
    attackerKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'attacker', alg: 'RS256', use: 'sig' };
    attackerJwks = http.createServer((_req, res) => { attackerHits += 1; res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ keys: [jwk] })); });
    await new Promise<void>((resolve) => attackerJwks.listen(0, '127.0.0.1', () => resolve()));
    attackerUrl = `http://127.0.0.1:${(attackerJwks.address() as AddressInfo).port}/jwks`;
  });
  after(async () => {
    await env.stop();
    await new Promise<void>((resolve) => attackerJwks.close(() => resolve()));
  });

  it('a token of the batch client logs in as that client, roles mapped from its groups claim', async () => {
    const token = await env.op.clientCredentialsToken();
    const r = await login(token, nextIp());
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.account, 'batch');
    assert.equal(r.body.identityService, 'OIDC:Batch');
    assert.equal(r.body.role, 'staff');
    // The session ends with the token (no refresh token): its timeout is at most the token lifetime.
    assert.ok(Number(r.body.sessionTimeout) <= 600_000);
  });

  it('the client-credential service is not offered on the login page', async () => {
    const items = (await ok(call(env.kw.url, '/joc/api/iam/identityproviders', {}))).body.oidcServiceItems as { identityServiceName: string }[];
    assert.deepEqual(items.map((i) => i.identityServiceName), ['Provider']);
  });

  it('X-OPENID-CONFIGURATION pointing at another JWKS is ignored: the attacker-signed token is refused, the attacker JWKS never fetched', async () => {
    const forged = await new SignJWT({ client_id: 'batch', sub: 'batch', groups: ['batch-jobs'], scope: 'api' })
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker' })
      .setIssuer(env.op.issuer).setAudience(API_RESOURCE).setIssuedAt().setExpirationTime('5m').sign(attackerKey);
    const configuration = Buffer.from(JSON.stringify({ jwks_uri: attackerUrl, claims_supported: ['client_id'], issuer: env.op.issuer })).toString('base64url');
    const variants: Record<string, string>[] = [{ 'x-openid-configuration': configuration }, { 'x-openid-configuration': configuration, 'x-identity-service': 'Batch' }];
    for (const headers of variants) {
      const ip = nextIp();
      const r = await login(forged, ip, headers);
      assert.equal(r.status, 401);
      const h = await lastHistoryFrom(env, ip);
      assert.match(h?.details.find((d) => d.identityServiceName === 'Batch')?.message ?? '', /unknown kid "attacker"/);
    }
    assert.equal(attackerHits, 0, 'the client-supplied JWKS was never fetched');
  });

  // Keyward's own verifier (no openid-client pre-check on this path): each forgery of a valid batch token.
  const cases: { name: string; spec: ForgeSpec; reason: RegExp }[] = [
    { name: 'alg: none', spec: { sign: 'none' }, reason: /algorithm not allowed|alg/ },
    { name: 'HS256 signed with the provider\'s RSA public key', spec: { sign: 'hs256-with-rsa-public-key' }, reason: /algorithm not allowed/ },
    { name: 'bad signature', spec: { sign: 'bad-signature', claims: { groups: ['js7-admins'] } }, reason: /bad signature/ },
    { name: 'unknown kid', spec: { sign: 'unknown-kid' }, reason: /unknown kid/ },
    { name: 'expired', spec: { sign: 'rs256', claims: { exp: now() - 600, iat: now() - 1200 } }, reason: /expired/ },
    { name: 'nbf in the future', spec: { sign: 'rs256', claims: { nbf: now() + 3600 } }, reason: /nbf/ },
    { name: 'wrong audience (a token for another API)', spec: { sign: 'rs256', claims: { aud: 'https://graph.example.com' } }, reason: /audience/ },
    { name: 'wrong issuer', spec: { sign: 'rs256', claims: { iss: 'https://evil.example.com' } }, reason: /issuer/ },
  ];
  for (const c of cases) {
    it(`refused and recorded: ${c.name}`, async () => {
      const ip = nextIp();
      const forged = await env.op.forge(await env.op.clientCredentialsToken(), c.spec);
      const r = await login(forged, ip);
      assert.equal(r.status, 401);
      const h = await lastHistoryFrom(env, ip);
      const detail = h?.details.find((d) => d.identityServiceName === 'Batch');
      assert.equal(detail?.code, 'TOKEN_INVALID', JSON.stringify(h));
      assert.match(detail?.message ?? '', c.reason);
    });
  }

  it('a token for another client is not taken by the batch service', async () => {
    const ip = nextIp();
    const forged = await env.op.forge(await env.op.clientCredentialsToken(), { sign: 'rs256', claims: { client_id: 'someone-else' } });
    const r = await login(forged, ip);
    assert.equal(r.status, 401);
    const h = await lastHistoryFrom(env, ip);
    assert.match(h?.details.find((d) => d.identityServiceName === 'Batch')?.message ?? '', /not for client batch/);
  });
});
