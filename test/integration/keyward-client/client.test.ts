import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import {
  createKeywardClient, DEFAULT_CACHE_SECONDS, keywardFastify, keywardMiddleware, type KeywardClientOptions, type KeywardRequest,
} from '../../../packages/keyward-client/src/index.js';
import { call, login, rootSession } from '../../support/api-client.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { createAccount, createRole, PASSWORD } from '../forward-auth/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kw-client-'));
const rulesFile = path.join(dir, 'rules.yaml');
writeFileSync(path.join(dir, 'catalogue.yaml'), 'applications:\n  - root: shop\n    permissions: [shop:orders:view, shop:orders:create, shop:refunds]\n');
writeFileSync(rulesFile, `
rules:
  - path: /health
    public: true
  - path: /orders/**
    permission: shop:orders:view
  - path: /**
`);

let kw: TestKeyward;
before(async () => {
  kw = await startKeyward({ env: { KEYWARD_AUTH_RULES: rulesFile, KEYWARD_PERMISSION_CATALOGUE: path.join(dir, 'catalogue.yaml') } });
  const root = await rootSession(kw.url);
  await createRole(kw.url, root, { name: 'clerk', permissions: [{ path: 'shop:orders' }] });
  await createRole(kw.url, root, { name: 'guest', permissions: [{ path: 'sos:products:joc:calendars:view' }] });
  await createAccount(kw.url, root, 'clerk', ['clerk']);
  await createAccount(kw.url, root, 'guest', ['guest']);
});
after(async () => {
  await kw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function tokenOf(account: string): Promise<string> {
  const r = await login(kw.url, account, PASSWORD);
  assert.equal(r.status, 200);
  return String(r.body.accessToken);
}

/** A plain node:http application using the Express-style middleware (no Express needed). */
async function startApp(options: Partial<KeywardClientOptions> & { url?: string }): Promise<{ url: string; server: Server; errors: unknown[] }> {
  const middleware = keywardMiddleware({ url: kw.url, ...options });
  const errors: unknown[] = [];
  const server = createServer((req, res) => {
    middleware(req as KeywardRequest, res, (err?: unknown) => {
      if (err !== undefined) {
        errors.push(err);
        res.writeHead((err as { status?: number }).status ?? 500).end();
        return;
      }
      const k = (req as KeywardRequest).keyward;
      void (async () => {
        const canRefund = await k?.can('shop:refunds');
        const canCreate = await k?.can('shop:orders:create');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ account: k?.account, roles: k?.roles, canRefund, canCreate }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return { url: `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`, server, errors };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, location: res.headers.get('location'), body: text === '' ? {} : JSON.parse(text) as Record<string, unknown> };
}

describe('@keyward/client Express-style middleware (node:http)', () => {
  it('no session: 401 JSON with the login URL; a browser is redirected there', async () => {
    const app = await startApp({});
    try {
      const api = await get(`${app.url}/orders/1`, { accept: 'application/json' });
      assert.equal(api.status, 401);
      assert.match(String(api.body.loginUrl), new RegExp(`^${kw.url}/`));
      const page = await get(`${app.url}/orders/1`, { accept: 'text/html' });
      assert.equal(page.status, 302);
      assert.match(page.location ?? '', new RegExp(`^${kw.url}/`));
    } finally {
      app.server.close();
    }
  });

  it('granted: req.keyward has the account, roles and can(); public paths need no session', async () => {
    const app = await startApp({});
    try {
      const r = await get(`${app.url}/orders/1`, { 'x-access-token': await tokenOf('clerk') });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { account: 'clerk', roles: ['clerk'], canRefund: false, canCreate: true });
      const health = await get(`${app.url}/health`);
      assert.equal(health.status, 200);
      assert.equal(health.body.account, undefined);
    } finally {
      app.server.close();
    }
  });

  it('the cookie works as well as the header', async () => {
    const app = await startApp({});
    try {
      const r = await get(`${app.url}/orders/1`, { cookie: `a=b; keyward_session=${await tokenOf('clerk')}` });
      assert.equal(r.status, 200);
      assert.equal(r.body.account, 'clerk');
    } finally {
      app.server.close();
    }
  });

  it('missing permission: 403', async () => {
    const app = await startApp({});
    try {
      assert.equal((await get(`${app.url}/orders/1`, { 'x-access-token': await tokenOf('guest') })).status, 403);
    } finally {
      app.server.close();
    }
  });

  it('Keyward unreachable: next(err) with status 503 (fail closed)', async () => {
    const app = await startApp({ url: 'http://127.0.0.1:1', timeoutMs: 2000 });
    try {
      assert.equal((await get(`${app.url}/orders/1`, { 'x-access-token': 'x' })).status, 503);
      assert.equal((app.errors[0] as Error).name, 'KeywardUnavailableError');
    } finally {
      app.server.close();
    }
  });
});

describe('@keyward/client cache and logout', () => {
  it(`a verdict outlives a logout by at most cacheSeconds (default ${DEFAULT_CACHE_SECONDS})`, async () => {
    assert.equal(DEFAULT_CACHE_SECONDS, 5);
    let clock = 1_000_000;
    const client = createKeywardClient({ url: kw.url, now: () => clock });
    const token = await tokenOf('clerk');
    const req = { method: 'GET', uri: '/orders/1', host: 'app.test', proto: 'http' as const };
    assert.equal((await client.verify(token, req)).status, 'granted');
    assert.equal(await client.can(token, 'shop:orders:create'), true);
    assert.equal((await call(kw.url, '/joc/api/authentication/logout', { token })).status, 200);
    clock += 4_999;
    assert.equal((await client.verify(token, req)).status, 'granted', 'still cached (documented staleness)');
    assert.equal(await client.can(token, 'shop:orders:create'), true);
    clock += 1;
    assert.equal((await client.verify(token, req)).status, 'unauthenticated', 'never more than 5 s after the logout');
    await assert.rejects(client.can(token, 'shop:orders:create'), { name: 'KeywardSessionEndedError' });
  });

  it('cacheSeconds: 0 asks Keyward every time', async () => {
    const client = createKeywardClient({ url: kw.url, cacheSeconds: 0 });
    const token = await tokenOf('clerk');
    const req = { method: 'GET', uri: '/orders/1', host: 'app.test', proto: 'http' as const };
    assert.equal((await client.verify(token, req)).status, 'granted');
    await call(kw.url, '/joc/api/authentication/logout', { token });
    assert.equal((await client.verify(token, req)).status, 'unauthenticated');
  });

  it('concurrent identical questions share one request; cached answers cost none', async () => {
    let calls = 0;
    const counting: typeof fetch = async (input, init) => { calls++; return fetch(input, init); };
    const client = createKeywardClient({ url: kw.url, fetch: counting });
    const token = await tokenOf('clerk');
    const req = { method: 'GET', uri: '/orders/1?page=2', host: 'app.test', proto: 'http' as const };
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => client.verify(token, req)));
    assert.equal(verdicts.every((v) => v.status === 'granted'), true);
    assert.equal(calls, 1);
    await client.verify(token, { ...req, uri: '/orders/1?page=3' });
    assert.equal(calls, 1, 'the query string does not change the rule, so the cached verdict is reused');
  });
});

describe('@keyward/client Fastify plugin', () => {
  it('sets request.keyward, answers 401/403 itself, honours skip', async () => {
    const app = Fastify();
    await app.register(keywardFastify, { url: kw.url, skip: (r) => r.url === '/ping' });
    app.get('/orders/:id', async (request) => ({ account: request.keyward?.account, canRefund: await request.keyward?.can('shop:refunds') }));
    app.get('/ping', async (request) => ({ keyward: request.keyward }));
    try {
      const clerk = await tokenOf('clerk');
      const ok = await app.inject({ url: '/orders/7', headers: { 'x-access-token': clerk } });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { account: 'clerk', canRefund: false });
      assert.equal((await app.inject({ url: '/orders/7', headers: { 'x-access-token': await tokenOf('guest') } })).statusCode, 403);
      const anonymous = await app.inject({ url: '/orders/7', headers: { accept: 'application/json' } });
      assert.equal(anonymous.statusCode, 401);
      const browser = await app.inject({ url: '/orders/7', headers: { accept: 'text/html' } });
      assert.equal(browser.statusCode, 302);
      assert.deepEqual((await app.inject({ url: '/ping' })).json(), { keyward: null });
    } finally {
      await app.close();
    }
  });

  it('fails closed with 503 when Keyward is unreachable', async () => {
    const app = Fastify();
    await app.register(keywardFastify, { url: 'http://127.0.0.1:1', timeoutMs: 2000 });
    app.get('/x', async () => 'served');
    try {
      assert.equal((await app.inject({ url: '/x', headers: { 'x-access-token': 't' } })).statusCode, 503);
    } finally {
      await app.close();
    }
  });
});
