import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../../src/forward-auth/session-cookie.js';
import { call, login } from '../../support/api-client.js';
import type { Seen } from '../../support/echo-app.js';
import type { TestKeyward } from '../../support/keyward-server.js';
import { documentedCaddyfile, freePort, startCaddy, substitute, type RunningCaddy } from './caddy-fixture.js';
import { PASSWORD } from './fixtures.js';
import { loginAsBrowser, requestThrough, SHOP_RULES, startProxyWorld, type ProxyWorld } from './proxy-world.js';

/** The Caddy section of this file holds the Caddyfile under test; it is run as is, only addresses replaced. */
const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/protecting-apps.md');

let world: ProxyWorld | undefined;
let kw: TestKeyward;
let caddy: RunningCaddy | undefined;

before(async () => {
  world = await startProxyWorld({
    catalogue: 'applications:\n  - root: shop\n    permissions: [shop:orders:view, shop:orders:create, shop:admin]\n',
    // /admin/** needs its own permission: only Caddy handing Keyward the original path tells it from /orders/**.
    rules: `${SHOP_RULES}  - path: /admin/**
    permission: shop:admin
`,
    roles: [
      { name: 'shop_clerk', permissions: [{ path: 'shop:orders' }] },
      { name: 'shop_viewer', permissions: [{ path: 'shop:orders:view' }] },
      { name: 'wiki_editor', permissions: [{ path: 'sos:products:joc:documentations:view' }] },
    ],
    accounts: { clerk: ['shop_clerk'], viewer: ['shop_viewer'], editor: ['wiki_editor'] },
  });
  kw = world.kw;
  const port = await freePort();
  let site = documentedCaddyfile(readFileSync(DOC, 'utf8'));
  // Plain HTTP on a free local port instead of shop.example.com (whose HTTPS certificate Caddy would fetch).
  site = substitute(site, 'shop.example.com {', `http://127.0.0.1:${port} {`);
  site = substitute(site, 'keyward:4446', new URL(kw.url).host);
  site = substitute(site, 'shop:8080', `127.0.0.1:${world.app.port}`);
  caddy = await startCaddy(site, port);
});

after(async () => {
  // Each step runs even if the one before fails; caddy is stopped by its PID.
  await caddy?.stop().catch(() => undefined);
  await world?.stop();
});

interface Through { status: number; location: string | null; loginUrlHeader: string | null; body: string; seen: Seen | undefined; appCalled: boolean }

/** A request through Caddy, and what the application received, if Caddy let it through. */
async function through(pathname: string, opts: Parameters<typeof requestThrough>[2] = {}): Promise<Through> {
  if (caddy === undefined || world === undefined) throw new Error('caddy is not running');
  const appCalls = world.app.calls;
  const callsBefore = appCalls.length;
  const res = await requestThrough(caddy.url, pathname, opts);
  const body = await res.text();
  const appCalled = appCalls.length > callsBefore;
  return {
    status: res.status,
    location: res.headers.get('location'),
    loginUrlHeader: res.headers.get('x-keyward-login-url'),
    body,
    // Only what the application answered counts as "seen" (a JSON answer of Keyward's must not pass for it).
    seen: appCalled ? appCalls[appCalls.length - 1] : undefined,
    appCalled,
  };
}

const browserLogin = (account: string): Promise<{ cookie: string; token: string }> => loginAsBrowser(kw.url, account);

/** Identity headers a client might send to pose as someone else; only Keyward's may reach the application. */
const FORGED_IDENTITY = { 'x-keyward-account': 'forged', 'x-keyward-roles': 'all', 'x-keyward-identity-service': 'JOC:forged' };

