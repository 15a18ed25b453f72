// Shared harness of the end-to-end tests: a fresh web build when web/dist is missing or stale, a real Keyward
// (test/support/keyward-server.ts) on http://localhost, headless Debian Chromium driven by playwright-core, UI login
// helpers, screenshots into docs/screenshots and the axe-core accessibility check.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startKeyward, type TestKeyward } from '../support/keyward-server.js';
import { call, rootSession } from '../support/api-client.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB_DIST_INDEX = path.join(REPO, 'web/dist/index.html');
const SCREENSHOTS = path.join(REPO, 'docs/screenshots');
const AXE = path.join(REPO, 'node_modules/axe-core/axe.min.js');
const BUILD_LOCK = path.join(REPO, 'web/.e2e-build.lock');

/** Chromium flags that work on this machine kind (notes §4b). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const ROOT_PASSWORD = 'Root-Secret-1';

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const st = statSync(entry);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

function isWebBuildStale(): boolean {
  if (!existsSync(WEB_DIST_INDEX)) return true;
  const built = statSync(WEB_DIST_INDEX).mtimeMs;
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/permissions'].map((p) => newestMtime(path.join(REPO, p)));
  return Math.max(...sources) > built;
}

/** Builds the UI (vite) unless web/dist is newer than its sources; test files running in parallel build once. */
export async function ensureWebBuild(): Promise<void> {
  if (!isWebBuildStale()) return;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(BUILD_LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (isWebBuildStale()) {
      execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
    }
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

export interface E2eEnv {
  keyward: TestKeyward;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

/** Builds the UI if needed, starts Keyward (fresh data) on localhost and launches headless Chromium. */
export async function startE2e(opts: { env?: Record<string, string> } = {}): Promise<E2eEnv> {
  await ensureWebBuild();
  const keyward = await startKeyward({ host: 'localhost', ...(opts.env ? { env: opts.env } : {}) });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return {
    keyward,
    browser,
    url: keyward.url,
    close: async () => {
      await browser.close().catch(() => undefined);
      await keyward.stop();
    },
  };
}

/** A fresh browser context (own sessionStorage) and page; `pageErrors` collects uncaught errors in the page. */
export async function newPage(env: E2eEnv): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  if (process.env.KEYWARD_E2E_DEBUG) page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
  return { context, page, pageErrors };
}

/** Fills the login form and submits it (does not wait for the result). */
export async function submitLogin(page: Page, account: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Account', exact: true }).fill(account);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in through the UI and waits for the console header. */
export async function loginUi(page: Page, url: string, account: string, password: string): Promise<void> {
  if (!page.url().startsWith(url)) await page.goto(`${url}/`);
  await submitLogin(page, account, password);
  await page.getByRole('button', { name: 'Logout' }).waitFor();
}

/** Finishes root's forced first password change over the API so a test can start signed in as an admin. */
export async function prepareRoot(env: E2eEnv): Promise<string> {
  return rootSession(env.url, ROOT_PASSWORD);
}

/** POSTs to the REST API as the given token; fails the test on a non-2xx answer. */
export async function api<T = Record<string, unknown>>(env: E2eEnv, token: string, apiPath: string, body: unknown): Promise<T> {
  const r = await call<T>(env.url, `/joc/api${apiPath}`, { token, body });
  assert.ok(r.status >= 200 && r.status < 300, `${apiPath} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Saves a screenshot of the current page as docs/screenshots/<name>.png (kept current by every e2e run). */
export async function screenshot(page: Page, name: string, opts: { height?: number; top?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize();
  if (opts.height && size) await page.setViewportSize({ width: size.width, height: opts.height });
  if (opts.top) await page.evaluate(() => window.scrollTo(0, 0));
  // Let toasts and focus rings settle so the pictures are stable.
  await page.waitForTimeout(150);
  // Notifications of earlier steps would only clutter the pictures.
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: 'disabled', style: '.toast-region { display: none !important; }' });
  if (opts.height && size) await page.setViewportSize(size);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe-core on the page and fails on any serious or critical violation. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated over CDP rather than added as a <script>: the console's CSP (script-src 'self') rightly blocks that.
  if (!loaded) await page.evaluate(`${readFileSync(AXE, 'utf8')}\n;void 0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `axe found serious/critical violations on ${what}:\n${JSON.stringify(bad, null, 2)}`);
}

/** Opens a row's "Actions" menu (a <details> disclosure) and picks an action. */
export async function rowAction(row: Locator, action: string): Promise<void> {
  await row.locator('summary').click();
  await row.getByRole('button', { name: action, exact: true }).click();
}

/** Runs a test body; on failure saves a screenshot to $TMPDIR/keyward-e2e-failure-<name>.png to show the page state. */
export async function withFailureScreenshot(page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    const file = path.join(process.env.TMPDIR ?? '/tmp', `keyward-e2e-failure-${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    if (err instanceof Error) err.message += `\n(page screenshot: ${file}; url: ${page.url()})`;
    throw err;
  }
}
