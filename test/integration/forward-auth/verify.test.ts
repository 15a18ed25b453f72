import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../../src/forward-auth/session-cookie.js';
import { call, login, rootSession } from '../../support/api-client.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { createAccount, createRole, PASSWORD, sessionOf } from './fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kw-fa-'));
const rulesFile = path.join(dir, 'rules.yaml');
const catalogueFile = path.join(dir, 'catalogue.yaml');

const CATALOGUE = `
applications:
  - root: shop
    title: Web shop
    permissions: [shop:orders:view, shop:orders:create, shop:admin]
`;
const RULES = `
login:
  redirectHosts: [shop.example.com]
rules:
  - path: /public/**
    public: true
  - host: shop.example.com
    path: /api/orders/**
    methods: [POST]
    permission: shop:orders:create
    activity: true
  - host: shop.example.com
    path: /api/**
    methods: [GET]
    permission: shop:orders:view
  - host: js7.example.com
    path: /sales/**
    permission: sos:products:controller:orders:view
    controller: controller-1
    folder: /sales
  - host: shop.example.com
    path: /any/**
`;

writeFileSync(catalogueFile, CATALOGUE);
writeFileSync(rulesFile, RULES);

let clock = Date.now();
let kw: TestKeyward;
let root: string;
after(async () => {
  await kw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Warnings and errors Keyward logged (JSON lines). */
const logged: string[] = [];
const warnings = (): Record<string, unknown>[] =>
  logged.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

before(async () => {
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logged.push(chunk.toString('utf8')));
  kw = await startKeyward({
    env: { KEYWARD_AUTH_RULES: rulesFile, KEYWARD_PERMISSION_CATALOGUE: catalogueFile, KEYWARD_LOG_LEVEL: 'warn' }, now: () => clock, logStream,
  });
  root = await rootSession(kw.url);
  await createRole(kw.url, root, { name: 'shop_clerk', permissions: [{ path: 'shop:orders' }] });
  await createRole(kw.url, root, { name: 'shop_viewer', permissions: [{ path: 'shop:orders:view' }] });
  await createRole(kw.url, root, { name: 'Shop, Ölf', permissions: [{ path: 'shop:orders:view' }] });
  await createRole(kw.url, root, {
    name: 'sales_ops', permissions: [{ path: 'sos:products:controller:orders:view' }],
    folders: [{ folder: '/sales' }],
  });
  await createRole(kw.url, root, {
    name: 'hr_ops', permissions: [{ path: 'sos:products:controller:orders:view' }],
    folders: [{ folder: '/hr' }],
  });
  await createAccount(kw.url, root, 'clerk', ['shop_clerk']);
  await createAccount(kw.url, root, 'viewer', ['shop_viewer']);
  await createAccount(kw.url, root, 'elf', ['Shop, Ölf']);
  await createAccount(kw.url, root, 'sales', ['sales_ops']);
  await createAccount(kw.url, root, 'hr', ['hr_ops']);
});

type Proxy = 'nginx' | 'traefik';

/** Calls /auth/verify the way a proxy does. */
async function verify(method: string, host: string, uri: string, opts: { token?: string; cookie?: string; proxy?: Proxy; query?: string; accept?: string } = {}) {
  const proxy = opts.proxy ?? 'nginx';
  const headers: Record<string, string> = proxy === 'nginx'
    ? { 'x-original-method': method, 'x-original-uri': uri, 'x-forwarded-host': host, 'x-forwarded-proto': 'https' }
    : { 'x-forwarded-method': method, 'x-forwarded-uri': uri, 'x-forwarded-host': host, 'x-forwarded-proto': 'https' };
  if (opts.cookie !== undefined) headers.cookie = opts.cookie;
  if (opts.accept !== undefined) headers.accept = opts.accept;
  const res = await fetch(`${kw.url}/auth/verify${opts.query ?? ''}`, {
    headers: { ...headers, ...(opts.token === undefined ? {} : { 'x-access-token': opts.token }) }, redirect: 'manual',
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? {} : JSON.parse(text) as Record<string, unknown> };
}

describe('GET /auth/verify', () => {
  it('a public rule answers 200 without a session and without identity headers', async () => {
    const r = await verify('GET', 'shop.example.com', '/public/logo.png');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-keyward-account'), null);
  });

  it('no session: 401 with a login URL that carries the original URL back', async () => {
    const r = await verify('GET', 'shop.example.com', '/api/orders/7?x=1');
    assert.equal(r.status, 401);
    const loginUrl = new URL(r.headers.get('x-keyward-login-url') ?? '');
    assert.equal(loginUrl.origin, new URL(kw.url).origin);
    assert.equal(loginUrl.searchParams.get('rd'), 'https://shop.example.com/api/orders/7?x=1');
    assert.equal(r.body.loginUrl, loginUrl.href);
  });

  it('no session from a host that is not allow-listed: the login URL carries no way back', async () => {
    const r = await verify('GET', 'evil.example.org', '/api/orders/7');
    assert.equal(r.status, 401);
    assert.equal(new URL(r.headers.get('x-keyward-login-url') ?? '').searchParams.has('rd'), false);
  });

  it('?redirect=true (Traefik, Caddy): a browser navigation gets a 302 to the login page, an API call a 401', async () => {
    const page = await verify('GET', 'shop.example.com', '/api/orders', { proxy: 'traefik', query: '?redirect=true', accept: 'text/html,application/xhtml+xml' });
    assert.equal(page.status, 302);
    assert.equal(new URL(page.headers.get('location') ?? '').searchParams.get('rd'), 'https://shop.example.com/api/orders');
    const api = await verify('GET', 'shop.example.com', '/api/orders', { proxy: 'traefik', query: '?redirect=true', accept: 'application/json' });
    assert.equal(api.status, 401);
  });

  it('an unknown or ended token is 401, like no token', async () => {
    assert.equal((await verify('GET', 'shop.example.com', '/api/orders', { token: 'not-a-session' })).status, 401);
  });

  it('granted: 200 with X-Keyward-Account, -Roles and -Identity-Service (nginx and Traefik header sets)', async () => {
    const token = await sessionOf(kw.url, 'clerk');
    for (const proxy of ['nginx', 'traefik'] as const) {
      const r = await verify('POST', 'shop.example.com', '/api/orders/new', { token, proxy });
      assert.equal(r.status, 200, proxy);
      assert.equal(r.headers.get('x-keyward-account'), 'clerk');
      assert.equal(r.headers.get('x-keyward-roles'), 'shop_clerk');
      assert.equal(r.headers.get('x-keyward-identity-service'), 'JOC:JOC-INITIAL');
    }
  });

  it('missing permission: 403 naming it; the method picks the rule', async () => {
    const token = await sessionOf(kw.url, 'viewer');
    const post = await verify('POST', 'shop.example.com', '/api/orders/new', { token });
    assert.equal(post.status, 403);
    assert.match(String(post.body.message), /shop:orders:create/);
    assert.equal((await verify('GET', 'shop.example.com', '/api/orders/7', { token })).status, 200);
  });

  it('no rule matches: 403 (deny by default)', async () => {
    const token = await sessionOf(kw.url, 'clerk');
    assert.equal((await verify('GET', 'other.example.org', '/anything', { token })).status, 403);
    assert.equal((await verify('DELETE', 'shop.example.com', '/api/orders/7', { token })).status, 403);
  });

  it('encoded paths cannot slip past a rule', async () => {
    const token = await sessionOf(kw.url, 'viewer');
    // /any/** needs only a session; /any/../api/orders/x must be judged as /api/orders/x (POST needs create).
    assert.equal((await verify('POST', 'shop.example.com', '/any/%2e%2e/api/orders/x', { token })).status, 403);
    assert.equal((await verify('POST', 'shop.example.com', '/any/x', { token })).status, 200);
  });

  it('controller and folder of a rule (spec §2.3, §2.4)', async () => {
    const sales = await sessionOf(kw.url, 'sales');
    const hr = await sessionOf(kw.url, 'hr');
    assert.equal((await verify('GET', 'js7.example.com', '/sales/orders', { token: sales })).status, 200);
    assert.equal((await verify('GET', 'js7.example.com', '/sales/orders', { token: hr })).status, 403);
  });

  it('role and account names that are not plain ASCII are percent-encoded in the headers', async () => {
    const token = await sessionOf(kw.url, 'elf');
    const r = await verify('GET', 'shop.example.com', '/api/orders', { token });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-keyward-roles'), 'Shop%2C%20%C3%96lf');
    assert.equal(decodeURIComponent(r.headers.get('x-keyward-roles') ?? ''), 'Shop, Ölf');
  });

  it('a session that must change its password is sent to the login page', async () => {
    await createAccount(kw.url, root, 'fresh', ['shop_clerk'], { forcePasswordChange: true });
    const token = await sessionOf(kw.url, 'fresh');
    assert.equal((await verify('GET', 'shop.example.com', '/api/orders', { token })).status, 401);
  });

  it('every answer but the granted one carries the security headers; the granted one only what the proxy needs', async () => {
    const clerk = await sessionOf(kw.url, 'clerk');
    const viewer = await sessionOf(kw.url, 'viewer');
    const noUri = await fetch(`${kw.url}/auth/verify`, { headers: { 'x-forwarded-host': 'shop.example.com' } });
    await noUri.arrayBuffer();
    const answers: [string, { status: number; headers: Headers }, number][] = [
      ['public rule', await verify('GET', 'shop.example.com', '/public/logo.png'), 200],
      ['no session', await verify('GET', 'shop.example.com', '/api/orders/7'), 401],
      ['no session, browser redirect', await verify('GET', 'shop.example.com', '/api/orders', { proxy: 'traefik', query: '?redirect=true', accept: 'text/html' }), 302],
      ['no rule matches', await verify('GET', 'other.example.org', '/anything', { token: clerk }), 403],
      ['missing permission', await verify('POST', 'shop.example.com', '/api/orders/new', { token: viewer }), 403],
      ['no original URI', noUri, 400],
    ];
    for (const [what, r, status] of answers) {
      assert.equal(r.status, status, what);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer', what);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', what);
      assert.equal(r.headers.get('cache-control'), 'no-store', what);
    }
    const granted = await verify('POST', 'shop.example.com', '/api/orders/new', { token: clerk });
    assert.equal(granted.status, 200);
    assert.equal(granted.headers.get('x-keyward-account'), 'clerk');
    assert.equal(granted.headers.get('cache-control'), 'no-store', 'a proxy must not cache a decision');
    assert.equal(granted.headers.get('content-length'), '0', 'an empty answer, not an empty chunked one');
    assert.equal(granted.headers.get('transfer-encoding'), null);
    for (const browserHeader of ['x-content-type-options', 'referrer-policy', 'x-frame-options']) {
      assert.equal(granted.headers.get(browserHeader), null, `the granted answer has no ${browserHeader}`);
    }
  });

  it('a proxy that sends no original URI gets 400 (configuration mistake)', async () => {
    const res = await fetch(`${kw.url}/auth/verify`, { headers: { 'x-forwarded-host': 'shop.example.com' } });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /X-Original-URI/);
  });

  // Traefik and Caddy set X-Forwarded-* and pass the client's other headers on, X-Original-* (nginx's) included; nginx
  // sets X-Original-* and passes a client's X-Forwarded-* on. The client's copy must never decide.
  it('refuses a request named twice with different URIs or methods (a client-injected header), whichever proxy', async () => {
    const viewer = await sessionOf(kw.url, 'viewer');
    const ask = async (headers: Record<string, string>, token?: string): Promise<{ status: number; text: string }> => {
      const res = await fetch(`${kw.url}/auth/verify`, {
        headers: { 'x-forwarded-host': 'shop.example.com', 'x-forwarded-proto': 'https', ...headers, ...(token === undefined ? {} : { 'x-access-token': token }) },
      });
      return { status: res.status, text: await res.text() };
    };
    // Behind Traefik/Caddy: no session, a protected URI, and the client's X-Original-URI naming a public one.
    assert.equal((await ask({ 'x-forwarded-method': 'GET', 'x-forwarded-uri': '/api/orders/x' })).status, 401, 'without the injection');
    const uri = await ask({ 'x-forwarded-method': 'GET', 'x-forwarded-uri': '/api/orders/x', 'x-original-uri': '/public/logo.png' });
    assert.equal(uri.status, 400);
    assert.match(uri.text, /X-Original-URI and X-Forwarded-Uri disagree/);
    // A viewer's POST made to look like a GET.
    assert.equal((await ask({ 'x-forwarded-method': 'POST', 'x-forwarded-uri': '/api/orders/x' }, viewer)).status, 403, 'without the injection');
    const method = await ask({ 'x-forwarded-method': 'POST', 'x-forwarded-uri': '/api/orders/x', 'x-original-method': 'GET' }, viewer);
    assert.equal(method.status, 400);
    assert.match(method.text, /X-Original-Method and X-Forwarded-Method disagree/);
    // Behind nginx: the client's X-Forwarded-Uri disagrees with what nginx set.
    assert.equal((await ask({ 'x-original-method': 'GET', 'x-original-uri': '/api/orders/x', 'x-forwarded-uri': '/public/logo.png' })).status, 400);
    // Both families naming the same request are not a conflict.
    assert.equal((await ask({ 'x-original-method': 'get', 'x-forwarded-method': 'GET', 'x-original-uri': '/api/orders/x', 'x-forwarded-uri': '/api/orders/x' }, viewer)).status, 200);
    // Each refusal is logged as a warning, with the request's id; the agreeing pair is not.
    const refusals = warnings().filter((l) => String(l.msg).includes('named twice'));
    assert.deepEqual(refusals.map((l) => l.conflict), ['X-Original-URI and X-Forwarded-Uri', 'X-Original-Method and X-Forwarded-Method', 'X-Original-URI and X-Forwarded-Uri']);
    assert.equal(new Set(refusals.map((l) => l.reqId)).size, 3, 'three requests, three ids');
  });
});

