import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { call, createAccount, errorCode, rootSession, tokenOf } from './helpers.js';

// spec §1.14 gates with the §5 defects fixed.
describe('permission gates', () => {
  let kw: TestKeyward;
  let root: string;
  let viewer: string;
  let plain: string;
  before(async () => {
    kw = await startKeyward();
    root = await rootSession(kw.url);
    // incident_manager holds administration:accounts (view+manage); build a view-only role for the viewer.
    await call(kw.url, '/joc/api/iam/role/store', { token: root, body: { identityServiceName: 'JOC-INITIAL', roleName: 'viewer' } });
    await call(kw.url, '/joc/api/iam/permissions/store', { token: root, body: { identityServiceName: 'JOC-INITIAL', roleName: 'viewer', permissions: [{ permissionPath: 'sos:products:joc:administration:accounts:view' }] } });
    await createAccount(kw.url, root, 'JOC-INITIAL', 'vera', 'vera-password', ['viewer']);
    await createAccount(kw.url, root, 'JOC-INITIAL', 'bob', 'bob-password', ['business_user']);
    viewer = await tokenOf(kw.url, 'vera', 'vera-password');
    plain = await tokenOf(kw.url, 'bob', 'bob-password');
  });
  after(async () => { await kw.stop(); });

  const routes: Array<[string, Record<string, unknown>, 'V' | 'M' | 'A']> = [
    ['/joc/api/iam/identityservices', {}, 'V'],
    ['/joc/api/iam/accounts', { identityServiceName: 'JOC-INITIAL' }, 'V'],
    ['/joc/api/iam/roles', { identityServiceName: 'JOC-INITIAL' }, 'V'],
    ['/joc/api/iam/sessions', {}, 'V'],
    ['/joc/api/iam/blockedAccounts', {}, 'V'],
    ['/joc/api/iam/account/permissions', { identityServiceName: 'JOC-INITIAL', accountName: 'bob' }, 'V'],
    ['/joc/api/iam/account/store', { identityServiceName: 'JOC-INITIAL', accountName: 'eve' }, 'M'],
    ['/joc/api/iam/accounts/resetpassword', { identityServiceName: 'JOC-INITIAL', accountNames: ['root'] }, 'M'],
    ['/joc/api/iam/accounts/disable', { identityServiceName: 'JOC-INITIAL', accountNames: ['root'] }, 'M'],
    ['/joc/api/iam/identityservice/store', { identityServiceName: 'X', identityServiceType: 'JOC' }, 'M'],
    ['/joc/api/iam/identityservices/reorder', { identityServiceNames: ['JOC-INITIAL'] }, 'M'],
    ['/joc/api/iam/permissions/store', { identityServiceName: 'JOC-INITIAL', roleName: 'viewer', permissions: [{ permissionPath: 'sos:products' }] }, 'M'],
    ['/joc/api/iam/blockedAccount/store', { accountName: 'root' }, 'M'],
    ['/joc/api/iam/sessions/cancel', { accountNames: ['root'] }, 'M'],
  ];

  for (const [path, body, gate] of routes) {
    it(`${path} needs ${gate === 'V' ? 'accounts:view' : 'accounts:manage'}`, async () => {
      const asPlain = await call(kw.url, path, { token: plain, body });
      assert.equal(asPlain.status, 403, `plain user: ${JSON.stringify(asPlain.body)}`);
      assert.equal(errorCode(asPlain.body), 'KW_FORBIDDEN');
      const asViewer = await call(kw.url, path, { token: viewer, body });
      if (gate === 'V') assert.equal(asViewer.status, 200, JSON.stringify(asViewer.body));
      else assert.equal(asViewer.status, 403, 'view does not allow changes');
      assert.equal((await call(kw.url, path, { body })).status, 401, 'no token');
    });
  }

  it('the root password was not reset by the refused calls (spec §5.1)', async () => {
    assert.equal((await call(kw.url, '/joc/api/authentication/login', { headers: { authorization: `Basic ${Buffer.from('root:root-Secret-1').toString('base64')}` } })).status, 200);
  });

  it('a user may change only their own password; an administrator may change others', async () => {
    const other = await call(kw.url, '/joc/api/iam/account/changepassword', { token: plain, body: { identityServiceName: 'JOC-INITIAL', accountName: 'vera', oldPassword: 'vera-password', password: 'x-new-pass', repeatedPassword: 'x-new-pass' } });
    assert.equal(other.status, 403);
    const own = await call(kw.url, '/joc/api/iam/account/changepassword', { token: plain, body: { identityServiceName: 'JOC-INITIAL', accountName: 'bob', oldPassword: 'bob-password', password: 'bob-password-2', repeatedPassword: 'bob-password-2' } });
    assert.equal(own.status, 200);
    const byAdmin = await call(kw.url, '/joc/api/iam/account/changepassword', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountName: 'bob', oldPassword: 'bob-password-2', password: 'bob-password-3', repeatedPassword: 'bob-password-3' } });
    assert.equal(byAdmin.status, 200);
  });

  it('audit and login history need auditlog:view; business_user has it, a view-only role does not', async () => {
    assert.equal((await call(kw.url, '/joc/api/audit_log/login_history', { token: viewer })).status, 403);
    assert.equal((await call(kw.url, '/joc/api/audit_log/login_history', { token: plain })).status, 200);
  });

  it('settings are readable only with a view permission and never in clear (spec §5.4)', async () => {
    assert.equal((await call(kw.url, '/joc/api/configuration', { token: plain, body: { configurationType: 'GLOBALS' } })).status, 403);
    const g = await call(kw.url, '/joc/api/configuration', { token: viewer, body: { configurationType: 'GLOBALS' } });
    assert.equal(g.status, 200);
    const item = JSON.parse(String((g.body.configuration as { configurationItem: string }).configurationItem)) as { identityService: Record<string, { value: string }> };
    assert.equal(item.identityService.initial_password?.value, '********');
    assert.equal(item.identityService.idle_session_timeout?.value, '15m');
    assert.equal((await call(kw.url, '/joc/api/configuration/save', { token: viewer, body: { configurationType: 'GLOBALS', configurationItem: '{}' } })).status, 403);
  });
});
