import assert from 'node:assert/strict';
import { call, rootSession, type ApiResponse } from '../../support/api-client.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { CLIENT_SECRET, OidcProviderFixture, type OidcProviderFixtureOptions } from '../../support/oidc-provider-fixture.js';
import { OidcUserAgent } from '../../support/oidc-user-agent.js';

/** The redirect URI registered at the test provider; the user agent stops there (no UI needed for API tests). */
export const REDIRECT_URI = 'https://keyward.test/login/oidc';

/** Roles of the OIDC services: granted/denied paths chosen so the answers differ per role. */
export const ADMIN_PERMISSIONS = [{ permissionPath: 'sos:products:joc:administration' }, { permissionPath: 'sos:products:joc:auditlog:view' }];
export const STAFF_PERMISSIONS = [{ permissionPath: 'sos:products:joc:inventory:view' }];

export interface OidcTestEnv {
  readonly kw: TestKeyward;
  readonly op: OidcProviderFixture;
  readonly root: string;
  stop(): Promise<void>;
}

export async function startOidcTestEnv(opOptions: Partial<OidcProviderFixtureOptions> = {}, opts: { databaseUrl?: string } = {}): Promise<OidcTestEnv> {
  const op = await OidcProviderFixture.start({ redirectUris: [REDIRECT_URI], postLogoutRedirectUris: [REDIRECT_URI], ...opOptions });
  // Tests send X-Forwarded-For so that each negative case has its own address (login throttling counts per address).
  const kw = await startKeyward({ env: { KEYWARD_TRUST_PROXY: '127.0.0.1', ...(opts.databaseUrl === undefined ? {} : { KEYWARD_DATABASE_URL: opts.databaseUrl }) } });
  const root = await rootSession(kw.url);
  return { kw, op, root, stop: async () => { await kw.stop(); await op.close(); } };
}

export async function ok(r: Promise<ApiResponse>): Promise<ApiResponse> {
  const res = await r;
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res;
}

/** Creates an OIDC or OIDC-JOC service with roles `administrator` and `staff`, and saves its settings. */
export async function createOidcService(env: OidcTestEnv, name: string, type: 'OIDC' | 'OIDC-JOC', oidc: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<void> {
  const { kw, root } = env;
  await ok(call(kw.url, '/joc/api/iam/identityservice/store', { token: root, body: { identityServiceName: name, identityServiceType: type, serviceAuthenticationScheme: 'SINGLE-FACTOR', ...extra } }));
  for (const [role, permissions] of [['administrator', ADMIN_PERMISSIONS], ['staff', STAFF_PERMISSIONS]] as const) {
    await ok(call(kw.url, '/joc/api/iam/role/store', { token: root, body: { identityServiceName: name, roleName: role } }));
    await ok(call(kw.url, '/joc/api/iam/permissions/store', { token: root, body: { identityServiceName: name, roleName: role, controllerId: '', permissions } }));
  }
  await saveSettings(env, name, type, oidc);
}

export async function saveSettings(env: OidcTestEnv, name: string, type: string, oidc: Record<string, unknown>): Promise<ApiResponse> {
  return ok(call(env.kw.url, '/joc/api/configuration/save', {
    token: env.root, body: { configurationType: 'IAM', objectType: type, name, configurationItem: JSON.stringify({ oidc }) },
  }));
}

export function baseSettings(env: { readonly op: { readonly issuer: string } }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iamOidcName: 'Test Provider',
    iamOidcAuthenticationUrl: env.op.issuer,
    iamOidcClientId: 'keyward',
    iamOidcClientSecret: CLIENT_SECRET,
    iamOidcAllowInsecureHttpIssuer: true,
    iamOidcGroupClaims: ['groups'],
    iamOidcGroupScopes: ['groups'],
    iamOidcGroupRolesMap: { items: [{ oidcGroup: 'js7-admins', roles: ['administrator'] }, { oidcGroup: 'staff', roles: ['staff'] }] },
    ...extra,
  };
}

export interface OidcLoginOptions {
  readonly login?: string | undefined;
  readonly ip?: string;
  /** Changes the body sent to /authentication/login (state/code tampering tests). */
  readonly body?: (body: Record<string, string>) => Record<string, string>;
  readonly headers?: Record<string, string>;
}

export interface OidcLoginResult {
  readonly response: ApiResponse;
  readonly prompts: readonly string[];
  readonly body: Record<string, string>;
}

/** authorize → the provider (as `agent`) → POST /authentication/login with X-IDENTITY-SERVICE and {code, state, redirectUri}. */
export async function oidcLogin(env: OidcTestEnv, service: string, agent: OidcUserAgent, opts: OidcLoginOptions = {}): Promise<OidcLoginResult> {
  const authorize = await ok(call(env.kw.url, '/joc/api/iam/oidc/authorize', { body: { identityServiceName: service, redirectUri: REDIRECT_URI } }));
  const { callback, prompts } = await agent.authorize(String(authorize.body.authorizationUrl), { login: opts.login });
  let body: Record<string, string> = {
    code: callback.searchParams.get('code') ?? '', state: callback.searchParams.get('state') ?? '', redirectUri: REDIRECT_URI,
  };
  if (opts.body !== undefined) body = opts.body(body);
  const response = await call(env.kw.url, '/joc/api/authentication/login', {
    headers: { 'x-identity-service': service, ...(opts.ip === undefined ? {} : { 'x-forwarded-for': opts.ip }), ...opts.headers }, body,
  });
  return { response, prompts, body };
}

/** The newest login-history entry from `ip` (the audit every rejection must leave, spec §1.12). */
export async function lastHistoryFrom(env: OidcTestEnv, ip: string): Promise<{ loginSuccess: boolean; details: { identityServiceName: string; message: string; code?: string }[] } | undefined> {
  const r = await ok(call(env.kw.url, '/joc/api/audit_log/login_history', { token: env.root, body: { limit: 200 } }));
  const items = r.body.loginHistoryItems as { loginSuccess: boolean; callerIpAddress: string; details: { loginHistoryItems: { identityServiceName: string; message: string; code?: string }[] } }[];
  const hit = items.find((i) => i.callerIpAddress === ip);
  return hit && { loginSuccess: hit.loginSuccess, details: hit.details.loginHistoryItems };
}

let ipCounter = 0;
/** A fresh caller address per negative test (sent as X-Forwarded-For; Keyward trusts 127.0.0.1 as proxy). */
export function nextIp(): string {
  ipCounter += 1;
  return `10.77.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export { OidcUserAgent };