describe('a real Caddy with forward_auth in front of an application (the documented Caddyfile)', () => {
  it('no session, a browser GET: 302 to the login page, with the original path and query as the way back', async () => {
    const r = await through('/orders/42?tab=items');
    assert.equal(r.status, 302);
    const location = new URL(r.location ?? '');
    assert.equal(location.origin, new URL(kw.url).origin);
    assert.equal(location.searchParams.get('rd'), `${caddy?.url}/orders/42?tab=items`);
    assert.equal(r.appCalled, false);
  });

  it('no session, an API client: 401 with the login URL, and the application is not called', async () => {
    const r = await through('/orders/42', { accept: 'application/json' });
    assert.equal(r.status, 401);
    assert.ok(r.loginUrlHeader?.startsWith(new URL('/', kw.url).href), String(r.loginUrlHeader));
    assert.equal((JSON.parse(r.body) as { loginUrl?: string }).loginUrl, r.loginUrlHeader);
    assert.equal(r.appCalled, false);
  });

  it('no session, a browser POST: 401, not a redirect (a form post cannot be replayed after login)', async () => {
    const r = await through('/orders/new', { method: 'POST' });
    assert.equal(r.status, 401);
    assert.equal(r.appCalled, false);
  });

  it('an unknown session cookie: 302 for a browser, 401 for an API client', async () => {
    const cookie = `${SESSION_COOKIE}=not-a-session`;
    assert.equal((await through('/orders/42', { cookie })).status, 302);
    const r = await through('/orders/42', { cookie, accept: 'application/json' });
    assert.equal(r.status, 401);
    assert.equal(r.appCalled, false);
  });

  it('a public path reaches the application without a session, and without forged identity headers', async () => {
    const r = await through('/public/logo.png', { headers: FORGED_IDENTITY });
    assert.equal(r.status, 200);
    assert.equal(r.seen?.url, '/public/logo.png');
    assert.equal(r.seen?.headers['x-keyward-account'], undefined, 'a forged identity header never reaches the app');
    assert.equal(r.seen?.headers['x-keyward-roles'], undefined);
    assert.equal(r.seen?.headers['x-keyward-identity-service'], undefined);
  });

  it('logged in with the right role: the application gets the request with Keyward\'s identity headers only', async () => {
    const { cookie } = await browserLogin('clerk');
    const r = await through('/orders/42?tab=items', { cookie: `theme=dark; ${cookie}; lang=en`, headers: FORGED_IDENTITY });
    assert.equal(r.status, 200);
    assert.equal(r.seen?.method, 'GET');
    assert.equal(r.seen?.url, '/orders/42?tab=items');
    // Exactly Keyward's values: not the forged ones, and not both joined ("forged, clerk").
    assert.equal(r.seen?.headers['x-keyward-account'], 'clerk');
    assert.equal(r.seen?.headers['x-keyward-roles'], 'shop_clerk');
    assert.equal(r.seen?.headers['x-keyward-identity-service'], 'JOC:JOC-INITIAL');
  });

  it('the session cookie is not passed to the application; its other cookies are', async () => {
    const { cookie } = await browserLogin('clerk');
    for (const [sent, expected] of [
      [`theme=dark; ${cookie}; lang=en`, 'theme=dark; lang=en'],
      [`${cookie}; theme=dark`, 'theme=dark'],
      [`theme=dark; ${cookie}`, 'theme=dark'],
      // Two session cookies (e.g. one per domain: browsers send both) go too; look-alike names stay.
      [`${cookie}; theme=dark; ${cookie}`, 'theme=dark'],
      [`my_${cookie}; ${cookie}; keyward_session_ui=compact`, `my_${cookie}; keyward_session_ui=compact`],
    ] as const) {
      const r = await through('/orders/42', { cookie: sent });
      assert.equal(r.status, 200, sent);
      assert.equal(r.seen?.headers.cookie, expected, sent);
      if (!sent.startsWith('my_')) assert.ok(!JSON.stringify(r.seen?.headers).includes(cookie.slice(SESSION_COOKIE.length + 1)), 'the token appears nowhere');
    }
    const only = await through('/orders/42', { cookie });
    assert.equal(only.status, 200);
    assert.ok(only.seen?.headers.cookie === undefined || only.seen.headers.cookie === '', String(only.seen?.headers.cookie));
  });

  it('X-Access-Token works too (API clients), and is not passed to the application', async () => {
    const r1 = await login(kw.url, 'clerk', PASSWORD);
    const token = String(r1.body.accessToken);
    const r = await through('/orders/1', { token, accept: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.seen?.headers['x-keyward-account'], 'clerk');
    assert.equal(r.seen?.headers['x-access-token'], undefined);
    assert.ok(!JSON.stringify(r.seen?.headers).includes(token), 'the token appears nowhere');
  });

  it('the original method reaches the rules: a viewer may GET but not POST, and a refused POST never reaches the app', async () => {
    const { cookie } = await browserLogin('viewer');
    const get = await through('/orders/42', { cookie });
    assert.equal(get.status, 200);
    assert.equal(get.seen?.headers['x-keyward-account'], 'viewer');
    const post = await through('/orders/new', { cookie, method: 'POST' });
    assert.equal(post.status, 403);
    assert.match(post.body, /shop:orders:create/);
    assert.equal(post.appCalled, false);
  });

  it('a granted POST keeps its method and body on the way to the application', async () => {
    const { cookie } = await browserLogin('clerk');
    const r = await through('/orders/new', { cookie, method: 'POST' });
    assert.equal(r.status, 200);
    assert.equal(r.seen?.method, 'POST');
    assert.equal(r.seen?.url, '/orders/new');
    assert.equal(r.seen?.body, '{"item":"book"}');
  });

  it('the original path reaches the rules: /admin needs its own permission', async () => {
    const { cookie } = await browserLogin('clerk');
    const r = await through('/admin/users', { cookie });
    assert.equal(r.status, 403);
    assert.match(r.body, /shop:admin/);
    assert.equal(r.appCalled, false);
    assert.equal((await through('/elsewhere', { cookie })).status, 403, 'no rule matches: deny by default');
  });

  it('logged in with the wrong role: 403 for GET and POST, and the application is not called', async () => {
    const { cookie } = await browserLogin('editor');
    const get = await through('/orders/42', { cookie });
    assert.equal(get.status, 403);
    assert.equal(get.appCalled, false);
    const post = await through('/orders/new', { cookie, method: 'POST' });
    assert.equal(post.status, 403);
    assert.equal(post.appCalled, false);
  });

  it('a client cannot choose the method or URI Keyward judges (X-Original-* / X-Forwarded-* sent by the client)', async () => {
    // Keyward reads nginx's X-Original-* before X-Forwarded-*, and forward_auth passes the client's headers on.
    const { cookie } = await browserLogin('viewer');
    const uriSpoofs: Record<string, string>[] = [{ 'x-original-uri': '/public/x' }, { 'x-forwarded-uri': '/public/x' }];
    for (const headers of uriSpoofs) {
      const anonymous = await through('/orders/42', { accept: 'application/json', headers });
      assert.equal(anonymous.status, 401, JSON.stringify(headers));
      assert.equal(anonymous.appCalled, false, JSON.stringify(headers));
      const viewer = await through('/admin/users', { cookie, headers });
      assert.equal(viewer.status, 403, JSON.stringify(headers));
      assert.equal(viewer.appCalled, false, JSON.stringify(headers));
    }
    const methodSpoofs: Record<string, string>[] = [{ 'x-original-method': 'GET' }, { 'x-forwarded-method': 'GET' }];
    for (const headers of methodSpoofs) {
      const r = await through('/orders/new', { cookie, method: 'POST', headers });
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.equal(r.appCalled, false, JSON.stringify(headers));
    }
  });

  it('an encoded path cannot slip from a public prefix into a protected one', async () => {
    const r = await through('/public/..%2Forders/42', { accept: 'application/json' });
    assert.equal(r.status, 401);
    assert.equal(r.appCalled, false);
  });

  it('after logout: 401 at the next request, and the browser goes back to the login page', async () => {
    const { cookie, token } = await browserLogin('clerk');
    assert.equal((await through('/orders/42', { cookie, accept: 'application/json' })).status, 200);
    const out = await call(kw.url, '/joc/api/authentication/logout', { token });
    assert.equal(out.status, 200);
    assert.equal((await through('/orders/42', { cookie, accept: 'application/json' })).status, 401);
    assert.equal((await through('/orders/42', { cookie })).status, 302);
  });

  it('the documentation says which test runs its Caddyfile', () => {
    const caddySection = readFileSync(DOC, 'utf8').split(/^## /m).find((s) => s.startsWith('Caddy\n')) ?? '';
    assert.ok(caddySection.includes('test/integration/forward-auth/caddy.test.ts'));
  });
});
