// Issue 3 proof: blocking an account and seeing its login refused; the failed login with each service's message,
// the blocklist, active sessions and the audit log pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, assertAccessible, loginUi, newPage, prepareRoot, ROOT_PASSWORD, rowAction, screenshot, startE2e, submitLogin, withFailureScreenshot, type E2eEnv } from './browser-harness.js';

describe('blocking an account (e2e)', () => {
  let env: E2eEnv;
  before(async () => {
    env = await startE2e();
    const token = await prepareRoot(env);
    await api(env, token, '/iam/role/store', { identityServiceName: 'JOC-INITIAL', roleName: 'viewers' });
    await api(env, token, '/iam/permissions/store', {
      identityServiceName: 'JOC-INITIAL',
      roleName: 'viewers',
      controllerId: '',
      permissions: [{ permissionPath: 'sos:products:controller:view', excluded: false }],
    });
    await api(env, token, '/iam/account/store', { identityServiceName: 'JOC-INITIAL', accountName: 'alice', password: 'Alice-Secret-1', forcePasswordChange: false, roles: ['viewers'] });
  });
  after(async () => {
    await env?.close();
  });

  it('blocks alice from the accounts page; her login is refused without saying why; unblocking lets her in', async () => {
    const admin = await newPage(env);
    const page = admin.page;
    await withFailureScreenshot(page, 'blocking', async () => {
      await loginUi(page, env.url, 'root', ROOT_PASSWORD);
      await page.getByRole('link', { name: 'JOC-INITIAL', exact: true }).click();
      const row = page.locator('tr[data-account="alice"]');
      await rowAction(row, 'Block');
      const dialog = page.getByRole('dialog', { name: 'Block account alice' });
      await dialog.getByLabel('Reason').fill('Left the company');
      await assertAccessible(page, 'the block dialog');
      await dialog.getByRole('button', { name: 'Block account' }).click();
      await page.getByText('Account alice blocked.').waitFor();
      await row.getByText('Blocked', { exact: true }).waitFor();

      await page.getByRole('link', { name: 'Blocklist' }).click();
      const entry = page.locator('tr[data-blocked="alice"]');
      await entry.waitFor();
      assert.match(await entry.innerText(), /Left the company/);
      await assertAccessible(page, 'the blocklist page');
      await screenshot(page, 'blocklist');

      // alice, in her own browser, is refused with the same message as a wrong password.
      const user = await newPage(env);
      await user.page.goto(`${env.url}/`);
      await submitLogin(user.page, 'alice', 'Alice-Secret-1');
      const refused = user.page.getByRole('alert').filter({ hasText: 'Sign-in failed. Check the account name and password and try again.' });
      await refused.waitFor();
      assert.doesNotMatch(await refused.innerText(), /block/i);

      // The failed login is listed with what each identity service said.
      await page.getByRole('link', { name: 'Failed logins' }).click();
      const failed = page.locator('tr[data-history-account="alice"]').first();
      await failed.waitFor();
      assert.match(await failed.innerText(), /Failed/);
      assert.match(await failed.innerText(), /JOC-INITIAL:/);
      await assertAccessible(page, 'the failed logins page');
      await screenshot(page, 'failed-logins');

      await page.getByRole('link', { name: 'Active sessions' }).click();
      await page.locator('tbody tr').filter({ hasText: 'root' }).first().waitFor();
      await assertAccessible(page, 'the active sessions page');
      await screenshot(page, 'sessions');

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.locator('tbody tr').filter({ hasText: '/joc/api/iam/blockedAccount/store' }).first().waitFor();
      await assertAccessible(page, 'the audit log page');
      await screenshot(page, 'audit-log');

      // Unblock (with confirmation) and alice gets in; without admin permissions she sees only her profile.
      await page.getByRole('link', { name: 'Blocklist' }).click();
      await page.getByRole('button', { name: 'Unblock alice' }).click();
      const confirm = page.getByRole('dialog', { name: 'Unblock alice?' });
      await confirm.getByRole('button', { name: 'Unblock' }).click();
      await page.getByText('Account alice unblocked.').waitFor();
      await entry.waitFor({ state: 'detached' });

      await submitLogin(user.page, 'alice', 'Alice-Secret-1');
      await user.page.getByRole('heading', { name: 'My profile' }).waitFor();
      assert.equal(await user.page.getByRole('navigation', { name: 'Main' }).getByText('Administration').count(), 0);
      await user.page.goto(`${env.url}/admin/services`);
      await user.page.getByRole('heading', { name: 'No access' }).waitFor();
      assert.deepEqual([...admin.pageErrors, ...user.pageErrors], []);
      await user.context.close();
    });
    await admin.context.close();
  });
});
