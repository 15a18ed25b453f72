import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, login } from '../../support/api-client.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';

describe('first start: JOC-INITIAL with root/root and a forced password change', () => {
  let kw: TestKeyward;
  before(async () => { kw = await startKeyward(); });
  after(async () => { await kw.stop(); });

  it('creates the initial service, root with role all and the default roles', async () => {
    assert.equal(kw.server.createdInitialSetup, true);
    const r = await login(kw.url, 'root', 'root');
    assert.equal(r.status, 200);
    assert.equal(r.body.forcePasswordChange, true);
    assert.equal(r.body.identityService, 'JOC:JOC-INITIAL');
    assert.equal(r.body.role, 'all');
    assert.equal(r.headers.get('x-access-token'), r.body.accessToken);
    assert.ok(Number(r.headers.get('x-joc-timeout')) > 14 * 60_000, 'default idle timeout is 15 minutes');
  });

  it('refuses every other call with 403 until the password is changed; touch and change-password work', async () => {
    const token = String((await login(kw.url, 'root', 'root')).body.accessToken);
    const blocked = await call(kw.url, '/joc/api/iam/identityservices', { token });
    assert.equal(blocked.status, 403);
    assert.equal((blocked.body.error as { code: string }).code, 'KW_PASSWORD_CHANGE_REQUIRED');
    assert.equal((await call(kw.url, '/joc/api/authentication/joc_cockpit_permissions', { token })).status, 403);
    assert.equal((await call(kw.url, '/joc/api/touch', { token })).status, 200);

    const change = (body: Record<string, unknown>) => call(kw.url, '/joc/api/iam/account/changepassword', {
      token, body: { identityServiceName: 'JOC-INITIAL', accountName: 'root', ...body },
    });
    const wrongOld = await change({ oldPassword: 'nope', password: 'n3w-Password', repeatedPassword: 'n3w-Password' });
    assert.equal(wrongOld.status, 420);
    assert.equal((wrongOld.body.error as { field: string }).field, 'oldPassword');
    const mismatch = await change({ oldPassword: 'root', password: 'n3w-Password', repeatedPassword: 'other' });
    assert.equal(mismatch.status, 420);
    const empty = await change({ oldPassword: 'root', password: '', repeatedPassword: '' });
    assert.equal(empty.status, 420, 'an empty password is never accepted');
    assert.equal((await change({ oldPassword: 'root', password: 'n3w-Password', repeatedPassword: 'n3w-Password' })).status, 200);

    // The same session is now free to work; the old password no longer logs in.
    assert.equal((await call(kw.url, '/joc/api/iam/identityservices', { token })).status, 200);
    assert.equal((await login(kw.url, 'root', 'root')).status, 401);
    const again = await login(kw.url, 'root', 'n3w-Password');
    assert.equal(again.status, 200);
    assert.equal(again.body.forcePasswordChange, false);

    const perms = await call(kw.url, '/joc/api/authentication/joc_cockpit_permissions', { token: String(again.body.accessToken) });
    assert.equal(((perms.body.joc as { administration: { accounts: { manage: boolean } } }).administration.accounts.manage), true);
  });

  it('lists the default roles with their permissions', async () => {
    const token = String((await login(kw.url, 'root', 'n3w-Password')).body.accessToken);
    const roles = await call(kw.url, '/joc/api/iam/roles', { token, body: { identityServiceName: 'JOC-INITIAL' } });
    const names = (roles.body.roles as { roleName: string }[]).map((r) => r.roleName).sort();
    assert.deepEqual(names, ['administrator', 'all', 'api_user', 'application_manager', 'business_user', 'incident_manager', 'it_operator']);
    const all = await call(kw.url, '/joc/api/iam/permissions', { token, body: { identityServiceName: 'JOC-INITIAL', roleName: 'all' } });
    assert.deepEqual(all.body.permissions, [{ permissionPath: 'sos:products', excluded: false }]);
    const bu = await call(kw.url, '/joc/api/iam/permissions', { token, body: { identityServiceName: 'JOC-INITIAL', roleName: 'business_user' } });
    assert.ok((bu.body.permissions as { permissionPath: string }[]).some((p) => p.permissionPath === 'sos:products:controller:orders:view'));
  });
});
