/**
 * An authorized API call — session lookup plus permission check — against a bare Fastify route measured in the
 * same run on the same server process (issue 2, target ≥ 0.9). The call is JS7's helper
 * `GET /joc/api/authentication/permission?permission=…` (spec §1.2): the guard resolves the session (in memory
 * while cached), the handler checks the permission (memoised) and, as in JS7, counts the call as activity (touch).
 *
 * The target applies to a bare route giving **the same answer** (`/bare-same-answer`): the same JSON body and the
 * same response headers, the security headers Keyward puts on every API answer included. That isolates what the
 * target is about, the session and permission check. Keyward writes this answer past Fastify's reply, straight to
 * Node (src/http/raw-answer.ts), which a bare Fastify route does not do; so a third ratio, without a target, compares
 * with a bare route that writes the same answer the same way (`/bare-raw-same-answer`): what the session and
 * permission check cost on their own. Two more ratios are printed without a target: against a bare route with the
 * same body but without the security headers (`/bare-json`), and against an empty answer (`/bare`).
 *
 * Method (bench/lib/http-load.ts `interleave`): the two sides are loaded in alternating slices of 150 ms by a minimal
 * keep-alive client, 16 connections each, the order flipping every pair; ratios are medians over the pairs, and
 * server CPU per request comes from /proc schedstat. Server in a child process (bench/lib/keyward-child.ts).
 *
 * The target's comparison runs in five fresh server processes and reports the median of their ratios. One process
 * has a "personality" of its own (where the JIT inlined, how the heap lies): two processes of the same build, measured
 * against each other by the same method, differed by up to 2%, as much as the gap this figure is about.
 *
 * Run: node --import tsx bench/authorized-api-call.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rootSession } from '../test/support/api-client.js';
import { createAccount, createRole, sessionOf } from '../test/integration/forward-auth/fixtures.js';
import { interleave, median, printResults, spawnServer, type BenchResult, type Comparison, type InterleaveOptions, type Target } from './lib/http-load.js';

const LOAD: InterleaveOptions = { connections: 16, pairs: 60, sliceMs: 150, warmupMs: 2000 };
const QUERY = '?permission=sos:products:controller:orders:view&controllerId=controller-1';
/** Headers every answer has but whose values differ between two answers. */
const PER_ANSWER = new Set(['date', 'keep-alive', 'connection']);

const PROCESSES = 5;

interface ProcessResult { same: Comparison; raw?: Comparison; noHeaders?: Comparison; empty?: Comparison }

export async function run(): Promise<BenchResult[]> {
  const runs: ProcessResult[] = [];
  // The two comparisons without a target are measured in the first process only.
  for (let i = 0; i < PROCESSES; i++) runs.push(await measureInFreshProcess(i === 0));
  // The median process (PROCESSES is odd): its ratio is the figure, and its throughput and CPU are printed with it.
  const byRatio = [...runs].sort((a, b) => a.same.ratio - b.same.ratio);
  const mid = byRatio[Math.floor(byRatio.length / 2)]?.same;
  const first = runs[0];
  if (mid === undefined || first?.raw === undefined || first.noHeaders === undefined || first.empty === undefined) throw new Error('no measurement');
  return [
    { name: 'bare Fastify route, same answer (body and headers)', value: mid.baseline.rps, unit: 'req/s' },
    { name: 'GET /joc/api/authentication/permission (session + check)', value: mid.subject.rps, unit: 'req/s' },
    ...runs.map((r, i) => ({ name: `  process ${i + 1}: API call / bare route (same answer)`, value: r.same.ratio, unit: 'ratio' })),
    { name: 'authorized API call / bare route (same answer), median', value: mid.ratio, unit: 'ratio', target: 0.9 },
    { name: 'server CPU per request, bare route (same answer)', value: mid.baseline.cpuMicros, unit: 'µs' },
    { name: 'server CPU per request, authorized API call', value: mid.subject.cpuMicros, unit: 'µs' },
    { name: 'CPU-bound ratio (bare CPU / API call CPU per request), median', value: median(runs.map((r) => r.same.cpuRatio)), unit: 'ratio' },
    { name: 'authorized API call / bare route writing the same answer raw', value: first.raw.ratio, unit: 'ratio' },
    { name: 'authorized API call / same body without the security headers', value: first.noHeaders.ratio, unit: 'ratio' },
    { name: 'authorized API call / empty bare route', value: first.empty.ratio, unit: 'ratio' },
  ];
}

async function measureInFreshProcess(withSideComparisons: boolean): Promise<ProcessResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-api-'));
  const server = await spawnServer({ KEYWARD_DATA_DIR: dir });
  try {
    const keyward = server.info.keyward ?? '';
    const bare = server.info.bare ?? '';
    const root = await rootSession(keyward);
    await createRole(keyward, root, { name: 'operator', permissions: [{ path: 'sos:products:controller:orders' }] });
    await createAccount(keyward, root, 'bench', ['operator']);
    const token = await sessionOf(keyward, 'bench');
    const headers = { 'x-access-token': token };
    const api: Target = { url: `${keyward}/joc/api/authentication/permission${QUERY}`, headers };
    const sameAnswer: Target = { url: `${bare}/bare-same-answer${QUERY}`, headers };
    const rawAnswer: Target = { url: `${bare}/bare-raw-same-answer${QUERY}`, headers };
    await checkSameAnswer(api, sameAnswer);
    await checkSameAnswer(api, rawAnswer);

    const same = await interleave(sameAnswer, api, LOAD, server);
    if (!withSideComparisons) return { same };
    const raw = await interleave(rawAnswer, api, { ...LOAD, pairs: 40 }, server);
    const noHeaders = await interleave({ url: `${bare}/bare-json${QUERY}`, headers }, api, { ...LOAD, pairs: 40 }, server);
    const empty = await interleave({ url: `${bare}/bare${QUERY}`, headers }, api, { ...LOAD, pairs: 40 }, server);
    return { same, raw, noHeaders, empty };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The call must be authorized, and the baseline must answer what Keyward answers: the same status and the same
 * header names (values that differ per answer aside). If Keyward's headers change, this fails instead of the
 * benchmark silently comparing different answers.
 */
async function checkSameAnswer(api: Target, baseline: Target): Promise<void> {
  const [a, b] = await Promise.all([fetch(api.url, { headers: api.headers }), fetch(baseline.url, { headers: baseline.headers })]);
  const body = await a.json() as { isPermitted?: boolean };
  await b.arrayBuffer();
  if (a.status !== 200 || body.isPermitted !== true) throw new Error(`the call is not authorized before the load: ${a.status} ${JSON.stringify(body)}`);
  const names = (r: Response): string => [...r.headers.keys()].filter((k) => !PER_ANSWER.has(k)).sort().join(', ');
  if (names(a) !== names(b) || a.status !== b.status) {
    throw new Error(`the baseline does not answer what Keyward answers:\n  Keyward:  ${a.status} ${names(a)}\n  baseline: ${b.status} ${names(b)}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults(await run());
  process.exit(0);
}
