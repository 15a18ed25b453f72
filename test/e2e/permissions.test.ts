// Issue 3 proof: granting and denying a permission in the permission editor and seeing the effect on the account's
// effective permissions (default scope, a controller scope and a folder).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { login } from '../support/api-client.js';
import { api, assertAccessible, loginUi, newPage, prepareRoot, ROOT_PASSWORD, rowAction, screenshot, startE2e, withFailureScreenshot, type E2eEnv } from './browser-harness.js';

const CTRL = 'sos:products:controller';

function permRow(page: Page, path: string) {
  return page.locator(`tr[data-perm-path="${path}"]`);
}

async function stateOf(page: Page, path: string): Promise<string | null> {
  return permRow(page, path).locator('button.tri-state').getAttribute('data-state');
}

async function effectiveOf(page: Page, path: string): Promise<string> {
  return (await permRow(page, path).locator('[data-effective]').innerText()).replace(/\s+/g, ' ').trim();
}

describe('permission editor (e2e)', () => {
  let env: E2eEnv;
  before(async () => {
    env = await startE2e();
    const token = await prepareRoot(env);
    await api(env, token, '/iam/role/store', { identityServiceName: 'JOC-INITIAL', roleName: 'operators' });
    await api(env, token, '/iam/account/store', {
      identityServiceName: 'JOC-INITIAL',
      accountName: 'alice',
      password: 'Alice-Secret-1',
      forcePasswordChange: false,
      roles: ['operators'],
    });
  });
  after(async () => {
    await env?.close();
  });

  it('grants and denies permissions, shows the effect before saving, and the account gets exactly that', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await withFailureScreenshot(page, 'permissions', async () => {
    await loginUi(page, env.url, 'root', ROOT_PASSWORD);
    await page.getByRole('link', { name: 'JOC-INITIAL', exact: true }).click();
    await page.getByRole('link', { name: 'Roles and permissions' }).click();
    await page.getByRole('link', { name: 'operators' }).click();
    await page.getByRole('heading', { name: 'Role operators' }).waitFor();
    await page.getByTestId('no-changes').waitFor();

    // Grant the controller subtree with a click (cycle unassigned → granted).
    await permRow(page, CTRL).locator('button.tri-state').click();
    assert.equal(await stateOf(page, CTRL), 'granted');
    await page.getByRole('button', { name: 'Expand orders' }).click();
    assert.equal(await effectiveOf(page, `${CTRL}:orders:cancel`), 'Granted via controller');

    // Deny one leaf from the keyboard ("d"); the denial wins over the inherited grant.
    await permRow(page, `${CTRL}:orders:cancel`).locator('button.tri-state').focus();
    await page.keyboard.press('d');
    assert.equal(await stateOf(page, `${CTRL}:orders:cancel`), 'denied');
    assert.equal(await effectiveOf(page, `${CTRL}:orders:cancel`), 'Denied');
    // Cycling with Enter: denied → unassigned → granted → denied.
    await page.keyboard.press('Enter');
    assert.equal(await stateOf(page, `${CTRL}:orders:cancel`), 'unassigned');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    assert.equal(await stateOf(page, `${CTRL}:orders:cancel`), 'denied');

    // The summary shows the rows and the effect before anything is saved.
    const summary = page.getByRole('complementary', { name: 'Unsaved changes' });
    assert.match(await summary.innerText(), /Will grant\s+controller/);
    assert.match(await summary.innerText(), /Will deny\s+controller:orders:cancel/);
    const nowPermitted = await page.getByTestId('now-permitted').innerText();
    assert.match(nowPermitted, /Will be permitted \(20\)/);
    assert.doesNotMatch(nowPermitted, /orders:cancel/);
    await assertAccessible(page, 'the permission editor');
    await screenshot(page, 'permission-editor', { height: 1500, top: true });

    // A controller scope: deny "restart" only on controller-eu.
    await page.getByRole('button', { name: 'Add controller' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add controller' });
    await dialog.getByLabel('Controller ID').fill('controller-eu');
    await dialog.getByLabel('Controller ID').press('Enter');
    await page.getByRole('tab', { name: /Controller controller-eu/, selected: true }).waitFor();
    assert.equal(await effectiveOf(page, `${CTRL}:restart`), 'Granted via controller, from default scope');
    assert.equal(await permRow(page, 'sos:products:joc').count(), 0, 'JOC permissions are not shown on a controller tab');
    await permRow(page, `${CTRL}:restart`).locator('button.tri-state').focus();
    await page.keyboard.press('d');
    assert.equal(await effectiveOf(page, `${CTRL}:restart`), 'Denied');

    // A folder restriction on the default scope.
    await page.getByRole('tab', { name: /Default/ }).click();
    await page.getByLabel('Add folder').fill('prod');
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByText('A folder path starts with "/".').waitFor();
    await page.getByLabel('Add folder').fill('/prod');
    await page.getByRole('button', { name: 'Add folder' }).click();
    assert.match(await summary.innerText(), /Will add folders\s+\/prod \(recursive\)/);

    await summary.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/Permissions of role operators saved/).waitFor();
    await page.getByTestId('no-changes').waitFor();
    assert.deepEqual(pageErrors, []);

    // Server state: rows per scope exactly as edited.
    const token = await prepareRoot(env);
    const def = await api<{ permissions: { permissionPath: string; excluded: boolean }[] }>(env, token, '/iam/permissions', { identityServiceName: 'JOC-INITIAL', roleName: 'operators' });
    assert.deepEqual(
      def.permissions.map((p) => [p.permissionPath, p.excluded]).sort(),
      [
        [CTRL, false],
        [`${CTRL}:orders:cancel`, true],
      ],
    );

    // The account's effective permissions show the grant, the denial and the controller-specific denial.
    await page.getByRole('link', { name: 'JOC-INITIAL', exact: true }).click();
    await page.getByRole('heading', { name: 'Accounts of JOC-INITIAL' }).waitFor();
    await rowAction(page.locator('tr[data-account="alice"]'), 'Show permissions');
    const perms = page.getByRole('dialog', { name: 'Effective permissions of alice' });
    const leaf = (p: string) => perms.locator(`[data-perm="${p}"][data-granted]`);
    await leaf('controllerDefaults.orders.view').waitFor();
    assert.equal(await leaf('controllerDefaults.orders.view').getAttribute('data-granted'), 'true');
    assert.equal(await leaf('controllerDefaults.orders.cancel').getAttribute('data-granted'), 'false');
    assert.equal(await leaf('controllerDefaults.restart').getAttribute('data-granted'), 'true');
    assert.equal(await leaf('controllers.controller-eu.restart').getAttribute('data-granted'), 'false');
    assert.equal(await leaf('controllers.controller-eu.orders.view').getAttribute('data-granted'), 'true');
    assert.equal(await leaf('joc.administration.accounts.view').getAttribute('data-granted'), 'false');
    await assertAccessible(page, 'the effective permissions dialog');
    await screenshot(page, 'account-permissions');
    await perms.getByRole('button', { name: 'Close', exact: true }).click();

    // With a granting role alice can now sign in.
    assert.equal((await login(env.url, 'alice', 'Alice-Secret-1')).status, 200);
    assert.deepEqual(pageErrors, []);
    });
    await context.close();
  });
});
