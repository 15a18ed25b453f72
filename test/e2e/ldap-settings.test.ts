// Issue 4 proof in a real browser: an administrator adds an LDAP service, fills in the LDAP settings form (simple
// view) against a real slapd, checks them with "Test settings", saves, and a directory user then signs in to the
// console through that service with the role its group maps to.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '../support/api-client.js';
import { GROUP, GROUPS, PEOPLE, READER_DN, READER_PASSWORD, USERS } from '../support/ldap-directory.js';
import { startSlapd, type Slapd } from '../support/slapd-fixture.js';
import { api, assertAccessible, loginUi, newPage, prepareRoot, ROOT_PASSWORD, screenshot, startE2e, submitLogin, withFailureScreenshot, type E2eEnv } from './browser-harness.js';

describe('LDAP service in the browser (e2e)', () => {
  let env: E2eEnv;
  let slapd: Slapd;
  let token: string;

  before(async () => {
    slapd = await startSlapd();
    env = await startE2e();
    token = await prepareRoot(env);
  });
  after(async () => {
    await env?.close();
    await slapd?.stop();
  });

  it('add an LDAP service, configure it in the simple view, test it, and sign in through it', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await withFailureScreenshot(page, 'ldap-settings', async () => {
      await loginUi(page, env.url, 'root', ROOT_PASSWORD);
      await page.getByRole('heading', { name: 'Identity services', level: 1 }).waitFor();

      // The service, from the identity services page.
      await page.getByRole('button', { name: 'Add identity service' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add identity service' });
      await dialog.getByLabel('Name').fill('Directory');
      await dialog.getByLabel('Type').selectOption('LDAP');
      await dialog.getByLabel('Ordering').fill('0');
      await dialog.getByRole('button', { name: 'Add service' }).click();
      await page.getByText('Identity service Directory added.').waitFor();
      // The role the directory group maps to (roles and permissions have their own UI tests).
      await api(env, token, '/iam/role/store', { identityServiceName: 'Directory', roleName: 'operator' });
      await api(env, token, '/iam/permissions/store', { identityServiceName: 'Directory', roleName: 'operator', controllerId: '', permissions: [{ permissionPath: 'sos:products:joc:administration:accounts:view' }] });

      // The settings form, simple view.
      await page.goto(`${env.url}/admin/services/Directory/settings`);
      const form = page.getByRole('form', { name: 'LDAP settings', exact: true });
      await form.waitFor();
      assert.equal(await form.getByRole('tab', { name: 'Simple' }).getAttribute('aria-selected'), 'true');
      await form.getByLabel('Host').fill('127.0.0.1');
      await form.getByLabel('Port').fill(String(slapd.port));
      await form.getByLabel('Protocol').selectOption('PLAIN');
      assert.equal(await form.getByLabel('Read groups from memberOf').isChecked(), true);
      await form.getByLabel('System user', { exact: true }).fill(READER_DN);
      await form.getByLabel('System user password').fill(READER_PASSWORD);
      await form.getByLabel('User search base').fill(PEOPLE);
      await form.getByLabel('User name attribute').fill('uid');
      await form.getByLabel('Group search base').fill(GROUPS);
      await form.getByRole('button', { name: 'Add group' }).click();
      // A bare group name is refused next to the map, and nothing typed is lost.
      await form.getByLabel('Group DN 1').fill('admins');
      await form.getByLabel('Roles of group 1').fill('operator');
      await form.getByRole('button', { name: 'Save settings' }).click();
      await form.getByText(/is not a DN/).waitFor();
      await form.getByLabel('Group DN 1').fill(GROUP.admins);

      // "Test settings" works on the unsaved form.
      const test = page.getByRole('form', { name: 'Test LDAP settings' });
      await test.getByLabel('Test account').fill(USERS.alice.login);
      await test.getByLabel('Test password').fill(USERS.alice.password);
      await test.getByRole('button', { name: 'Test settings' }).click();
      const result = test.getByRole('region', { name: 'Test result' });
      await result.getByText('Login would succeed').waitFor();
      assert.match(await result.innerText(), /uid=alice,ou=people,dc=example,dc=org/);
      assert.match(await result.innerText(), /cn=admins,ou=groups,dc=example,dc=org/);
      assert.match(await result.innerText(), /Roles\s+operator/);
      await assertAccessible(page, 'the LDAP settings form with a test result');
      await screenshot(page, 'ldap-settings', { top: true });

      // A wrong password is explained too.
      await test.getByLabel('Test password').fill('wrong');
      await test.getByRole('button', { name: 'Test settings' }).click();
      await result.getByText('Login would fail').waitFor();
      assert.match(await result.innerText(), /BAD_CREDENTIALS/);

      await form.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings of Directory saved.').waitFor();
      // Stored: the expert settings derived from the simple view, the password write-only.
      const saved = await call(env.url, '/joc/api/configuration', { token, body: { configurationType: 'IAM', name: 'Directory' } });
      const item = JSON.parse((saved.body.configuration as { configurationItem: string }).configurationItem) as { ldap: { expert: Record<string, unknown> } };
      assert.equal(item.ldap.expert.iamLdapServerUrl, `ldap://127.0.0.1:${slapd.port}`);
      assert.equal(item.ldap.expert.iamLdapSystemPassword, '********');
      // The form reloads the stored settings after saving; the secret field empties when they arrive.
      const systemPassword = form.getByLabel('System user password');
      for (let i = 0; i < 100 && (await systemPassword.inputValue()) !== ''; i++) await page.waitForTimeout(50);
      assert.equal(await systemPassword.inputValue(), '');
      assert.equal(await form.getByLabel('System user password').getAttribute('placeholder'), 'Unchanged');

      // The expert view shows what the simple view set.
      await form.getByRole('tab', { name: 'Expert' }).click();
      assert.equal(await form.getByLabel('Server URL').inputValue(), `ldap://127.0.0.1:${slapd.port}`);
      assert.equal(await form.getByLabel('User search filter').inputValue(), '(uid=%s)');
      assert.equal(await form.getByLabel('Verify the host name').isChecked(), true);
      await screenshot(page, 'ldap-settings-expert', { top: true });

      // A directory user signs in through the new service.
      await page.getByRole('button', { name: 'Logout' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await submitLogin(page, USERS.alice.login, USERS.alice.password);
      await page.getByRole('button', { name: 'Logout' }).waitFor();
      await page.goto(`${env.url}/profile`);
      const roles = page.locator('dt', { hasText: 'Roles' }).locator('xpath=following-sibling::dd[1]');
      await roles.waitFor();
      assert.equal((await roles.innerText()).trim(), 'operator');
      assert.match(await page.locator('main').innerText(), /Directory \(LDAP\)/);
      assert.deepEqual(pageErrors, []);
    });
    await context.close();
  });
});
