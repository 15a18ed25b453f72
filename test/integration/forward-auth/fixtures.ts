import { call, login } from '../../support/api-client.js';

/** Test accounts of the JOC-INITIAL service with roles made for the test (not a test file: no `.test.ts`). */
export const SERVICE = 'JOC-INITIAL';
export const PASSWORD = 'Forward-auth-1';

export interface RoleSpec {
  readonly name: string;
  readonly permissions: readonly { path: string; controllerId?: string; excluded?: boolean }[];
  readonly folders?: readonly { folder: string; controllerId?: string }[];
}

async function ok(p: Promise<{ status: number; body: unknown }>, what: string): Promise<void> {
  const r = await p;
  if (r.status !== 200) throw new Error(`${what} failed: ${r.status} ${JSON.stringify(r.body)}`);
}

export async function createRole(url: string, adminToken: string, role: RoleSpec): Promise<void> {
  await ok(call(url, '/joc/api/iam/role/store', { token: adminToken, body: { identityServiceName: SERVICE, roleName: role.name } }), `role ${role.name}`);
  const byController = new Map<string, { permissionPath: string; excluded: boolean }[]>();
  for (const p of role.permissions) {
    const list = byController.get(p.controllerId ?? '') ?? [];
    list.push({ permissionPath: p.path, excluded: p.excluded === true });
    byController.set(p.controllerId ?? '', list);
  }
  for (const [controllerId, permissions] of byController) {
    await ok(call(url, '/joc/api/iam/permissions/store', {
      token: adminToken,
      body: { identityServiceName: SERVICE, roleName: role.name, ...(controllerId === '' ? {} : { controllerId }), permissions },
    }), `permissions of ${role.name}`);
  }
  for (const f of role.folders ?? []) {
    await ok(call(url, '/joc/api/iam/folders/store', {
      token: adminToken,
      body: { identityServiceName: SERVICE, roleName: role.name, ...(f.controllerId === undefined ? {} : { controllerId: f.controllerId }), folders: [{ folder: f.folder, recursive: true }] },
    }), `folders of ${role.name}`);
  }
}

export async function createAccount(url: string, adminToken: string, account: string, roles: readonly string[], extra: Record<string, unknown> = {}): Promise<void> {
  await ok(call(url, '/joc/api/iam/account/store', {
    token: adminToken,
    body: { identityServiceName: SERVICE, accountName: account, password: PASSWORD, forcePasswordChange: false, roles, ...extra },
  }), `account ${account}`);
}

/** Logs in and returns the session token. */
export async function sessionOf(url: string, account: string, headers: Record<string, string> = {}): Promise<string> {
  const r = await login(url, account, PASSWORD, headers);
  if (r.status !== 200 || typeof r.body.accessToken !== 'string' || r.body.accessToken === '') {
    throw new Error(`login of ${account} failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return r.body.accessToken;
}
