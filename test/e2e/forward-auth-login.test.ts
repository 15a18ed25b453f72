// Issue 8 proof in a real browser: a protected application's 401 sends the browser to Keyward's login page with
// `rd`; signing in sets the keyward_session cookie and goes through /auth/return back to the application, after
// which /auth/verify accepts the browser's cookie. And the permission editor shows the applications' own permission
// trees (KEYWARD_PERMISSION_CATALOGUE) beside JS7's: a grant made there is what /authentication/check answers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { call, login } from '../support/api-client.js';
import { api, assertAccessible, loginUi, newPage, prepareRoot, ROOT_PASSWORD, screenshot, startE2e, submitLogin, withFailureScreenshot, type E2eEnv } from './browser-harness.js';

const CATALOGUE = `
applications:
  - root: shop
    title: Web shop
    description: Orders and refunds of the web shop
    permissions:
      - shop:orders:view
      - shop:orders:create
      - path: shop:refunds:create
        description: Refund an order
`;

const RULES = `
rules:
  - path: /app/**
    permission: shop:orders:create
    activity: true
  - path: /**
`;

const SERVICE = 'JOC-INITIAL';

function permRow(page: Page, p: string) {
  return page.locator(`tr[data-perm-path="${p}"]`);
}

/** What nginx would ask Keyward for a request of the browser to `uri` on this origin. */
function verifyHeaders(env: E2eEnv, uri: string): Record<string, string> {
  return { 'X-Original-URI': uri, 'X-Original-Method': 'GET', 'X-Forwarded-Host': new URL(env.url).host, 'X-Forwarded-Proto': 'http' };
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === 'keyward_session');
}

async function checks(env: E2eEnv, account: string, password: string, permissions: string[]): Promise<boolean[]> {
  const r = await login(env.url, account, password);
  assert.equal(r.status, 200, `${account} login: ${JSON.stringify(r.body)}`);
  const answer = await api<{ results: boolean[] }>(env, String(r.body.accessToken), '/authentication/check', { checks: permissions.map((permission) => ({ permission })) });
  return answer.results;
}

