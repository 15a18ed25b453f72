// Issue 5 proof in a real browser: Chromium clicks "Continue with <name>", logs in at the provider's own page
// (oidc-provider's login and consent forms), lands in the Keyward console with the roles its groups map to, and logs
// out — which also ends the provider session (RP-initiated logout), so the next "Continue with" asks for the login.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '../support/api-client.js';
import { CLIENT_SECRET, OidcProviderFixture } from '../support/oidc-provider-fixture.js';
import { api, assertAccessible, newPage, prepareRoot, screenshot, startE2e, withFailureScreenshot, type E2eEnv } from './browser-harness.js';

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

  it('single sign-on: with an active provider session the console signs in without any prompt', async () => {
    const { page, context } = await newPage(env);
    await withFailureScreenshot(page, 'oidc-sso', async () => {
      await page.goto(`${env.url}/`);
      await page.getByRole('button', { name: 'Continue with Corp SSO' }).click();
      await page.locator('input[name="login"]').fill('bob');
      await page.locator('input[name="password"]').fill('bob-password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Logout' }).waitFor();
      // A second tab of the same browser: no password, no consent.
      const second = await context.newPage();
      await second.goto(`${env.url}/`);
      await second.getByRole('button', { name: 'Continue with Corp SSO' }).click();
      await second.getByRole('button', { name: 'Logout' }).waitFor();
      assert.equal(new URL(second.url()).origin, new URL(env.url).origin);
    });
    await context.close();
  });
});
