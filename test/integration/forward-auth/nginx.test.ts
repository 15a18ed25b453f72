import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../../src/forward-auth/session-cookie.js';
import { call, login, rootSession } from '../../support/api-client.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { createAccount, createRole, PASSWORD } from './fixtures.js';
import { freePort, startNginx, type RunningNginx } from './nginx-fixture.js';

/** The documented nginx configuration, run as is (only addresses replaced). */
const DOC_CONF = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/examples/nginx-forward-auth.conf');

const dir = mkdtempSync(path.join(tmpdir(), 'kw-nginx-test-'));
const rulesFile = path.join(dir, 'rules.yaml');
const catalogueFile = path.join(dir, 'catalogue.yaml');
writeFileSync(catalogueFile, 'applications:\n  - root: shop\n    permissions: [shop:orders:view, shop:orders:create]\n');
writeFileSync(rulesFile, `
login:
  redirectHosts: [127.0.0.1]
rules:
  - path: /public/**
    public: true
  - path: /orders/**
    methods: [POST]
    permission: shop:orders:create
    activity: true
  - path: /orders/**
    permission: shop:orders:view
    activity: true
`);

interface Seen { method: string; url: string; headers: Record<string, string | string[] | undefined> }

let kw: TestKeyward;
let nginx: RunningNginx | undefined;
let app: Server;
let appPort: number;

before(async () => {
  kw = await startKeyward({ env: { KEYWARD_AUTH_RULES: rulesFile, KEYWARD_PERMISSION_CATALOGUE: catalogueFile } });
  const root = await rootSession(kw.url);
  await createRole(kw.url, root, { name: 'shop_clerk', permissions: [{ path: 'shop:orders' }] });
  await createRole(kw.url, root, { name: 'wiki_editor', permissions: [{ path: 'sos:products:joc:documentations:view' }] });
  await createAccount(kw.url, root, 'clerk', ['shop_clerk']);
  await createAccount(kw.url, root, 'editor', ['wiki_editor']);

  // The protected application: answers what it saw, so the test can check the headers nginx passed on.
  app = createServer((req, res) => {
    const seen: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
  });
  appPort = await new Promise<number>((resolve) => app.listen(0, '127.0.0.1', () => {
    const a = app.address();
    resolve(typeof a === 'object' && a !== null ? a.port : 0);
  }));

  const port = await freePort();
  const keywardAddress = new URL(kw.url).host;
  const serverBlock = readFileSync(DOC_CONF, 'utf8')
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('http://127.0.0.1:4446/', `http://${keywardAddress}/`)
    .replace('http://127.0.0.1:8080;', `http://127.0.0.1:${appPort};`);
  nginx = await startNginx(serverBlock, port);
});

after(async () => {
  // Each step runs even if the one before fails; nginx is stopped by its PID.
  await nginx?.stop().catch(() => undefined);
  await new Promise<void>((resolve) => (app === undefined ? resolve() : app.close(() => resolve())));
  await kw?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function through(pathname: string, opts: { cookie?: string; token?: string; accept?: string; method?: string; headers?: Record<string, string> } = {}) {
  if (nginx === undefined) throw new Error('nginx is not running');
  const res = await fetch(nginx.url + pathname, {
    method: opts.method ?? 'GET',
    redirect: 'manual',
    headers: {
      accept: opts.accept ?? 'text/html,application/xhtml+xml',
      ...(opts.cookie === undefined ? {} : { cookie: opts.cookie }),
      ...(opts.token === undefined ? {} : { 'x-access-token': opts.token }),
      ...(opts.method === 'POST' ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.method === 'POST' ? { body: '{"item":"book"}' } : {}),
  });
  const text = await res.text();
  let seen: Seen | undefined;
  try { seen = JSON.parse(text) as Seen; } catch { /* nginx's own page */ }
  return { status: res.status, location: res.headers.get('location'), seen };
}

async function browserLogin(account: string): Promise<{ cookie: string; token: string }> {
  const r = await login(kw.url, account, PASSWORD, { 'x-keyward-set-cookie': 'true' });
  assert.equal(r.status, 200);
  const setCookie = r.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0] ?? '';
  assert.ok(pair.startsWith(`${SESSION_COOKIE}=`), setCookie);
  return { cookie: pair, token: String(r.body.accessToken) };
}

describe('a real nginx with auth_request in front of an application', () => {
  it('no session: the browser is redirected to the login page, with the way back', async () => {
    const r = await through('/orders/42?tab=items');
    assert.equal(r.status, 302);
    const location = new URL(r.location ?? '');
    assert.equal(location.origin, new URL(kw.url).origin);
    assert.equal(location.searchParams.get('rd'), `${nginx?.url}/orders/42?tab=items`);
  });

  it('no session, an API client: 401', async () => {
    assert.equal((await through('/orders/42', { accept: 'application/json' })).status, 401);
  });

  it('a public path reaches the application without a session', async () => {
    const r = await through('/public/logo.png', { headers: { 'x-keyward-account': 'forged' } });
    assert.equal(r.status, 200);
    assert.equal(r.seen?.headers['x-keyward-account'], undefined, 'a forged identity header never reaches the app');
  });

  it('logged in with the right role: 200 from the application, with the account header', async () => {
    const { cookie } = await browserLogin('clerk');
    const r = await through('/orders/42', { cookie: `theme=dark; ${cookie}`, headers: { 'x-keyward-account': 'forged' } });
    assert.equal(r.status, 200);
    assert.equal(r.seen?.url, '/orders/42');
    assert.equal(r.seen?.headers['x-keyward-account'], 'clerk');
    assert.equal(r.seen?.headers['x-keyward-roles'], 'shop_clerk');
    assert.equal(r.seen?.headers['x-keyward-identity-service'], 'JOC:JOC-INITIAL');
    assert.equal(r.seen?.headers.cookie, 'theme=dark', 'the session cookie is not passed to the app');
  });

  it('a POST keeps its method and body; the rule for POST applies', async () => {
    const { cookie } = await browserLogin('clerk');
    const r = await through('/orders/new', { cookie, method: 'POST' });
    assert.equal(r.status, 200);
    assert.equal(r.seen?.method, 'POST');
  });

  it('X-Access-Token works too (API clients), and is not passed to the app', async () => {
    const r1 = await login(kw.url, 'clerk', PASSWORD);
    const r = await through('/orders/1', { token: String(r1.body.accessToken), accept: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.seen?.headers['x-access-token'], undefined);
  });

  it('logged in with the wrong role: 403', async () => {
    const { cookie } = await browserLogin('editor');
    assert.equal((await through('/orders/42', { cookie })).status, 403);
    assert.equal((await through('/orders/new', { cookie, method: 'POST' })).status, 403);
  });

  it('after logout: 401 at the next request', async () => {
    const { cookie, token } = await browserLogin('clerk');
    assert.equal((await through('/orders/42', { cookie, accept: 'application/json' })).status, 200);
    const out = await call(kw.url, '/joc/api/authentication/logout', { token });
    assert.equal(out.status, 200);
    assert.equal((await through('/orders/42', { cookie, accept: 'application/json' })).status, 401);
    assert.equal((await through('/orders/42', { cookie })).status, 302, 'a browser goes back to the login page');
  });

  it('the documented configuration is the one tested', () => {
    const doc = readFileSync(path.resolve(path.dirname(DOC_CONF), '../protecting-apps.md'), 'utf8');
    assert.ok(doc.includes(readFileSync(DOC_CONF, 'utf8').trim()), 'docs/protecting-apps.md must embed docs/examples/nginx-forward-auth.conf verbatim');
  });
});
