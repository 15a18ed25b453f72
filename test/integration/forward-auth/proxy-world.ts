import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SESSION_COOKIE } from '../../../src/forward-auth/session-cookie.js';
import { login, rootSession } from '../../support/api-client.js';
import { startEchoApp, type EchoApp } from '../../support/echo-app.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { createAccount, createRole, PASSWORD, type RoleSpec } from './fixtures.js';

/**
 * The shop both real-proxy tests protect: a public path, and /orders/** whose POST needs another permission than its
 * other methods (which only works if the proxy hands Keyward the original method and path). Tests append rules.
 */
export const SHOP_RULES = `
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
`;

/**
 * What the real-proxy tests (nginx.test.ts, caddy.test.ts) put on either side of the proxy: a Keyward with a
 * forward-auth rules file and an application catalogue, its roles and accounts, and the echoing application. The
 * proxy in between is the test's own.
 */
export interface ProxyWorld {
  readonly kw: TestKeyward;
  readonly app: EchoApp;
  stop(): Promise<void>;
}

export async function startProxyWorld(opts: {
  rules: string; catalogue: string; roles: readonly RoleSpec[]; accounts: Readonly<Record<string, readonly string[]>>;
}): Promise<ProxyWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-proxy-test-'));
  const rulesFile = path.join(dir, 'rules.yaml');
  const catalogueFile = path.join(dir, 'catalogue.yaml');
  writeFileSync(rulesFile, opts.rules);
  writeFileSync(catalogueFile, opts.catalogue);
  let kw: TestKeyward | undefined;
  let app: EchoApp | undefined;
  // Each step runs even if the one before failed.
  const stop = async (): Promise<void> => {
    await app?.close();
    await kw?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    kw = await startKeyward({ env: { KEYWARD_AUTH_RULES: rulesFile, KEYWARD_PERMISSION_CATALOGUE: catalogueFile } });
    const root = await rootSession(kw.url);
    for (const role of opts.roles) await createRole(kw.url, root, role);
    for (const [account, roles] of Object.entries(opts.accounts)) await createAccount(kw.url, root, account, roles);
    app = await startEchoApp();
    return { kw, app, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A request to the proxy as a browser (the default) or an API client sends it; a POST carries a small JSON body. */
export async function requestThrough(proxyUrl: string, pathname: string, opts: { cookie?: string; token?: string; accept?: string; method?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(proxyUrl + pathname, {
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
}

/** Logs in the way the login page does for a browser: the session cookie (name=value) and the token. */
export async function loginAsBrowser(kwUrl: string, account: string): Promise<{ cookie: string; token: string }> {
  const r = await login(kwUrl, account, PASSWORD, { 'x-keyward-set-cookie': 'true' });
  assert.equal(r.status, 200);
  const setCookie = r.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0] ?? '';
  assert.ok(pair.startsWith(`${SESSION_COOKIE}=`), setCookie);
  return { cookie: pair, token: String(r.body.accessToken) };
}
