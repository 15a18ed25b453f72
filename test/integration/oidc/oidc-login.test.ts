import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { call } from '../../support/api-client.js';
import {
  baseSettings, createOidcService, lastHistoryFrom, nextIp, ok, oidcLogin, OidcUserAgent, REDIRECT_URI, saveSettings,
  startOidcTestEnv, type OidcTestEnv,
} from './oidc-test-env.js';

type Perms = { joc: { administration: { accounts: { view: boolean } }; inventory: { view: boolean } } };

// Issue 5 "Proof": full logins with both types against a real provider, group claim mapping, SSO, settings.
describe('OIDC login against a real OpenID provider', () => {
  let env: OidcTestEnv;
  const permissions = async (token: string): Promise<Perms> =>
    (await ok(call(env.kw.url, '/joc/api/authentication/joc_cockpit_permissions', { token }))).body as unknown as Perms;

  before(async () => {
    env = await startOidcTestEnv();
    await createOidcService(env, 'Provider', 'OIDC', baseSettings(env));
    await createOidcService(env, 'ProviderJOC', 'OIDC-JOC', baseSettings(env, { iamOidcName: 'Provider (JOC roles)', iamOidcGroupRolesMap: { items: [] } }));
    await createOidcService(env, 'ProviderES', 'OIDC', baseSettings(env, { iamOidcName: 'Provider ES256', iamOidcClientId: 'keyward-es' }));
    // OIDC-JOC: roles come from Keyward's database; alice holds only "staff" there whatever her groups say.
    await ok(call(env.kw.url, '/joc/api/iam/account/store', { token: env.root, body: { identityServiceName: 'ProviderJOC', accountName: 'alice', roles: ['staff'] } }));
  });
  after(async () => { await env.stop(); });

  it('OIDC: logs in through the provider; roles come from the group claims (js7-admins → administrator, staff → staff)', async () => {
    let idToken = '';
    env.op.interceptNext('/token', (body) => { idToken = String(body.id_token); return body; });
    const agent = new OidcUserAgent([REDIRECT_URI]);
    const { response, prompts } = await oidcLogin(env, 'Provider', agent, { login: 'alice' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(prompts, ['login', 'consent']);
    assert.equal(response.body.account, 'alice', 'account = preferred_username (listed in claims_supported)');
    assert.equal(response.body.identityService, 'OIDC:Provider');
    assert.deepEqual(String(response.body.role).split(', ').sort(), ['administrator', 'staff']);
    assert.equal(decodeProtectedHeader(idToken).alg, 'RS256');
    const perms = await permissions(String(response.body.accessToken));
    assert.equal(perms.joc.administration.accounts.view, true);
    assert.equal(perms.joc.inventory.view, true);
    assert.equal(env.op.count('/token/introspection') > 0, true, 'introspection was asked');
    assert.equal(env.op.count('/me') > 0, true, 'userinfo was asked');
  });

  it('OIDC: group mapping gives bob (group staff) only the staff role', async () => {
    const { response } = await oidcLogin(env, 'Provider', new OidcUserAgent([REDIRECT_URI]), { login: 'bob' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.role, 'staff');
    const perms = await permissions(String(response.body.accessToken));
    assert.equal(perms.joc.administration.accounts.view, false);
    assert.equal(perms.joc.inventory.view, true);
  });

  it('OIDC: an account whose groups map to no role is refused ("no role assignment found")', async () => {
    const ip = nextIp();
    const { response } = await oidcLogin(env, 'Provider', new OidcUserAgent([REDIRECT_URI]), { login: 'carol', ip });
    assert.equal(response.status, 401);
    const h = await lastHistoryFrom(env, ip);
    assert.equal(h?.details[0]?.code, 'NO_ROLE');
  });

  it('OIDC-JOC: roles come from Keyward\'s database, not from the provider\'s groups', async () => {
    const { response } = await oidcLogin(env, 'ProviderJOC', new OidcUserAgent([REDIRECT_URI]), { login: 'alice' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.identityService, 'OIDC-JOC:ProviderJOC');
    assert.equal(response.body.role, 'staff');
  });

  it('OIDC-JOC: an account missing from the database is refused and recorded', async () => {
    const ip = nextIp();
    const { response } = await oidcLogin(env, 'ProviderJOC', new OidcUserAgent([REDIRECT_URI]), { login: 'bob', ip });
    assert.equal(response.status, 401);
    const h = await lastHistoryFrom(env, ip);
    assert.equal(h?.loginSuccess, false);
    assert.match(h?.details[0]?.message ?? '', /bob does not exist/);
  });

  it('ES256: a client whose ID tokens are signed with the provider\'s EC key logs in', async () => {
    let idToken = '';
    env.op.interceptNext('/token', (body) => { idToken = String(body.id_token); return body; });
    const { response } = await oidcLogin(env, 'ProviderES', new OidcUserAgent([REDIRECT_URI]), { login: 'alice' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const header = decodeProtectedHeader(idToken);
    assert.equal(header.alg, 'ES256');
    assert.equal(header.kid, 'ec1');
  });

  it('single sign-on: with an active provider session the next login needs no prompt at all', async () => {
    const agent = new OidcUserAgent([REDIRECT_URI]);
    const first = await oidcLogin(env, 'Provider', agent, { login: 'alice' });
    assert.equal(first.response.status, 200);
    assert.ok(first.prompts.includes('login'));
    const second = await oidcLogin(env, 'Provider', agent, { login: undefined }); // the agent fails if asked to log in
    assert.equal(second.response.status, 200, JSON.stringify(second.response.body));
    assert.deepEqual(second.prompts, []);
    assert.notEqual(second.response.body.accessToken, first.response.body.accessToken);
  });

  it('the login page lists the OIDC services with caption and scopes, never a secret (spec §1.3)', async () => {
    const r = await ok(call(env.kw.url, '/joc/api/iam/identityproviders', {}));
    const items = r.body.oidcServiceItems as Record<string, unknown>[];
    const item = items.find((i) => i.identityServiceName === 'Provider');
    assert.equal(item?.iamOidcName, 'Test Provider');
    assert.equal(item?.iamOidcAuthenticationUrl, env.op.issuer);
    assert.deepEqual(item?.iamOidcGroupScopes, ['groups', 'profile']);
    assert.equal(JSON.stringify(r.body).includes('secret'), false);
    const client = await ok(call(env.kw.url, '/joc/api/iam/identityclient', { body: { identityServiceName: 'Provider' } }));
    assert.equal(client.body.iamOidcClientId, 'keyward');
    assert.equal(client.body.iamOidcClientSecret, undefined);
  });

  it('settings: the client secret is sealed, read back masked, and "********" keeps it', async () => {
    const read = await ok(call(env.kw.url, '/joc/api/configuration', { token: env.root, body: { configurationType: 'IAM', objectType: 'OIDC', name: 'Provider' } }));
    const item = JSON.parse(String((read.body.configuration as { configurationItem: string }).configurationItem)) as { oidc: Record<string, unknown> };
    assert.equal(item.oidc.iamOidcClientSecret, '********');
    assert.equal(JSON.stringify(read.body).includes('keyward-rp-secret'), false);
    await saveSettings(env, 'Provider', 'OIDC', { ...item.oidc });
    const { response } = await oidcLogin(env, 'Provider', new OidcUserAgent([REDIRECT_URI]), { login: 'bob' });
    assert.equal(response.status, 200, 'the masked secret kept the stored one');
  });

  it('settings: an http issuer needs the loudly named opt-in; unknown keys and JKS truststores are refused', async () => {
    const save = (oidc: Record<string, unknown>) => call(env.kw.url, '/joc/api/configuration/save', {
      token: env.root, body: { configurationType: 'IAM', objectType: 'OIDC', name: 'Provider', configurationItem: JSON.stringify({ oidc }) },
    });
    const noFlag = await save({ ...baseSettings(env), iamOidcAllowInsecureHttpIssuer: false });
    assert.equal(noFlag.status, 420);
    assert.match(JSON.stringify(noFlag.body), /https/);
    assert.equal((await save({ ...baseSettings(env), iamOidcTypo: 1 })).status, 420);
    const jks = await save({ ...baseSettings(env), iamOidcTruststoreType: 'JKS', iamOidcTruststoreContent: 'AAAA' });
    assert.equal(jks.status, 420);
    assert.match(JSON.stringify(jks.body), /JKS/);
  });

  it('OIDC services cannot be required (seed 004)', async () => {
    const r = await call(env.kw.url, '/joc/api/iam/identityservice/store', {
      token: env.root, body: { identityServiceName: 'Provider', identityServiceType: 'OIDC', serviceAuthenticationScheme: 'SINGLE-FACTOR', required: true },
    });
    assert.equal(r.status, 420);
  });

  it('the login-button image is uploaded as JSON (base64), served with its sniffed type and a sandbox CSP', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await ok(call(env.kw.url, '/joc/api/iam/import', { token: env.root, body: { identityServiceName: 'Provider', image: png.toString('base64') } }));
    const bad = await call(env.kw.url, '/joc/api/iam/import', { token: env.root, body: { identityServiceName: 'Provider', image: Buffer.from('<html><script>alert(1)</script>').toString('base64') } });
    assert.equal(bad.status, 420);
    const res = await fetch(`${env.kw.url}/joc/api/iam/icon/Provider`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), png);
    const items = (await ok(call(env.kw.url, '/joc/api/iam/identityproviders', {}))).body.oidcServiceItems as Record<string, unknown>[];
    assert.equal(items.find((i) => i.identityServiceName === 'Provider')?.iamIconUrl, '/iam/icon/Provider');
    // Saving the settings again keeps the image (it is server-managed).
    await saveSettings(env, 'Provider', 'OIDC', baseSettings(env));
    const again = (await ok(call(env.kw.url, '/joc/api/iam/identityproviders', {}))).body.oidcServiceItems as Record<string, unknown>[];
    assert.equal(again.find((i) => i.identityServiceName === 'Provider')?.iamIconUrl, '/iam/icon/Provider');
  });
});
