// Issue 5 proof in a real browser: Chromium clicks "Continue with <name>", logs in at the provider's own page
// (oidc-provider's login and consent forms), lands in the Keyward console with the roles its groups map to, and logs
// out — which also ends the provider session (RP-initiated logout), so the next "Continue with" asks for the login.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '../support/api-client.js';
import { CLIENT_SECRET, OidcProviderFixture } from '../support/oidc-provider-fixture.js';
import { api, assertAccessible, loginUi, newPage, prepareRoot, ROOT_PASSWORD, screenshot, startE2e, withFailureScreenshot, type E2eEnv } from './browser-harness.js';

describe('OIDC login in the browser (e2e)', () => {
  let env: E2eEnv;
  let op: OidcProviderFixture;

  before(async () => {
    env = await startE2e();
    // The console's root URL is the redirect URI (and post-logout redirect URI) registered at the provider.
    op = await OidcProviderFixture.start({ redirectUris: [`${env.url}/`], postLogoutRedirectUris: [`${env.url}/`] });
    const root = await prepareRoot(env);
    await api(env, root, '/iam/identityservice/store', { identityServiceName: 'CorpSSO', identityServiceType: 'OIDC', serviceAuthenticationScheme: 'SINGLE-FACTOR' });
    await api(env, root, '/iam/role/store', { identityServiceName: 'CorpSSO', roleName: 'administrator' });
    await api(env, root, '/iam/permissions/store', { identityServiceName: 'CorpSSO', roleName: 'administrator', controllerId: '', permissions: [{ permissionPath: 'sos:products:joc:administration:accounts:view' }] });
    await api(env, root, '/iam/role/store', { identityServiceName: 'CorpSSO', roleName: 'staff' });
    await api(env, root, '/iam/permissions/store', { identityServiceName: 'CorpSSO', roleName: 'staff', controllerId: '', permissions: [{ permissionPath: 'sos:products:joc:inventory:view' }] });
    await api(env, root, '/configuration/save', {
      configurationType: 'IAM', objectType: 'OIDC', name: 'CorpSSO',
      configurationItem: JSON.stringify({ oidc: {
        iamOidcName: 'Corp SSO', iamOidcAuthenticationUrl: op.issuer, iamOidcClientId: 'keyward', iamOidcClientSecret: CLIENT_SECRET,
        iamOidcAllowInsecureHttpIssuer: true, iamOidcGroupClaims: ['groups'], iamOidcGroupScopes: ['groups'],
        iamOidcGroupRolesMap: { items: [{ oidcGroup: 'js7-admins', roles: ['administrator'] }, { oidcGroup: 'staff', roles: ['staff'] }] },
      } }),
    });
  });
  after(async () => {
    await env?.close();
    await op?.close();
  });

  it('Continue with Corp SSO → provider login → console with the mapped roles → logout ends the provider session', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await withFailureScreenshot(page, 'oidc-login', async () => {
      await page.goto(`${env.url}/`);
      const button = page.getByRole('button', { name: 'Continue with Corp SSO' });
      await button.waitFor();
      await assertAccessible(page, 'the login page with an OIDC button');
      await button.click();

      // The provider's own pages (another origin).
      await page.waitForURL((u) => u.href.startsWith(op.issuer));
      await page.locator('input[name="login"]').fill('alice');
      await page.locator('input[name="password"]').fill('alice-password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();

      // Back in the console: signed in, the code is gone from the address bar.
      await page.getByRole('button', { name: 'Logout' }).waitFor();
      assert.equal(new URL(page.url()).origin, new URL(env.url).origin);
      assert.equal(new URL(page.url()).searchParams.has('code'), false);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('keyward.oidc.pending')), null);
      await page.goto(`${env.url}/profile`);
      const roles = page.locator('dt', { hasText: 'Roles' }).locator('xpath=following-sibling::dd[1]');
      await roles.waitFor();
      assert.deepEqual((await roles.innerText()).split(',').map((r) => r.trim()).sort(), ['administrator', 'staff']);
      assert.match(await page.locator('main').innerText(), /alice/);
      await screenshot(page, 'oidc-profile');

      // Logout: Keyward ends the session and sends the browser to the provider's end-session page.
      const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('keyward.session') ?? '{}') as { accessToken?: string }).accessToken ?? '');
      assert.notEqual(token, '');
      await page.getByRole('button', { name: 'Logout' }).click();
      await page.waitForURL((u) => u.href.startsWith(`${op.issuer}/session/end`));
      assert.equal((await call(env.url, '/joc/api/touch', { token })).status, 440, 'the Keyward session ended');
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL((u) => u.href.startsWith(env.url));
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();

      // The provider session is gone: "Continue with" asks for the login again.
      await page.getByRole('button', { name: 'Continue with Corp SSO' }).click();
      await page.waitForURL((u) => u.href.startsWith(op.issuer));
      await page.locator('input[name="login"]').waitFor();
      assert.deepEqual(pageErrors, []);
    });
    await context.close();
  });

  it('settings form: shows the stored settings with the secret write-only; a new caption reaches the login page', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await withFailureScreenshot(page, 'oidc-settings', async () => {
      await loginUi(page, env.url, 'root', ROOT_PASSWORD);
      await page.goto(`${env.url}/admin/services/CorpSSO/settings`);
      const form = page.getByRole('form', { name: 'OpenID Connect settings' });
      await form.waitFor();
      // The form renders at once and fills in the stored settings when they arrive: wait for them, then check.
      const issuer = form.getByLabel('Issuer (authentication URL)');
      for (let i = 0; i < 100 && (await issuer.inputValue()) !== op.issuer; i++) await page.waitForTimeout(50);
      assert.equal(await issuer.inputValue(), op.issuer);
      const secret = form.getByLabel('Client secret');
      assert.equal(await secret.inputValue(), '', 'the secret is never sent to the browser');
      assert.equal(await secret.getAttribute('placeholder'), 'Unchanged');
      assert.equal(await form.getByRole('textbox', { name: 'Group 1', exact: true }).inputValue(), 'js7-admins');
      await assertAccessible(page, 'the OIDC settings form');
      await screenshot(page, 'oidc-settings', { top: true });
      // A refusal from the server lands next to its field, and nothing typed is lost.
      await form.getByLabel('Clock skew (seconds)').fill('30');
      await form.getByLabel('Issuer (authentication URL)').fill('https://op.example.com/?x=1');
      await form.getByRole('button', { name: 'Save settings' }).click();
      await form.getByText(/must not carry a query/).waitFor();
      await form.getByLabel('Issuer (authentication URL)').fill(op.issuer);
      await form.getByLabel('Button caption').fill('Corporate Login');
      await form.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings of CorpSSO saved.').waitFor();
      const providers = await call(env.url, '/joc/api/iam/identityproviders', {});
      assert.equal((providers.body.oidcServiceItems as { iamOidcName: string }[])[0]?.iamOidcName, 'Corporate Login');
      // The secret was kept: a login still works.
      await page.getByRole('button', { name: 'Logout' }).click();
      await page.getByRole('button', { name: 'Continue with Corporate Login' }).waitFor();
      await screenshot(page, 'oidc-login-button');
      const saved = await call(env.url, '/joc/api/configuration', { token: await prepareRoot(env), body: { configurationType: 'IAM', objectType: 'OIDC', name: 'CorpSSO' } });
      assert.match(String((saved.body.configuration as { configurationItem: string }).configurationItem), /"iamOidcClientSecret":"\*{8}"/);
      assert.deepEqual(pageErrors, []);
    });
    await context.close();
  });

  it('single sign-on: with an active provider session the console signs in without any prompt', async () => {
    const { page, context } = await newPage(env);
    await withFailureScreenshot(page, 'oidc-sso', async () => {
      await page.goto(`${env.url}/`);
      await page.getByRole('button', { name: /^Continue with Corp/ }).click();
      await page.locator('input[name="login"]').fill('bob');
      await page.locator('input[name="password"]').fill('bob-password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Logout' }).waitFor();
      // A second tab of the same browser: no password, no consent.
      const second = await context.newPage();
      await second.goto(`${env.url}/`);
      await second.getByRole('button', { name: /^Continue with Corp/ }).click();
      await second.getByRole('button', { name: 'Logout' }).waitFor();
      assert.equal(new URL(second.url()).origin, new URL(env.url).origin);
    });
    await context.close();
  });
});
