import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { call, createAccount, createRole, login, rootSession, tokenOf } from './helpers.js';

type ControllerPerms = { orders: { view: boolean; create: boolean } };

describe('roles, controller scopes and folders through the API', () => {
  let kw: TestKeyward;
  let root: string;
  const S = 'JOC-INITIAL';
  before(async () => { kw = await startKeyward(); root = await rootSession(kw.url); });
  after(async () => { await kw.stop(); });

  it('controller-specific grants and denials show in the effective permissions', async () => {
    await createRole(kw.url, root, S, 'ops', [{ permissionPath: 'sos:products:controller:orders:view' }, { permissionPath: 'sos:products:joc:auditlog:view' }]);
    await createRole(kw.url, root, S, 'ops', [{ permissionPath: 'sos:products:controller:orders' }], 'prod');
    await createRole(kw.url, root, S, 'ops', [{ permissionPath: 'sos:products:controller:orders:view', excluded: true }], 'test');
    await createAccount(kw.url, root, S, 'olga', 'olga-password', ['ops']);
    const p = (await call(kw.url, '/joc/api/iam/account/permissions', { token: root, body: { identityServiceName: S, accountName: 'olga' } })).body as { controllerDefaults: ControllerPerms; controllers: Record<string, ControllerPerms> };
    assert.deepEqual(p.controllerDefaults.orders, { ...p.controllerDefaults.orders, view: true, create: false });
    assert.equal(p.controllers.prod?.orders.create, true, 'granted for prod only');
    assert.equal(p.controllers.test?.orders.view, false, 'denied for test only');
    const roles = await call(kw.url, '/joc/api/iam/roles', { token: root, body: { identityServiceName: S } });
    assert.deepEqual((roles.body.roles as { roleName: string; controllers: string[] }[]).find((r) => r.roleName === 'ops')?.controllers, ['prod', 'test']);
    const t = await tokenOf(kw.url, 'olga', 'olga-password');
    const q = (path: string) => call(kw.url, `/joc/api/authentication/permission?permission=${path}`, { method: 'GET', token: t });
    assert.equal((await q('sos:products:controller:orders:create&controllerId=prod')).body.isPermitted, true);
    assert.equal((await q('sos:products:controller:orders:create&controllerId=other')).body.isPermitted, false);
    assert.equal((await q('sos:products:controller:orders:view&controllerId=test')).body.isPermitted, false);
  });

  it('a change to a role applies at the very next login (the login path caches role rows, invalidated by writes)', async () => {
    const X = 'sos:products:joc:calendars:view';
    const Y = 'sos:products:joc:inventory:view';
    // A third, untouched grant keeps the role a permission assignment throughout (a role of denials only cannot log in).
    await createRole(kw.url, root, S, 'fresh', [{ permissionPath: X }, { permissionPath: 'sos:products:joc:auditlog:view' }]);
    await createAccount(kw.url, root, S, 'cora', 'cora-password', ['fresh']);
    const permitted = async (path: string): Promise<boolean> => {
      const t = await tokenOf(kw.url, 'cora', 'cora-password');
      return (await call(kw.url, `/joc/api/authentication/permission?permission=${path}`, { method: 'GET', token: t })).body.isPermitted === true;
    };
    assert.equal(await permitted(X), true);
    assert.equal(await permitted(Y), false);
    // Each change is followed by a login well within the cache's 1-s lifetime: only invalidation makes it visible.
    await call(kw.url, '/joc/api/iam/permissions/store', { token: root, body: { identityServiceName: S, roleName: 'fresh', controllerId: '', permissions: [{ permissionPath: Y }] } });
    assert.equal(await permitted(Y), true, 'a granted permission is in the next session');
    await call(kw.url, '/joc/api/iam/permissions/store', { token: root, body: { identityServiceName: S, roleName: 'fresh', controllerId: '', permissions: [{ permissionPath: X, excluded: true }] } });
    assert.equal(await permitted(X), false, 'a denial is in the next session');
    await call(kw.url, '/joc/api/iam/permissions/delete', { token: root, body: { identityServiceName: S, roleName: 'fresh', controllerId: '', permissionPaths: [Y] } });
    assert.equal(await permitted(Y), false, 'a removed permission is gone from the next session');
    assert.equal((await call(kw.url, '/joc/api/iam/role/rename', { token: root, body: { identityServiceName: S, roleOldName: 'fresh', roleNewName: 'renamed' } })).status, 200);
    const renamed = await login(kw.url, 'cora', 'cora-password');
    assert.equal(renamed.body.role, 'renamed', 'a renamed role is named so in the next session');
  });

  it('removing a permission row makes it unassigned again', async () => {
    assert.equal((await call(kw.url, '/joc/api/iam/permissions/delete', { token: root, body: { identityServiceName: S, roleName: 'ops', controllerId: 'test', permissionPaths: ['sos:products:controller:orders:view'] } })).status, 200);
    const rows = await call(kw.url, '/joc/api/iam/permissions', { token: root, body: { identityServiceName: S, roleName: 'ops', controllerId: 'test' } });
    assert.deepEqual(rows.body.permissions, []);
  });

  it('folders are stored normalised, recursive by default, and can be removed', async () => {
    assert.equal((await call(kw.url, '/joc/api/iam/folders/store', { token: root, body: { identityServiceName: S, roleName: 'ops', folders: [{ folder: '/prod/' }, { folder: '/shared', recursive: false }] } })).status, 200);
    const f = await call(kw.url, '/joc/api/iam/folders', { token: root, body: { identityServiceName: S, roleName: 'ops' } });
    assert.deepEqual(f.body.folders, [{ folder: '/prod', recursive: true }, { folder: '/shared', recursive: false }]);
    assert.equal((await call(kw.url, '/joc/api/iam/folders/delete', { token: root, body: { identityServiceName: S, roleName: 'ops', folderNames: ['/prod'] } })).status, 200);
    assert.deepEqual((await call(kw.url, '/joc/api/iam/folders', { token: root, body: { identityServiceName: S, roleName: 'ops' } })).body.folders, [{ folder: '/shared', recursive: false }]);
  });

  it('rename, reorder and delete roles; deleting a role removes it from accounts', async () => {
    await createRole(kw.url, root, S, 'temp', [{ permissionPath: 'sos:products:joc:calendars:view' }]);
    assert.equal((await call(kw.url, '/joc/api/iam/role/rename', { token: root, body: { identityServiceName: S, roleOldName: 'temp', roleNewName: 'all' } })).status, 420, 'name taken');
    assert.equal((await call(kw.url, '/joc/api/iam/role/rename', { token: root, body: { identityServiceName: S, roleOldName: 'temp', roleNewName: 'calendar' } })).status, 200);
    await call(kw.url, '/joc/api/iam/account/store', { token: root, body: { identityServiceName: S, accountName: 'olga', roles: ['ops', 'calendar'] } });
    assert.equal((await call(kw.url, '/joc/api/iam/roles/reorder', { token: root, body: { identityServiceName: S, roleNames: ['calendar', 'ops'] } })).status, 200);
    const order = (await call(kw.url, '/joc/api/iam/roles', { token: root, body: { identityServiceName: S } })).body.roles as { roleName: string }[];
    const names = order.map((r) => r.roleName);
    assert.ok(names.indexOf('calendar') < names.indexOf('ops'), names.join());
    assert.equal((await call(kw.url, '/joc/api/iam/roles/delete', { token: root, body: { identityServiceName: S, roleNames: ['calendar'] } })).status, 200);
    assert.deepEqual((await call(kw.url, '/joc/api/iam/account', { token: root, body: { identityServiceName: S, accountName: 'olga' } })).body.roles, ['ops']);
  });

  it('renaming an identity service keeps its accounts and settings; deleting removes them', async () => {
    await call(kw.url, '/joc/api/iam/identityservice/store', { token: root, body: { identityServiceName: 'OLD', identityServiceType: 'JOC' } });
    await call(kw.url, '/joc/api/iam/account/store', { token: root, body: { identityServiceName: 'OLD', accountName: 'kept' } });
    assert.equal((await call(kw.url, '/joc/api/iam/identityservice/rename', { token: root, body: { identityServiceOldName: 'OLD', identityServiceNewName: S } })).status, 420);
    assert.equal((await call(kw.url, '/joc/api/iam/identityservice/rename', { token: root, body: { identityServiceOldName: 'OLD', identityServiceNewName: 'NEW' } })).status, 200);
    assert.equal((await call(kw.url, '/joc/api/iam/accounts', { token: root, body: { identityServiceName: 'NEW' } })).body.totalCount, 1);
    assert.equal((await call(kw.url, '/joc/api/iam/identityservice/store', { token: root, body: { identityServiceName: 'NEW', identityServiceType: 'LDAP' } })).status, 420, 'the type cannot change');
    assert.equal((await call(kw.url, '/joc/api/iam/identityservice/delete', { token: root, body: { identityServiceName: 'NEW' } })).status, 200);
    assert.equal((await call(kw.url, '/joc/api/iam/accounts', { token: root, body: { identityServiceName: 'NEW' } })).status, 420);
  });
});
