// Issue 7 proof in a real browser: headless Chromium with a DevTools virtual authenticator (notes §4b; served on
// http://localhost — WebAuthn refuses IP addresses). A user registers a security key from the login page, confirms
// the address with the link from the mail a real SMTP server received, an administrator approves the request and
// assigns a role in the console, and the user signs in with the key ("Continue with FIDO").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { linkIn, startSmtp, type SmtpFixture } from '../support/smtp-fixture.js';
import { api, assertAccessible, loginUi, newPage, prepareRoot, ROOT_PASSWORD, rowAction, screenshot, startE2e, withFailureScreenshot, type E2eEnv } from './browser-harness.js';

const SERVICE = 'FIDO';

async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

describe('FIDO registration, approval and login in the browser (e2e)', () => {
  let env: E2eEnv;
  let smtp: SmtpFixture;
  let root: string;

  before(async () => {
    smtp = await startSmtp();
    env = await startE2e({ env: { KEYWARD_SMTP_URL: smtp.url, KEYWARD_MAIL_FROM: 'Keyward <keyward@example.org>' } });
    root = await prepareRoot(env);
    await api(env, root, '/iam/identityservice/store', { identityServiceName: SERVICE, identityServiceType: 'FIDO', serviceAuthenticationScheme: 'SINGLE-FACTOR' });
    await api(env, root, '/iam/role/store', { identityServiceName: SERVICE, roleName: 'operators' });
    await api(env, root, '/iam/permissions/store', { identityServiceName: SERVICE, roleName: 'operators', controllerId: '', permissions: [{ permissionPath: 'sos:products:controller:view' }] });
  });
  after(async () => {
    await env?.close();
    await smtp?.stop();
  });

  it('register from the login page → confirm via the mailed link → approve and assign a role as admin → log in with the key', async () => {
    const user = await newPage(env);
    const { cdp, authenticatorId } = await addVirtualAuthenticator(user.page);
    await withFailureScreenshot(user.page, 'fido-user', async () => {
      const page = user.page;
      await page.goto(`${env.url}/`);
      await page.getByRole('button', { name: `Continue with ${SERVICE}` }).waitFor();
      await assertAccessible(page, 'the login page with a FIDO service');
      await page.getByRole('button', { name: `Register Security Key for ${SERVICE}` }).click();
      const dialog = page.getByRole('dialog', { name: `Register a security key for ${SERVICE}` });
      await dialog.getByLabel('Account').fill('alice');
      await dialog.getByLabel('E-mail').fill('alice@example.org');
      await assertAccessible(page, 'the registration dialog');
      await screenshot(page, 'fido-register');
      await dialog.getByRole('button', { name: 'Register security key' }).click();
      await dialog.getByText('Your registration was received.').waitFor();
      await screenshot(page, 'fido-register-done');
      const stored = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      assert.equal(stored.credentials.length, 1, 'the authenticator holds the new (resident) credential');
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();

      // The confirmation mail, received by a real SMTP server; its link opens the console's confirmation page.
      const mail = await smtp.waitForMail((m) => m.to.includes('alice@example.org'));
      const link = linkIn(mail, '/email_verify');
      assert.ok(link.startsWith(`${env.url}/email_verify?token=`), link);
      await page.goto(link);
      await page.getByRole('heading', { name: 'Confirm your e-mail address' }).waitFor();
      await page.getByRole('button', { name: 'Confirm e-mail address' }).click();
      await page.getByText('is confirmed for FIDO').waitFor();
      assert.equal(new URL(page.url()).search, '', 'the token left the address bar');
      await screenshot(page, 'fido-email-confirmed');
    });

    // The administrator approves the request and assigns a role, in the console.
    const admin = await newPage(env);
    await withFailureScreenshot(admin.page, 'fido-admin', async () => {
      const page = admin.page;
      await loginUi(page, env.url, 'root', ROOT_PASSWORD);
      await page.goto(`${env.url}/admin/services/${SERVICE}/registrations`);
      const row = page.locator('tr[data-registration="alice"]');
      await row.waitFor();
      assert.match(await row.innerText(), /alice@example\.org[\s\S]*yes[\s\S]*user verified/);
      await assertAccessible(page, 'the pending requests page');
      await screenshot(page, 'fido-pending-requests');
      await row.getByRole('checkbox', { name: 'Select alice' }).check();
      await page.getByRole('button', { name: 'Approve selected' }).click();
      await page.getByText('Approved alice.').waitFor();
      await row.waitFor({ state: 'detached' });

      await page.goto(`${env.url}/admin/services/${SERVICE}/accounts`);
      const account = page.locator('tr[data-account="alice"]');
      await account.waitFor();
      await rowAction(account, 'Edit');
      const edit = page.getByRole('dialog', { name: /alice/ });
      await edit.getByRole('checkbox', { name: 'operators' }).check();
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await account.getByText('operators').waitFor();

      await page.goto(`${env.url}/admin/services/${SERVICE}/settings`);
      await page.getByRole('form', { name: 'FIDO settings' }).waitFor();
      await assertAccessible(page, 'the FIDO settings form');
      await screenshot(page, 'fido-settings');
      await page.goto(`${env.url}/admin/mail`);
      await page.getByRole('heading', { name: 'Undelivered mails' }).waitFor();
      await page.getByText('All mails are delivered.').waitFor();
      await screenshot(page, 'mail');
      assert.deepEqual(admin.pageErrors, []);
    });

    // The "registration completed" mail, then the login with the key.
    await smtp.waitForMail((m) => m.to.includes('alice@example.org') && /completed/i.test(m.subject));
    await withFailureScreenshot(user.page, 'fido-login', async () => {
      const page = user.page;
      await page.goto(`${env.url}/`);
      await page.getByRole('button', { name: `Continue with ${SERVICE}` }).click();
      await page.getByRole('button', { name: 'Logout' }).waitFor();
      await page.goto(`${env.url}/profile`);
      assert.equal(await page.getByTestId('profile-account').innerText(), 'alice');
      const keys = page.getByRole('table', { name: `Keys for ${SERVICE}` });
      await keys.waitFor();
      assert.equal(await keys.locator('tbody tr').count(), 1);
      await screenshot(page, 'fido-profile-keys');
      assert.deepEqual(user.pageErrors, []);
    });
    await user.context.close();
    await admin.context.close();
  });

  it('a password login with a FIDO second factor: register from the login page, then password + key', async () => {
    await api(env, root, '/iam/identityservice/store', { identityServiceName: 'FIDO-2FA', identityServiceType: 'FIDO', serviceAuthenticationScheme: 'SINGLE-FACTOR', secondFactor: true });
    await api(env, root, '/configuration/save', { configurationType: 'IAM', objectType: 'FIDO', name: 'FIDO-2FA', configurationItem: JSON.stringify({ fido: { iamFidoRequireConfirmedEmail: false } }) });
    await api(env, root, '/iam/identityservice/store', { identityServiceName: 'PW', identityServiceType: 'JOC', serviceAuthenticationScheme: 'TWO-FACTOR', secondFactorIdentityServiceName: 'FIDO-2FA' });
    await api(env, root, '/iam/role/store', { identityServiceName: 'PW', roleName: 'operators' });
    await api(env, root, '/iam/permissions/store', { identityServiceName: 'PW', roleName: 'operators', controllerId: '', permissions: [{ permissionPath: 'sos:products:controller:view' }] });
    await api(env, root, '/iam/account/store', { identityServiceName: 'PW', accountName: 'bob', password: 'Bob-Secret-1', forcePasswordChange: false, roles: ['operators'] });

    const user = await newPage(env);
    await addVirtualAuthenticator(user.page);
    await withFailureScreenshot(user.page, 'fido-2fa', async () => {
      const page = user.page;
      await page.goto(`${env.url}/`);
      await page.getByRole('button', { name: 'Register Security Key for FIDO-2FA' }).click();
      const dialog = page.getByRole('dialog', { name: 'Register a security key for FIDO-2FA' });
      await dialog.getByLabel('Account').fill('bob');
      await dialog.getByLabel('E-mail').fill('bob@example.org');
      await dialog.getByRole('button', { name: 'Register security key' }).click();
      await dialog.getByText('Your registration was received.').waitFor();
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();
      await api(env, root, '/iam/fidoregistration/approve', { identityServiceName: 'FIDO-2FA', accounts: [{ accountName: 'bob' }] });

      // The password alone is not enough; the browser then asks the key (the virtual authenticator answers).
      await page.getByRole('textbox', { name: 'Account', exact: true }).fill('bob');
      await page.getByLabel('Password', { exact: true }).fill('Bob-Secret-1');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('button', { name: 'Logout' }).waitFor();
      await page.goto(`${env.url}/profile`);
      assert.equal(await page.getByTestId('profile-account').innerText(), 'bob');
      await page.getByRole('table', { name: 'Keys for FIDO-2FA' }).waitFor();
      assert.deepEqual(user.pageErrors, []);
    });
    await user.context.close();
  });
});
