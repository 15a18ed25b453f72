// Issue 3 proof: creating a second JOC service, a role and an account with that role, and reordering services.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { login } from '../support/api-client.js';
import { api, assertAccessible, rowAction, loginUi, newPage, prepareRoot, ROOT_PASSWORD, screenshot, startE2e, type E2eEnv } from './browser-harness.js';

describe('identity services, roles and accounts (e2e)', () => {
  let env: E2eEnv;
  let token: string;
  before(async () => {
    env = await startE2e();
    token = await prepareRoot(env);
  });
  after(async () => {
    await env?.close();
  });

  it('adds a second JOC service, a role, an account with that role, and reorders the services', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await loginUi(page, env.url, 'root', ROOT_PASSWORD);
    await page.getByRole('heading', { name: 'Identity services', level: 1 }).waitFor();

    // Add the service; invalid input is refused next to the field first.
    await page.getByRole('button', { name: 'Add identity service' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add identity service' });
    await dialog.getByLabel('Name').fill('JOC:2');
    await dialog.getByRole('button', { name: 'Add service' }).click();
    await dialog.getByText('A service name cannot contain ":".').waitFor();
    await dialog.getByLabel('Name').fill('JOC-INITIAL');
    await dialog.getByRole('button', { name: 'Add service' }).click();
    await dialog.getByText('A service named "JOC-INITIAL" already exists.').waitFor();
    await dialog.getByLabel('Name').fill('JOC-2');
    assert.equal(await dialog.getByLabel('Type').inputValue(), 'JOC');
    await assertAccessible(page, 'the add identity service dialog');
    await screenshot(page, 'identity-service-dialog');
    await dialog.getByRole('button', { name: 'Add service' }).click();
    await page.getByText('Identity service JOC-2 added.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tr[data-service="JOC-2"]').waitFor();

    const order = () => page.locator('tbody tr[data-service]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-service')));
    assert.deepEqual(await order(), ['JOC-INITIAL', 'JOC-2']);

    // Keyboard alternative to drag and drop: "Move up" keeps focus on the moved row's buttons.
    await page.getByRole('button', { name: 'Move JOC-2 up' }).click();
    await page.getByText('Order saved: JOC-2, JOC-INITIAL.').waitFor();
    assert.deepEqual(await order(), ['JOC-2', 'JOC-INITIAL']);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-move')), 'JOC-2:down');
    const services = await api<{ identityServiceItems: { identityServiceName: string; ordering: number }[] }>(env, token, '/iam/identityservices', {});
    assert.deepEqual(services.identityServiceItems.map((s) => s.identityServiceName), ['JOC-2', 'JOC-INITIAL']);

    // Drag and drop: JOC-INITIAL back onto the first row.
    await page.locator('tr[data-service="JOC-INITIAL"]').dragTo(page.locator('tr[data-service="JOC-2"]'));
    await page.getByText('Order saved: JOC-INITIAL, JOC-2.').waitFor();
    await page.reload();
    await page.locator('tr[data-service="JOC-2"]').waitFor();
    assert.deepEqual(await order(), ['JOC-INITIAL', 'JOC-2']);
    await assertAccessible(page, 'the identity services page');
    await screenshot(page, 'identity-services');

    // A role in the new service.
    await page.getByRole('link', { name: 'JOC-2' }).click();
    await page.getByRole('heading', { name: 'Accounts of JOC-2' }).waitFor();
    await page.getByRole('link', { name: 'Roles and permissions' }).click();
    await page.getByRole('heading', { name: 'Roles of JOC-2' }).waitFor();
    await page.getByRole('button', { name: 'Add role' }).click();
    dialog = page.getByRole('dialog', { name: 'Add role' });
    await dialog.getByLabel('Role name').fill('operators');
    // A lost connection keeps the dialog and what was typed, says so, and the same action can be retried.
    await context.setOffline(true);
    await dialog.getByLabel('Role name').press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'Cannot reach the server' }).waitFor();
    assert.equal(await dialog.getByLabel('Role name').inputValue(), 'operators');
    await context.setOffline(false);
    await dialog.getByLabel('Role name').press('Enter');
    await page.getByText('Role operators added.').waitFor();
    await page.locator('tr[data-role="operators"]').waitFor();
    await assertAccessible(page, 'the roles page');
    await screenshot(page, 'roles');

    // An account with that role.
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('heading', { name: 'Accounts of JOC-2' }).waitFor();
    await page.getByRole('button', { name: 'Add account' }).click();
    dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByLabel('Account name').fill('alice');
    await dialog.getByLabel('E-mail').fill('alice@example.org');
    await dialog.getByRole('checkbox', { name: 'operators' }).check();
    await dialog.getByLabel('Password', { exact: true }).fill('Alice-Secret-1');
    await dialog.getByLabel('Repeat password').fill('Alice-Secret-1');
    await assertAccessible(page, 'the add account dialog');
    await screenshot(page, 'account-dialog');
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await page.getByText('Account alice added.').waitFor();
    const row = page.locator('tr[data-account="alice"]');
    await row.waitFor();
    assert.match(await row.innerText(), /operators/);

    // Duplicate keeps the roles.
    await rowAction(row, 'Duplicate');
    dialog = page.getByRole('dialog', { name: 'Duplicate account alice' });
    assert.equal(await dialog.getByRole('checkbox', { name: 'operators' }).isChecked(), true);
    await dialog.getByLabel('Account name').fill('bob');
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await page.getByText('Account bob added.').waitFor();
    await page.locator('tr[data-account="bob"]').waitFor();
    assert.match(await page.locator('tr[data-account="bob"]').innerText(), /operators[\s\S]*Must change password/);

    // Search narrows the list on the server.
    await page.getByLabel('Search accounts').fill('ali');
    await page.locator('tr[data-account="bob"]').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('account-range').innerText(), '1–1 of 1');
    await page.getByLabel('Search accounts').fill('');
    await page.locator('tr[data-account="bob"]').waitFor();
    await assertAccessible(page, 'the accounts page');
    await screenshot(page, 'accounts');

    // Stored as entered (the role has no permissions yet, so alice cannot sign in: spec §4.1 step 5).
    const alice = await api<{ email: string; roles: string[]; forcePasswordChange: boolean }>(env, token, '/iam/account', { identityServiceName: 'JOC-2', accountName: 'alice' });
    assert.deepEqual([alice.email, alice.roles, alice.forcePasswordChange], ['alice@example.org', ['operators'], false]);
    assert.equal((await login(env.url, 'alice', 'Alice-Secret-1')).status, 401);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
