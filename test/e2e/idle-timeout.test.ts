// Issue 3 proof: the idle timeout set on the global settings page ends the session and returns to the login page;
// what was typed in an open dialog survives the re-login. Also: a 440 from any call ends the session the same way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, assertAccessible, loginUi, newPage, prepareRoot, ROOT_PASSWORD, screenshot, startE2e, submitLogin, withFailureScreenshot, type E2eEnv } from './browser-harness.js';

describe('session idle timeout (e2e)', () => {
  let env: E2eEnv;
  let token: string;
  before(async () => {
    env = await startE2e();
    token = await prepareRoot(env);
  });
  after(async () => {
    await env?.close();
  });

  it('ends the session after a 5 s idle timeout set on the global settings page, keeping the open dialog', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await withFailureScreenshot(page, 'idle-timeout', async () => {
      await loginUi(page, env.url, 'root', ROOT_PASSWORD);
      await page.getByRole('link', { name: 'Global settings' }).click();
      const timeout = page.getByLabel('Idle session timeout');
      await timeout.waitFor();
      // A refusal only the server can make is shown next to the field it concerns, in plain words.
      const minLength = page.getByLabel('Minimum password length');
      const initialMin = await minLength.inputValue();
      await minLength.fill('64');
      await page.getByRole('button', { name: 'Save settings' }).click();
      const initialField = page.locator('.field').filter({ has: page.getByLabel('Initial password') });
      await initialField.locator('.field-error').filter({ hasText: /^⚠ The initial password is shorter than the minimum password length/ }).waitFor();
      await minLength.fill(initialMin);
      await timeout.fill('5');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Use a whole number followed by s, m, h or d (for example 30s, 15m, 8h or 1d).').waitFor();
      await timeout.fill('5s');
      await assertAccessible(page, 'the global settings page');
      await screenshot(page, 'global-settings');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText(/Global settings saved/).waitFor();
      const saved = await api<{ configuration: { configurationItem: string } }>(env, token, '/configuration', { configurationType: 'GLOBALS' });
      assert.equal(JSON.parse(saved.configuration.configurationItem).identityService.idle_session_timeout.value, '5s');

      // The new timeout applies from the next login.
      await page.getByRole('button', { name: 'Logout' }).click();
      await page.getByText('You have signed out.').waitFor();
      const touches: number[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/joc/api/touch')) touches.push(Date.now());
      });
      await submitLogin(page, 'root', ROOT_PASSWORD);
      await page.getByRole('button', { name: 'Logout' }).waitFor();
      assert.match(await page.getByTestId('idle-countdown').innerText(), /^0:0[0-5]$/);
      // Less than a minute left: the warning shows at once.
      await page.getByRole('alert').filter({ hasText: 'Your session will expire in less than a minute' }).waitFor();

      // Start typing into a dialog, then stay idle.
      await page.getByRole('link', { name: 'Identity services' }).click();
      await page.getByRole('button', { name: 'Add identity service' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add identity service' });
      await dialog.getByLabel('Name').pressSequentially('Typed-before-expiry');
      const lastActivity = Date.now();

      await page.getByTestId('login-notice').filter({ hasText: 'Your session has expired.' }).waitFor({ timeout: 10_000 });
      assert.ok(Date.now() - lastActivity < 9_000, 'expired within the idle timeout (+ margin) after the last activity');
      assert.ok(touches.every((t) => t <= lastActivity + 500), 'no touch is sent while the user is idle');
      assert.match(await page.getByTestId('login-notice').innerText(), /Sign in again to continue; your unsaved changes are kept\./);
      assert.equal(await page.getByRole('textbox', { name: 'Account', exact: true }).inputValue(), 'root');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.session')), null);
      await assertAccessible(page, 'the login page after expiry');
      await screenshot(page, 'session-expired');

      // Signing in again as the same account brings the dialog back with the typed text.
      await page.getByLabel('Password', { exact: true }).fill(ROOT_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await dialog.waitFor();
      assert.equal(await dialog.getByLabel('Name').inputValue(), 'Typed-before-expiry');
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      // Restore a usable timeout for the next test.
      await api(env, await prepareRoot(env), '/configuration/save', {
        configurationType: 'GLOBALS',
        configurationItem: JSON.stringify({ identityService: { idle_session_timeout: { value: '15m' }, initial_password: { value: '********' }, minimum_password_length: { value: '1' } } }),
      });
      assert.deepEqual(pageErrors, []);
    });
    await context.close();
  });

  it('a session cancelled on the server (440 on the next call) also returns to the login page', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await withFailureScreenshot(page, 'session-cancelled', async () => {
      await loginUi(page, env.url, 'root', ROOT_PASSWORD);
      await page.getByRole('heading', { name: 'Identity services', level: 1 }).waitFor();
      const own = await page.evaluate(() => JSON.parse(sessionStorage.getItem('keyward.session') ?? '{}').accessToken as string);
      const sessions = await api<{ activeSessions: { id: string; accountName: string }[] }>(env, token, '/iam/sessions', {});
      assert.ok(sessions.activeSessions.length >= 1);
      // End every root session except the test's API token.
      const ids = sessions.activeSessions.map((s) => s.id);
      await api(env, token, '/iam/sessions/cancel', { ids });
      assert.ok(own.length > 0);
      await page.getByRole('link', { name: 'Blocklist' }).click();
      await page.getByTestId('login-notice').filter({ hasText: 'Your session has expired.' }).waitFor();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      // After signing in again the page reloads what failed with the ended session.
      await page.getByLabel('Password', { exact: true }).fill(ROOT_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Blocklist' }).waitFor();
      await page.getByText('No account is blocked.').waitFor();
      assert.deepEqual(pageErrors, []);
    });
    await context.close();
  });
});
