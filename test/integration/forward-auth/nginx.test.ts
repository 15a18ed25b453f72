import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { call, login } from '../../support/api-client.js';
import type { Seen } from '../../support/echo-app.js';
import type { TestKeyward } from '../../support/keyward-server.js';
import { PASSWORD } from './fixtures.js';
import { freePort, startNginx, type RunningNginx } from './nginx-fixture.js';
import { loginAsBrowser, requestThrough, SHOP_RULES, startProxyWorld, type ProxyWorld } from './proxy-world.js';

/** The documented nginx configuration, run as is (only addresses replaced). */
const DOC_CONF = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/examples/nginx-forward-auth.conf');

let world: ProxyWorld | undefined;
let kw: TestKeyward;
let nginx: RunningNginx | undefined;

before(async () => {
  world = await startProxyWorld({
    catalogue: 'applications:\n  - root: shop\n    permissions: [shop:orders:view, shop:orders:create]\n',
    rules: SHOP_RULES,
    roles: [
      { name: 'shop_clerk', permissions: [{ path: 'shop:orders' }] },
      { name: 'wiki_editor', permissions: [{ path: 'sos:products:joc:documentations:view' }] },
    ],
    accounts: { clerk: ['shop_clerk'], editor: ['wiki_editor'] },
  });
  kw = world.kw;
  const port = await freePort();
  const serverBlock = readFileSync(DOC_CONF, 'utf8')
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('http://127.0.0.1:4446/', `http://${new URL(kw.url).host}/`)
    .replace('http://127.0.0.1:8080;', `http://127.0.0.1:${world.app.port};`);
  nginx = await startNginx(serverBlock, port);
});

after(async () => {
  // Each step runs even if the one before fails; nginx is stopped by its PID.
  await nginx?.stop().catch(() => undefined);
  await world?.stop();
});

/** A request through nginx, and what the application saw if it answered (JSON; nginx's own pages are HTML). */
async function through(pathname: string, opts: Parameters<typeof requestThrough>[2] = {}) {
  if (nginx === undefined) throw new Error('nginx is not running');
  const res = await requestThrough(nginx.url, pathname, opts);
  const text = await res.text();
  let seen: Seen | undefined;
  try { seen = JSON.parse(text) as Seen; } catch { /* nginx's own page */ }
  return { status: res.status, location: res.headers.get('location'), seen };
}

const browserLogin = (account: string): Promise<{ cookie: string; token: string }> => loginAsBrowser(kw.url, account);

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
