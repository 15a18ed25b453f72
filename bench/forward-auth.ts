/**
 * `GET /auth/verify` throughput (issue 8): a valid session and a granted permission, as nginx `auth_request` asks
 * it, against a bare Fastify route (an empty 200, what a granted verify answers) measured in the same run.
 *
 * - one instance on SQLite: verify / bare, target ≥ 0.9. Measured in interleaved slices of 150 ms by the minimal
 *   keep-alive client (`interleave` in bench/lib/http-load.ts: 100 pairs, the order flipping every pair, the median
 *   of the per-pair ratios), which gives stable figures on a noisy shared machine;
 * - two instances on one PostgreSQL, loaded at the same time (one autocannon each), the session created on the
 *   first and verified on both: sum of verify / sum of two bare servers, target ≥ 0.7. Medians of per-round
 *   ratios (11 rounds of 2 s per side, the order flipping every round, `compare`).
 * Servers run in child processes (bench/lib/keyward-child.ts: one per instance, each also serving its bare
 * baseline). Server CPU time per request is reported too: on a small or shared machine the load generator can cap
 * both sides' throughput, the CPU per request shows the server's own cost.
 * The rules file has 10 rules and the request matches the 7th, so the rule walk is part of the cost.
 *
 * Run: node --import tsx bench/forward-auth.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rootSession } from '../test/support/api-client.js';
import { freshPostgresDatabase } from '../test/support/postgres.js';
import { createAccount, createRole, sessionOf } from '../test/integration/forward-auth/fixtures.js';
import { compare, interleave, printResults, spawnServer, type BenchResult, type ChildServer, type InterleaveOptions, type Target } from './lib/http-load.js';

const LOAD = { connections: 32, seconds: 2, rounds: 11, warmupSeconds: 2 };
const SLICES: InterleaveOptions = { connections: 16, pairs: 100, sliceMs: 150, warmupMs: 2000 };

const CATALOGUE = `
applications:
  - root: shop
    permissions: [shop:orders:view, shop:orders:create, shop:refunds:create, shop:admin]
`;
const RULES = `
rules:
  - path: /health
    public: true
  - path: /static/**
    public: true
  - host: admin.example.com
    permission: shop:admin
  - path: /api/refunds/**
    methods: [POST]
    permission: shop:refunds:create
  - path: /api/orders/**
    methods: [POST, PUT, DELETE]
    permission: shop:orders:create
  - path: /api/orders/*/items/**
    permission: shop:orders:view
  - host: shop.example.com
    path: /api/orders/**
    methods: [GET]
    permission: shop:orders:view
  - host: shop.example.com
    path: /app/**
    permission: shop:orders:view
    activity: true
  - path: /api/**
    permission: shop:admin
  - path: /**
`;

/** What nginx sends for `GET https://shop.example.com/api/orders/4711?expand=items` (see docs/examples). */
function verifyTarget(keywardUrl: string, token: string, uri = '/api/orders/4711?expand=items'): Target {
  return {
    url: `${keywardUrl}/auth/verify`,
    headers: {
      'x-access-token': token, 'x-original-method': 'GET', 'x-original-uri': uri,
      'x-forwarded-host': 'shop.example.com', 'x-forwarded-proto': 'https',
    },
  };
}

/** The baseline gets the same request headers, so both sides parse the same bytes. */
function bareTarget(bareUrl: string, token: string): Target {
  return { ...verifyTarget('', token), url: `${bareUrl}/bare` };
}

async function expectGranted(target: Target): Promise<void> {
  const res = await fetch(target.url, { headers: target.headers });
  if (res.status !== 200 || res.headers.get('x-keyward-account') !== 'bench') {
    throw new Error(`verify is not granted before the load (${res.status}): ${await res.text()}`);
  }
}