describe('activity: whether a verify keeps the session alive (per rule)', () => {
  it('a rule with activity: true resets the idle timer, the default (false) does not', async () => {
    const active = await sessionOf(kw.url, 'clerk');
    const polling = await sessionOf(kw.url, 'clerk');
    clock += 10 * 60_000;
    assert.equal((await verify('POST', 'shop.example.com', '/api/orders/x', { token: active })).status, 200, 'activity: true');
    assert.equal((await verify('GET', 'shop.example.com', '/api/orders/x', { token: polling })).status, 200, 'activity: false');
    clock += 6 * 60_000; // 16 min after login, 6 after the last verify; idle timeout 15 min
    assert.equal((await verify('GET', 'shop.example.com', '/api/orders/x', { token: active })).status, 200);
    assert.equal((await verify('GET', 'shop.example.com', '/api/orders/x', { token: polling })).status, 401);
  });
});

describe('session cookie', () => {
  it('is set at login only when asked, with HttpOnly and SameSite=Lax, not Secure over plain HTTP', async () => {
    const plain = await login(kw.url, 'clerk', PASSWORD);
    assert.equal(plain.headers.get('set-cookie'), null);
    const r = await login(kw.url, 'clerk', PASSWORD, { 'x-keyward-set-cookie': 'true' });
    const cookie = r.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=${String(r.body.accessToken)};`));
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/);
  });

  it('authenticates /auth/verify', async () => {
    const r = await login(kw.url, 'clerk', PASSWORD, { 'x-keyward-set-cookie': 'true' });
    const cookie = `other=1; ${SESSION_COOKIE}=${String(r.body.accessToken)}`;
    const v = await verify('GET', 'shop.example.com', '/api/orders', { cookie });
    assert.equal(v.status, 200);
    assert.equal(v.headers.get('x-keyward-account'), 'clerk');
  });

  it('CSRF: the cookie never authenticates /joc/api calls', async () => {
    const r = await login(kw.url, 'root', 'root-Secret-1', { 'x-keyward-set-cookie': 'true' });
    const cookie = `${SESSION_COOKIE}=${String(r.body.accessToken)}`;
    for (const pathname of ['/joc/api/authentication/check', '/joc/api/iam/account/store', '/joc/api/authentication/joc_cockpit_permissions', '/joc/api/touch']) {
      const res = await call(kw.url, pathname, { headers: { cookie }, body: pathname.endsWith('check') ? { checks: [] } : { identityServiceName: 'JOC-INITIAL', accountName: 'csrf-victim' } });
      assert.equal(res.status, 401, pathname);
    }
    const accounts = await call(kw.url, '/joc/api/iam/accounts', { token: String(r.body.accessToken), body: { identityServiceName: 'JOC-INITIAL' } });
    assert.equal(accounts.status, 200);
    assert.equal(JSON.stringify(accounts.body).includes('csrf-victim'), false);
  });

  it('logout clears the cookie, and the next verify is 401', async () => {
    const r = await login(kw.url, 'clerk', PASSWORD, { 'x-keyward-set-cookie': 'true' });
    const token = String(r.body.accessToken);
    const cookie = `${SESSION_COOKIE}=${token}`;
    assert.equal((await verify('GET', 'shop.example.com', '/api/orders', { cookie })).status, 200);
    const out = await call(kw.url, '/joc/api/authentication/logout', { token, headers: { cookie } });
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie') ?? '', new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    assert.equal((await verify('GET', 'shop.example.com', '/api/orders', { cookie })).status, 401);
  });

  it('is Secure when Keyward is served over HTTPS (public URL or a trusted proxy saying so)', async () => {
    const https = await startKeyward({ env: { KEYWARD_PUBLIC_URL: 'https://auth.example.com' } });
    const proxied = await startKeyward({ env: { KEYWARD_TRUST_PROXY: '127.0.0.1' } });
    try {
      await rootSession(https.url);
      const a = await login(https.url, 'root', 'root-Secret-1', { 'x-keyward-set-cookie': 'true' });
      assert.match(a.headers.get('set-cookie') ?? '', /; Secure/);
      await rootSession(proxied.url);
      const b = await login(proxied.url, 'root', 'root-Secret-1', { 'x-keyward-set-cookie': 'true', 'x-forwarded-proto': 'https' });
      assert.match(b.headers.get('set-cookie') ?? '', /; Secure/);
      const c = await login(proxied.url, 'root', 'root-Secret-1', { 'x-keyward-set-cookie': 'true' });
      assert.doesNotMatch(c.headers.get('set-cookie') ?? '', /Secure/);
    } finally {
      await https.stop();
      await proxied.stop();
    }
  });
});

describe('GET /auth/return (the only door back after login)', () => {
  for (const [rd, location] of [
    ['/app/x?y=1', '/app/x?y=1'],
    ['https://shop.example.com/cart', 'https://shop.example.com/cart'],
    ['//evil.com', '/'],
    ['/\\evil.com', '/'],
    ['https://evil.com/', '/'],
    ['%2F%2Fevil.com', '/'],
  ] as const) {
    it(`${rd} → ${location}`, async () => {
      const res = await fetch(`${kw.url}/auth/return?rd=${encodeURIComponent(rd)}`, { redirect: 'manual' });
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), location);
    });
  }
});

describe('POST /joc/api/authentication/check (batch)', () => {
  it('answers each check in order, with controller and folder', async () => {
    const sales = await sessionOf(kw.url, 'sales');
    const r = await call<{ results: boolean[] }>(kw.url, '/joc/api/authentication/check', {
      token: sales,
      body: {
        checks: [
          { permission: 'sos:products:controller:orders:view' },
          { permission: 'sos:products:controller:orders:view', controllerId: 'controller-1', folder: '/sales/eu' },
          { permission: 'sos:products:controller:orders:view', folder: '/hr' },
          { permission: 'sos:products:controller:orders:create' },
          { permission: 'shop:orders:view' },
        ],
      },
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.results, [true, true, false, false, false]);
  });

  it('an empty batch is fine; more than 1000 checks, unknown fields and bad paths are 420', async () => {
    const token = await sessionOf(kw.url, 'clerk');
    assert.deepEqual((await call<{ results: boolean[] }>(kw.url, '/joc/api/authentication/check', { token, body: { checks: [] } })).body.results, []);
    const many = Array.from({ length: 1000 }, () => ({ permission: 'shop:orders:view' }));
    const full = await call<{ results: boolean[] }>(kw.url, '/joc/api/authentication/check', { token, body: { checks: many } });
    assert.equal(full.status, 200);
    assert.equal(full.body.results.length, 1000);
    assert.equal(full.body.results.every(Boolean), true);
    assert.equal((await call(kw.url, '/joc/api/authentication/check', { token, body: { checks: [...many, { permission: 'x' }] } })).status, 420);
    assert.equal((await call(kw.url, '/joc/api/authentication/check', { token, body: { checks: [{ permission: 'shop:orders:view', extra: 1 }] } })).status, 420);
    assert.equal((await call(kw.url, '/joc/api/authentication/check', { token, body: { checks: [{ permission: 'shop orders' }] } })).status, 420);
    assert.equal((await call(kw.url, '/joc/api/authentication/check', { token, body: {} })).status, 420);
  });

  it('needs X-Access-Token', async () => {
    assert.equal((await call(kw.url, '/joc/api/authentication/check', { body: { checks: [] } })).status, 401);
  });
});

describe('JS7 permission helpers (spec §1.2)', () => {
  it('GET /authentication/permission answers isPermitted, per controller', async () => {
    const clerk = await sessionOf(kw.url, 'clerk');
    const ask = async (token: string, q: string): Promise<unknown> =>
      (await call(kw.url, `/joc/api/authentication/permission?${q}`, { token, method: 'GET' })).body.isPermitted;
    assert.equal(await ask(clerk, 'permission=shop:orders:create'), true);
    assert.equal(await ask(clerk, 'permission=shop:admin'), false);
    assert.equal(await ask(clerk, 'permission=sos:products:joc:inventory:view'), false);
    assert.equal(await ask(await rootSession(kw.url), 'permission=sos:products:joc:inventory:view'), true);
    const sales = await sessionOf(kw.url, 'sales');
    assert.equal(await ask(sales, 'permission=sos:products:controller:orders:view&controllerId=controller-9'), true);
    assert.equal(await ask(sales, 'permission=sos:products:controller:orders:cancel&controllerId=controller-9'), false);
    assert.equal((await call(kw.url, '/joc/api/authentication/permission', { token: clerk, method: 'GET' })).status, 420);
    assert.equal((await call(kw.url, '/joc/api/authentication/permission?permission=x&unknown=1', { token: clerk, method: 'GET' })).status, 420);
    assert.equal((await call(kw.url, '/joc/api/authentication/permission?permission=x', { method: 'GET' })).status, 401);
  });

  it('GET /authentication/permission answers exactly what its response schema describes, also to HEAD', async () => {
    const clerk = await sessionOf(kw.url, 'clerk');
    const url = `${kw.url}/joc/api/authentication/permission?permission=`;
    // The answer is written past Fastify's serialiser (src/http/raw-answer.ts): the body, its type and length must be
    // what the serialiser would have written.
    for (const expected of [true, false]) {
      const r = await fetch(`${url}${expected ? 'shop:orders:create' : 'shop:admin'}`, { headers: { 'x-access-token': clerk } });
      const text = await r.text();
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(r.headers.get('content-length'), String(Buffer.byteLength(text)));
      const body = JSON.parse(text) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body), ['deliveryDate', 'isPermitted']);
      assert.equal(body.isPermitted, expected);
      assert.equal(new Date(String(body.deliveryDate)).toISOString(), body.deliveryDate);
      assert.ok(Math.abs(Date.parse(String(body.deliveryDate)) - Date.now()) < 60_000, 'deliveryDate is the time of the answer');
    }
    const head = await fetch(`${url}shop:orders:create`, { method: 'HEAD', headers: { 'x-access-token': clerk } });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    assert.equal((await fetch(`${url}shop:orders:create`, { method: 'HEAD' })).status, 401);
  });

  it('GET /authentication/permission counts as activity, whether or not it writes the touch', async () => {
    const asking = await sessionOf(kw.url, 'clerk');
    const idle = await sessionOf(kw.url, 'clerk');
    const ask = async (token: string) => call(kw.url, '/joc/api/authentication/permission?permission=shop:orders:create', { token, method: 'GET' });
    clock += 10 * 60_000;
    // The first call after a while writes the touch (an answer that waits for the write), the next is answered at once.
    for (let i = 0; i < 2; i++) {
      const r = await ask(asking);
      assert.equal(r.status, 200);
      assert.equal(r.body.isPermitted, true);
      assert.match(String(r.body.deliveryDate), /^\d{4}-\d\d-\d\dT/);
    }
    clock += 6 * 60_000; // 16 min after login, 6 after the last call; idle timeout 15 min
    assert.equal((await ask(asking)).status, 200);
    assert.equal((await ask(idle)).status, 440);
  });

  it('POST /authentication/joc_cockpit_permissions answers the §2.2 object', async () => {
    type Answer = { roles: string[]; joc: { administration: { accounts: { view: boolean } } }; controllerDefaults: { orders: { view: boolean; create: boolean } } };
    const sales = await call<Answer>(kw.url, '/joc/api/authentication/joc_cockpit_permissions', { token: await sessionOf(kw.url, 'sales') });
    assert.equal(sales.status, 200);
    assert.deepEqual(sales.body.roles, ['sales_ops']);
    assert.equal(sales.body.joc.administration.accounts.view, false);
    assert.equal(sales.body.controllerDefaults.orders.view, true);
    assert.equal(sales.body.controllerDefaults.orders.create, false);
    const admin = await call<Answer>(kw.url, '/joc/api/authentication/joc_cockpit_permissions', { token: await rootSession(kw.url) });
    assert.equal(admin.body.joc.administration.accounts.view, true);
  });
});

describe('permission catalogue', () => {
  it('POST /joc/api/iam/permission_catalogue lists the applications\' trees', async () => {
    const r = await call<{ applications: { root: string; title: string; permissions: string[]; tree: { children: unknown[] } }[] }>(
      kw.url, '/joc/api/iam/permission_catalogue', { token: await sessionOf(kw.url, 'viewer') });
    assert.equal(r.status, 200);
    assert.equal(r.body.applications[0]?.root, 'shop');
    assert.deepEqual(r.body.applications[0]?.permissions, ['shop:orders:view', 'shop:orders:create', 'shop:admin']);
    assert.equal((await call(kw.url, '/joc/api/iam/permission_catalogue', {})).status, 401);
  });
});

describe('rules reload in a running server', () => {
  it('an edit takes effect without a restart; a broken edit keeps the old rules', async () => {
    const token = await sessionOf(kw.url, 'viewer');
    const until = async (want: number): Promise<number> => {
      let status = 0;
      for (let i = 0; i < 100; i++) {
        status = (await verify('POST', 'shop.example.com', '/api/orders/new', { token })).status;
        if (status === want) return status;
        await new Promise((r) => setTimeout(r, 50));
      }
      return status;
    };
    assert.equal(await until(403), 403);
    writeFileSync(rulesFile, RULES.replace('permission: shop:orders:create\n', 'permission: shop:orders:view\n'));
    assert.equal(await until(200), 200, 'the viewer may now create');
    writeFileSync(rulesFile, `${RULES}\n  - path: [broken\n`);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal((await verify('POST', 'shop.example.com', '/api/orders/new', { token })).status, 200, 'old rules stay in force');
    writeFileSync(rulesFile, RULES);
    assert.equal(await until(403), 403);
  });
});