describe('forward-auth login and the permission catalogue (e2e)', () => {
  let env: E2eEnv;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-fa-e2e-'));
    writeFileSync(path.join(dir, 'catalogue.yaml'), CATALOGUE);
    writeFileSync(path.join(dir, 'rules.yaml'), RULES);
    env = await startE2e({ env: { KEYWARD_AUTH_RULES: path.join(dir, 'rules.yaml'), KEYWARD_PERMISSION_CATALOGUE: path.join(dir, 'catalogue.yaml') } });
    const token = await prepareRoot(env);
    await api(env, token, '/iam/role/store', { identityServiceName: SERVICE, roleName: 'shoppers' });
    await api(env, token, '/iam/permissions/store', {
      identityServiceName: SERVICE, roleName: 'shoppers', controllerId: '', permissions: [{ permissionPath: 'shop:orders:create', excluded: false }],
    });
    await api(env, token, '/iam/account/store', { identityServiceName: SERVICE, accountName: 'bob', password: 'Bob-Secret-1', forcePasswordChange: false, roles: ['shoppers'] });
    await api(env, token, '/iam/account/store', { identityServiceName: SERVICE, accountName: 'carol', password: 'Carol-Secret-1', forcePasswordChange: true, roles: ['shoppers'] });
  });
  after(async () => {
    await env?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a protected page\'s login URL brings the browser back through /auth/return, and the cookie then passes /auth/verify', async () => {
    const { page, context, pageErrors } = await newPage(env);
    await withFailureScreenshot(page, 'forward-auth-login', async () => {
      const target = `${env.url}/app/orders?view=open`;
      // No session: 401 with the login URL carrying the original URL.
      const denied = await call(env.url, '/auth/verify', { method: 'GET', headers: verifyHeaders(env, '/app/orders?view=open') });
      assert.equal(denied.status, 401);
      const loginUrl = denied.headers.get('x-keyward-login-url') ?? '';
      assert.equal(new URL(loginUrl).searchParams.get('rd'), target);

      const navigations: string[] = [];
      page.on('request', (r) => {
        if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigations.push(r.url());
      });
      await page.goto(loginUrl);
      await page.getByTestId('login-return-note').waitFor();
      await assertAccessible(page, 'the login page with rd');
      await submitLogin(page, 'bob', 'Bob-Secret-1');
      await page.waitForURL(target);

      const returnUrl = `${env.url}/auth/return?${new URLSearchParams({ rd: target })}`;
      assert.ok(navigations.includes(returnUrl), `navigations: ${navigations.join(' , ')}`);
      // The page went to /auth/return, never straight to the target: the server's 302 took it there.
      assert.ok(navigations.indexOf(returnUrl) < navigations.lastIndexOf(target));
      assert.equal(navigations.filter((u) => u === target).length, 1);

      const cookie = await sessionCookie(context);
      assert.ok(cookie, 'keyward_session cookie set');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');

      // The browser's cookie (page.request shares the context's cookie jar) passes forward auth.
      const verified = await page.request.get(`${env.url}/auth/verify`, { headers: verifyHeaders(env, '/app/orders?view=open') });
      assert.equal(verified.status(), 200);
      assert.equal(verified.headers()['x-keyward-account'], 'bob');
      // Without the cookie it does not.
      assert.equal((await call(env.url, '/auth/verify', { method: 'GET', headers: verifyHeaders(env, '/app/orders') })).status, 401);
      assert.deepEqual(pageErrors, []);
    });
    await context.close();
  });

  it('an unsafe rd is not followed: /auth/return sends the browser to Keyward\'s own /', async () => {
    const { page, context } = await newPage(env);
    await withFailureScreenshot(page, 'forward-auth-unsafe-rd', async () => {
      await page.goto(`${env.url}/?${new URLSearchParams({ rd: 'https://evil.example/phish' })}`);
      await submitLogin(page, 'bob', 'Bob-Secret-1');
      await page.waitForURL(`${env.url}/`);
      await page.getByRole('button', { name: 'Logout' }).waitFor();
      assert.ok(await sessionCookie(context));
    });
    await context.close();
  });

  it('after a forced password change the browser also returns to the application', async () => {
    const { page, context } = await newPage(env);
    await withFailureScreenshot(page, 'forward-auth-password-change', async () => {
      const target = `${env.url}/app/orders`;
      await page.goto(`${env.url}/?${new URLSearchParams({ rd: target })}`);
      await submitLogin(page, 'carol', 'Carol-Secret-1');
      const dialog = page.getByRole('dialog', { name: 'Change your password' });
      await dialog.waitFor();
      // A pending password change is no valid session for forward auth yet.
      assert.equal((await page.request.get(`${env.url}/auth/verify`, { headers: verifyHeaders(env, '/app/orders') })).status(), 401);
      await dialog.getByLabel('New password', { exact: true }).fill('Carol-Secret-2');
      await dialog.getByLabel('Repeat new password').fill('Carol-Secret-2');
      await dialog.getByRole('button', { name: 'Change password' }).click();
      await page.waitForURL(target);
      const verified = await page.request.get(`${env.url}/auth/verify`, { headers: verifyHeaders(env, '/app/orders') });
      assert.equal(verified.status(), 200);
      assert.equal(verified.headers()['x-keyward-account'], 'carol');
    });
    await context.close();
  });

  it('without rd the console login sets no cookie (unchanged behaviour)', async () => {
    const { page, context } = await newPage(env);
    await loginUi(page, env.url, 'bob', 'Bob-Secret-1');
    assert.equal(await sessionCookie(context), undefined);
    assert.match(page.url(), new RegExp(`^${env.url}/`));
    await context.close();
  });

  it('the role editor shows the catalogue beside JS7\'s tree; granting a catalogue permission changes the account\'s checks', async () => {
    assert.deepEqual(await checks(env, 'bob', 'Bob-Secret-1', ['shop:orders:view', 'shop:orders:create', 'shop:refunds:create']), [false, true, false]);
    const { page, context, pageErrors } = await newPage(env);
    await withFailureScreenshot(page, 'permission-catalogue', async () => {
      await loginUi(page, env.url, 'root', ROOT_PASSWORD);
      await page.getByRole('link', { name: SERVICE, exact: true }).click();
      await page.getByRole('link', { name: 'Roles and permissions' }).click();
      await page.getByRole('link', { name: 'shoppers' }).click();
      await page.getByRole('heading', { name: 'Role shoppers' }).waitFor();
      await page.getByTestId('no-changes').waitFor();

      const section = page.getByRole('region', { name: /Web shop/ });
      await section.waitFor();
      assert.match(await section.innerText(), /Orders and refunds of the web shop/);
      // JS7's tree is still there, above.
      assert.equal(await permRow(page, 'sos:products').count(), 1);
      await permRow(page, 'shop:orders').getByRole('button', { name: 'Expand orders' }).click();
      assert.equal(await permRow(page, 'shop:orders:create').locator('button.tri-state').getAttribute('data-state'), 'granted');
      assert.equal(await permRow(page, 'shop:orders:view').locator('[data-effective]').getAttribute('data-effective'), 'not-granted');

      // Grant the view permission with the same tri-state control; the effect is shown before saving.
      await permRow(page, 'shop:orders:view').locator('button.tri-state').click();
      assert.equal(await permRow(page, 'shop:orders:view').locator('button.tri-state').getAttribute('data-state'), 'granted');
      assert.match(await page.getByTestId('now-permitted').innerText(), /shop:orders:view/);
      assert.equal(await permRow(page, 'shop:orders').locator('.leaf-count').innerText(), '2 of 2');

      // The summary's buttons fit inside the panel at 1280px (they used to be clipped on the left).
      const summary = page.getByRole('complementary', { name: 'Unsaved changes' });
      const panel = await summary.boundingBox();
      for (const name of ['Discard changes', 'Save changes']) {
        const box = await summary.getByRole('button', { name }).boundingBox();
        assert.ok(panel && box && box.x >= panel.x && box.x + box.width <= panel.x + panel.width, `${name} inside the panel: ${JSON.stringify({ panel, box })}`);
      }
      await assertAccessible(page, 'the permission editor with the catalogue');
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, 'permission-editor-catalogue');

      // A controller tab has no application rows (they are not controller-specific).
      await page.getByRole('button', { name: 'Add controller' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add controller' });
      await dialog.getByLabel('Controller ID').fill('controller-eu');
      await dialog.getByLabel('Controller ID').press('Enter');
      await page.getByRole('tab', { name: /Controller controller-eu/, selected: true }).waitFor();
      assert.equal(await permRow(page, 'shop').count(), 0);
      await page.getByRole('tab', { name: /Default/ }).click();
      await section.waitFor();

      await summary.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText(/Permissions of role shoppers saved/).waitFor();
      await page.getByTestId('no-changes').waitFor();
      assert.deepEqual(pageErrors, []);
    });
    await context.close();

    const token = await prepareRoot(env);
    const rows = await api<{ permissions: { permissionPath: string; excluded: boolean }[] }>(env, token, '/iam/permissions', { identityServiceName: SERVICE, roleName: 'shoppers' });
    assert.deepEqual(rows.permissions.map((p) => [p.permissionPath, p.excluded]).sort(), [['shop:orders:create', false], ['shop:orders:view', false]]);
    assert.deepEqual(await checks(env, 'bob', 'Bob-Secret-1', ['shop:orders:view', 'shop:orders:create', 'shop:refunds:create']), [true, true, false]);
  });
});