async function prepareAccounts(keywardUrl: string): Promise<void> {
  const root = await rootSession(keywardUrl);
  await createRole(keywardUrl, root, { name: 'shop_clerk', permissions: [{ path: 'shop:orders' }] });
  await createAccount(keywardUrl, root, 'bench', ['shop_clerk']);
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-fa-'));
  const files = { rules: path.join(dir, 'rules.yaml'), catalogue: path.join(dir, 'catalogue.yaml'), secret: path.join(dir, 'secret.key') };
  writeFileSync(files.rules, RULES);
  writeFileSync(files.catalogue, CATALOGUE);
  const env = { KEYWARD_AUTH_RULES: files.rules, KEYWARD_PERMISSION_CATALOGUE: files.catalogue, KEYWARD_SECRET_KEY_FILE: files.secret };
  const children: ChildServer[] = [];
  const results: BenchResult[] = [];
  try {
    // One instance, SQLite.
    const single = await spawnServer(env);
    children.push(single);
    const keyward = single.info.keyward ?? '';
    await prepareAccounts(keyward);
    const token = await sessionOf(keyward, 'bench');
    const verify = verifyTarget(keyward, token);
    await expectGranted(verify);
    const one = await interleave(bareTarget(single.info.bare ?? '', token), verify, SLICES, single);
    const activity = await interleave(bareTarget(single.info.bare ?? '', token), verifyTarget(keyward, token, '/app/orders'), { ...SLICES, pairs: 40 }, single);
    results.push(
      { name: 'bare Fastify route, 1 instance', value: one.baseline.rps, unit: 'req/s' },
      { name: '/auth/verify, granted (SQLite, 1 instance)', value: one.subject.rps, unit: 'req/s' },
      { name: '/auth/verify / bare route (1 instance)', value: one.ratio, unit: 'ratio', target: 0.9 },
      { name: 'server CPU per request, bare route', value: one.baseline.cpuMicros, unit: 'µs' },
      { name: 'server CPU per request, /auth/verify', value: one.subject.cpuMicros, unit: 'µs' },
      { name: 'CPU-bound ratio (bare CPU / verify CPU per request)', value: one.cpuRatio, unit: 'ratio' },
      { name: '/auth/verify, rule with activity: true', value: activity.subject.rps, unit: 'req/s' },
      { name: '/auth/verify with activity / bare route', value: activity.ratio, unit: 'ratio' },
      { name: 'CPU-bound ratio with activity', value: activity.cpuRatio, unit: 'ratio' },
    );
    await single.stop();
    children.pop();

    // Two instances, one PostgreSQL.
    const db = await freshPostgresDatabase();
    try {
      const pgEnv = { ...env, KEYWARD_DATABASE_URL: db.url };
      const a = await spawnServer(pgEnv);
      children.push(a);
      await prepareAccounts(a.info.keyward ?? '');
      const b = await spawnServer(pgEnv);
      children.push(b);
      const pgToken = await sessionOf(a.info.keyward ?? '', 'bench');
      const verifies = [verifyTarget(a.info.keyward ?? '', pgToken), verifyTarget(b.info.keyward ?? '', pgToken)];
      for (const v of verifies) await expectGranted(v);
      const two = await compare(
        [bareTarget(a.info.bare ?? '', pgToken), bareTarget(b.info.bare ?? '', pgToken)], verifies, LOAD, [a, b]);
      results.push(
        { name: 'bare Fastify route, 2 instances', value: two.baseline.rps, unit: 'req/s' },
        { name: '/auth/verify, granted (PostgreSQL, 2 instances)', value: two.subject.rps, unit: 'req/s' },
        { name: '/auth/verify / bare route (2 instances, PostgreSQL)', value: two.ratio, unit: 'ratio', target: 0.7 },
        { name: 'CPU-bound ratio, 2 instances (bare CPU / verify CPU per request)', value: two.cpuRatio, unit: 'ratio' },
      );
    } finally {
      for (const c of children.splice(0)) await c.stop();
      await db.drop();
    }
    return results;
  } finally {
    for (const c of children) await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults(await run());
  process.exit(0);
}
