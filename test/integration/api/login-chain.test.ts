import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { call, createAccount, createRole, createService, login, rootSession } from './helpers.js';

type Perms = { joc: { inventory: { view: boolean; manage: boolean }; auditLog: { view: boolean } }; controllerDefaults: { orders: { view: boolean } } };

// The chain over several JOC services (spec §4.1), through the real API.
describe('login chain with several JOC services', () => {
  let kw: TestKeyward;
  let root: string;
  const history = async (account: string) => {
    const r = await call(kw.url, '/joc/api/audit_log/login_history', { token: root, body: { accountName: account, limit: 1 } });
    return (r.body.loginHistoryItems as { loginSuccess: boolean; details: { loginHistoryItems: { identityServiceName: string; message: string }[] } }[])[0];
  };

  before(async () => {
    kw = await startKeyward();
    root = await rootSession(kw.url);
    await createService(kw.url, root, 'A', { ordering: 10 });
    await createService(kw.url, root, 'B', { ordering: 20 });
    await createRole(kw.url, root, 'A', 'inv', [{ permissionPath: 'sos:products:joc:inventory' }, { permissionPath: 'sos:products:joc:auditlog:view' }]);
    await createRole(kw.url, root, 'B', 'inv', [{ permissionPath: 'sos:products:joc:inventory:view' }, { permissionPath: 'sos:products:controller:orders:view' }]);
    await createRole(kw.url, root, 'B', 'no-manage', [{ permissionPath: 'sos:products:joc:inventory:manage', excluded: true }, { permissionPath: 'sos:products:controller:orders:view' }]);
    await createAccount(kw.url, root, 'A', 'carol', 'pw-in-A', ['inv']);
    await createAccount(kw.url, root, 'B', 'carol', 'pw-in-B', ['inv']);
    await createAccount(kw.url, root, 'B', 'dave', 'pw-dave', []);
  });
  after(async () => { await kw.stop(); });

  it('optional services: the first success wins, later services are not consulted', async () => {
    const r = await login(kw.url, 'carol', 'pw-in-A');
    assert.equal(r.status, 200);
    assert.equal(r.body.identityService, 'JOC:A');
  });

  it('optional services: a failure falls through to the next; the trace records each service', async () => {
    const r = await login(kw.url, 'carol', 'pw-in-B');
    assert.equal(r.status, 200);
    assert.equal(r.body.identityService, 'JOC:B');
    const h = await history('carol');
    assert.deepEqual(h?.details.loginHistoryItems.map((d) => [d.identityServiceName, d.message]), [
      ['JOC-INITIAL', 'unknown account'], ['A', 'wrong password'], ['B', 'login successful'],
    ]);
  });

  it('the client hears only "Access denied"; the history says why per service', async () => {
    const r = await login(kw.url, 'dave', 'pw-dave');
    assert.equal(r.status, 401);
    assert.equal(r.body.message, 'Access denied');
    assert.equal(JSON.stringify(r.body).includes('role'), false);
    const h = await history('dave');
    assert.equal(h?.loginSuccess, false);
    assert.deepEqual(h?.details.loginHistoryItems.map((d) => d.message), ['unknown account', 'unknown account', 'login denied: no role assignment found']);
  });

  it('required services must all succeed; their permissions merge and a denial wins', async () => {
    await createService(kw.url, root, 'A', { required: true });
    await createService(kw.url, root, 'B', { required: true });
    await call(kw.url, '/joc/api/iam/account/store', { token: root, body: { identityServiceName: 'B', accountName: 'carol', password: 'pw-in-A', roles: ['inv', 'no-manage'] } });
    const ok = await login(kw.url, 'carol', 'pw-in-A');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.identityService, 'JOC:B', 'the last required service is named');
    const perms = (await call(kw.url, '/joc/api/authentication/joc_cockpit_permissions', { token: String(ok.body.accessToken) })).body as unknown as Perms;
    assert.equal(perms.joc.inventory.view, true);
    assert.equal(perms.joc.inventory.manage, false, 'denied in B although granted in A');
    assert.equal(perms.joc.auditLog.view, true, 'from A');
    assert.equal(perms.controllerDefaults.orders.view, true, 'from B');
    // carol's password in B differs: a required service failing fails the login, optional JOC-INITIAL is not asked.
    await call(kw.url, '/joc/api/iam/account/store', { token: root, body: { identityServiceName: 'B', accountName: 'carol', password: 'other-pw-B' } });
    assert.equal((await login(kw.url, 'carol', 'pw-in-A')).status, 401);
    assert.equal((await login(kw.url, 'root', 'root-Secret-1')).status, 401, 'root exists only in the optional service');
  });

  it('a disabled required service is skipped', async () => {
    await createService(kw.url, root, 'A', { disabled: true });
    await createService(kw.url, root, 'B', { disabled: true });
    assert.equal((await login(kw.url, 'root', 'root-Secret-1')).status, 200);
  });

  it('reorder sets 1..n and changes which service answers first', async () => {
    await createService(kw.url, root, 'A', { disabled: false, required: false });
    await createService(kw.url, root, 'B', { disabled: false, required: false });
    await call(kw.url, '/joc/api/iam/account/store', { token: root, body: { identityServiceName: 'B', accountName: 'carol', password: 'pw-in-A' } });
    assert.equal((await login(kw.url, 'carol', 'pw-in-A')).body.identityService, 'JOC:A');
    const r = await call(kw.url, '/joc/api/iam/identityservices/reorder', { token: root, body: { identityServiceNames: ['B', 'A', 'JOC-INITIAL'] } });
    assert.equal(r.status, 200);
    const list = await call(kw.url, '/joc/api/iam/identityservices', { token: root });
    assert.deepEqual((list.body.identityServiceItems as { identityServiceName: string; ordering: number }[]).map((s) => [s.identityServiceName, s.ordering]), [['B', 1], ['A', 2], ['JOC-INITIAL', 3]]);
    assert.equal((await login(kw.url, 'carol', 'pw-in-A')).body.identityService, 'JOC:B');
  });
});
