import assert from 'node:assert/strict';
import { call, login, rootSession } from '../../support/api-client.js';

export { call, login, rootSession };

/** Creates a JOC account with roles and a known password (no forced change) through the API. */
export async function createAccount(url: string, token: string, service: string, account: string, password: string, roles: string[]): Promise<void> {
  const r = await call(url, '/joc/api/iam/account/store', { token, body: { identityServiceName: service, accountName: account, password, roles, forcePasswordChange: false } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

export async function createService(url: string, token: string, name: string, extra: Record<string, unknown> = {}): Promise<void> {
  const r = await call(url, '/joc/api/iam/identityservice/store', { token, body: { identityServiceName: name, identityServiceType: 'JOC', serviceAuthenticationScheme: 'SINGLE-FACTOR', ...extra } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

export async function createRole(url: string, token: string, service: string, role: string, permissions: { permissionPath: string; excluded?: boolean }[], controllerId = ''): Promise<void> {
  let r = await call(url, '/joc/api/iam/role/store', { token, body: { identityServiceName: service, roleName: role } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await call(url, '/joc/api/iam/permissions/store', { token, body: { identityServiceName: service, roleName: role, controllerId, permissions } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

export async function tokenOf(url: string, account: string, password: string): Promise<string> {
  const r = await login(url, account, password);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return String(r.body.accessToken);
}

export async function setGlobals(url: string, token: string, identityService: Record<string, { value: string }>): Promise<void> {
  const r = await call(url, '/joc/api/configuration/save', { token, body: { configurationType: 'GLOBALS', configurationItem: JSON.stringify({ identityService }) } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

export function errorCode(body: Record<string, unknown>): string | undefined {
  return (body.error as { code?: string } | undefined)?.code;
}
