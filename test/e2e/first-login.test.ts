// Issue 3 proof: first login as root/root with the forced password change, in real headless Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertAccessible, loginUi, newPage, ROOT_PASSWORD, screenshot, startE2e, submitLogin, type E2eEnv } from './browser-harness.js';

describe('first login (e2e)', () => {
  let env: E2eEnv;
  before(async () => {
    env = await startE2e();
  });
  after(async () => {
    await env?.close();
  });

  it('shows an accessible login page built from /iam/identityproviders', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await page.goto(`${env.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The heading renders before /iam/identityproviders answers; the password form follows that answer.
    const account = page.getByRole('textbox', { name: 'Account', exact: true });
    await account.waitFor({ timeout: 10_000 });
    assert.equal(await account.isVisible(), true);
    await assertAccessible(page, 'the login page');
    await screenshot(page, 'login');

    // Wrong password: a generic message that names no identity service.
    await submitLogin(page, 'root', 'wrong');
    const alert = page.getByRole('alert').filter({ hasText: 'Sign-in failed' });
    await alert.waitFor();
    assert.doesNotMatch(await alert.innerText(), /JOC-INITIAL|JOC:/);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it('forces root to change the password; cancelling signs out', async () => {
    const { page, context } = await newPage(env);
    await page.goto(`${env.url}/`);
    await submitLogin(page, 'root', 'root');
    const dialog = page.getByRole('dialog', { name: 'Change your password' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel and sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.session')), null);
    await context.close();
  });

  it('changes the password in the dialog, then lands in the console; the old password no longer works', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await page.goto(`${env.url}/`);
    await submitLogin(page, 'root', 'root');
    const dialog = page.getByRole('dialog', { name: 'Change your password' });
    await dialog.waitFor();
    // Bad input is refused next to the field, and the dialog keeps what was typed.
    await dialog.getByLabel('New password', { exact: true }).fill(ROOT_PASSWORD);
    await dialog.getByLabel('Repeat new password').fill('something else');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('The passwords do not match.').waitFor();
    assert.equal(await dialog.getByLabel('New password', { exact: true }).inputValue(), ROOT_PASSWORD);
    await assertAccessible(page, 'the forced password change dialog');
    await screenshot(page, 'change-password');
    await dialog.getByLabel('Repeat new password').fill(ROOT_PASSWORD);
    await dialog.getByRole('button', { name: 'Change password' }).click();

    await page.getByRole('heading', { name: 'Identity services', level: 1 }).waitFor();
    await page.getByText('Your password has been changed.').waitFor();
    assert.match(page.url(), /\/admin\/services$/);
    assert.equal(await page.locator('tr[data-service="JOC-INITIAL"]').count(), 1);
    // The token is in sessionStorage, the password is not.
    const stored = await page.evaluate(() => sessionStorage.getItem('keyward.session') ?? '');
    assert.match(stored, /accessToken/);
    assert.ok(!stored.includes(ROOT_PASSWORD));

    await page.getByRole('button', { name: 'Logout' }).click();
    await page.getByText('You have signed out.').waitFor();
    await submitLogin(page, 'root', 'root');
    await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
    await loginUi(page, env.url, 'root', ROOT_PASSWORD);
    await page.getByRole('link', { name: 'My profile' }).click();
    await page.getByTestId('profile-account').filter({ hasText: 'root' }).waitFor();
    await assertAccessible(page, 'the profile page');
    await screenshot(page, 'profile');
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
