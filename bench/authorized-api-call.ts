/**
 * An authorized API call — session lookup plus permission check — against a bare Fastify route measured in the
 * same run with the same connections and duration (issue 8, target ≥ 0.9). The call is JS7's helper
 * `GET /joc/api/authentication/permission?permission=…` (spec §1.2): the guard resolves the session (in memory
 * while cached), the handler checks the permission (memoised) and, as in JS7, counts the call as activity (touch).
 *
 * The target applies to a bare route answering the same JSON body (`/bare-json`): that isolates what the issue is
 * about, the session and permission check. The ratio against the empty bare route (`/bare`) is printed too, without
 * a target: a JSON body alone (header + body written with writev) costs a bare route ~20%.
 * Ratios are medians of per-round ratios (11 rounds of 2 s per side, the order flipping every round, see bench/lib/http-load.ts).
 * Server in a child process (bench/lib/keyward-child.ts), autocannon here; server CPU per request reported too.
 *
 * Run: node --import tsx bench/authorized-api-call.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rootSession } from '../test/support/api-client.js';
import { createAccount, createRole, sessionOf } from '../test/integration/forward-auth/fixtures.js';
import { compare, printResults, spawnServer, type BenchResult, type Target } from './lib/http-load.js';

const LOAD = { connections: 32, seconds: 2, rounds: 11, warmupSeconds: 2 };
const QUERY = '?permission=sos:products:controller:orders:view&controllerId=controller-1';

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-api-'));
  const server = await spawnServer({ KEYWARD_DATA_DIR: dir });
  try {
    const keyward = server.info.keyward ?? '';
    const root = await rootSession(keyward);
    await createRole(keyward, root, { name: 'operator', permissions: [{ path: 'sos:products:controller:orders' }] });
    await createAccount(keyward, root, 'bench', ['operator']);
    const token = await sessionOf(keyward, 'bench');
    const headers = { 'x-access-token': token };
    const api: Target = { url: `${keyward}/joc/api/authentication/permission${QUERY}`, headers };
    const bareJson: Target = { url: `${server.info.bare ?? ''}/bare-json${QUERY}`, headers };
    const bareEmpty: Target = { url: `${server.info.bare ?? ''}/bare${QUERY}`, headers };
    const check = await fetch(api.url, { headers });
    const body = await check.json() as { isPermitted?: boolean };
    if (check.status !== 200 || body.isPermitted !== true) throw new Error(`the call is not authorized before the load: ${check.status} ${JSON.stringify(body)}`);

    const same = await compare([bareJson], [api], LOAD, [server]);
    const empty = await compare([bareEmpty], [api], { ...LOAD, rounds: 3 }, [server]);
    return [
      { name: 'bare Fastify route, same JSON answer', value: same.baseline.rps, unit: 'req/s' },
      { name: 'GET /joc/api/authentication/permission (session + check)', value: same.subject.rps, unit: 'req/s' },
      { name: 'authorized API call / bare route (same JSON answer)', value: same.ratio, unit: 'ratio', target: 0.9 },
      { name: 'server CPU per request, bare route (same JSON answer)', value: same.baseline.cpuMicros, unit: 'µs' },
      { name: 'server CPU per request, authorized API call', value: same.subject.cpuMicros, unit: 'µs' },
      { name: 'CPU-bound ratio (bare CPU / API call CPU per request)', value: same.cpuRatio, unit: 'ratio' },
      { name: 'bare Fastify route, empty answer', value: empty.baseline.rps, unit: 'req/s' },
      { name: 'authorized API call / empty bare route', value: empty.ratio, unit: 'ratio' },
      { name: 'CPU-bound ratio vs empty bare route', value: empty.cpuRatio, unit: 'ratio' },
    ];
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults(await run());
  process.exit(0);
}
