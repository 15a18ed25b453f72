/**
 * JOC password logins per second per core, as a ratio of raw Argon2id verifies at the same parameters, measured in
 * the same run (issue 2 target ≥ 0.9).
 *
 * "Per core" is measured as CPU time per operation (1 / CPU seconds per op = ops per second per core), so the
 * result does not depend on how many cores are free:
 * - a login is the real thing over HTTP against a Keyward in a child process (throttle check, chain, Argon2id
 *   verify, roles and permissions, session insert, login history), loaded by autocannon from this process; the
 *   child's CPU time (all its threads, /proc) is divided by the logins it served;
 * - a raw verify is `@node-rs/argon2` `verify` at the same parameters, run in this process with the same
 *   concurrency; this process's CPU time is divided by the verifies.
 * Rounds alternate and the median of the per-round ratios is reported.
 * Run: node --import tsx bench/login.ts
 */
import { pathToFileURL } from 'node:url';
import { verify } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { hashPassword } from '../src/crypto/password-hash.js';
import { rootSession } from '../test/support/api-client.js';
import { printResults, spawnServer, type BenchResult } from './lib/http-load.js';

const ROUNDS = 5;
const SECONDS = 3;
const CONCURRENCY = 4;
const PASSWORD = 'bench-Password-1';

async function rawVerifies(hash: string, seconds: number): Promise<{ perSecond: number; cpuMsPerOp: number }> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) { await verify(hash, PASSWORD); n++; }
  }));
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: n / ((performance.now() - start) / 1000), cpuMsPerOp: (cpu.user + cpu.system) / 1000 / n };
}

async function logins(url: string, cpuSeconds: () => number, seconds: number): Promise<{ perSecond: number; cpuMsPerOp: number }> {
  const cpu0 = cpuSeconds();
  const r = await autocannon({
    url: `${url}/joc/api/authentication/login`, method: 'POST', body: '{}', connections: CONCURRENCY, duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`root:${PASSWORD}`).toString('base64')}` },
  });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} failed logins, ${r.errors} errors: the benchmark would measure failures`);
  return { perSecond: r.requests.average, cpuMsPerOp: ((cpuSeconds() - cpu0) * 1000) / r.requests.total };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

export async function run(): Promise<BenchResult[]> {
  const server = await spawnServer({ KEYWARD_LOG_LEVEL: 'silent' });
  try {
    const url = String(server.info.keyward);
    await rootSession(url, PASSWORD);
    const hash = await hashPassword(PASSWORD);
    await rawVerifies(hash, 1);
    await logins(url, server.cpuSeconds, 1);
    const raw: Array<{ perSecond: number; cpuMsPerOp: number }> = [];
    const login: Array<{ perSecond: number; cpuMsPerOp: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      raw.push(await rawVerifies(hash, SECONDS));
      login.push(await logins(url, server.cpuSeconds, SECONDS));
    }
    const rawCpu = median(raw.map((r) => r.cpuMsPerOp));
    const loginCpu = median(login.map((l) => l.cpuMsPerOp));
    return [
      { name: `raw Argon2id verify (m=19456,t=2,p=1), ${CONCURRENCY} at a time`, value: median(raw.map((r) => r.perSecond)), unit: 'ops/s' },
      { name: `JOC password login over HTTP, ${CONCURRENCY} at a time`, value: median(login.map((l) => l.perSecond)), unit: 'logins/s' },
      { name: 'raw verify: CPU per op', value: rawCpu, unit: 'ms' },
      { name: 'login: server CPU per login (all threads)', value: loginCpu, unit: 'ms' },
      { name: 'raw verifies per core-second', value: 1000 / rawCpu, unit: 'ops/s/core' },
      { name: 'logins per core-second', value: 1000 / loginCpu, unit: 'logins/s/core' },
      {
        name: 'logins / raw verifies per core (median of rounds)',
        value: median(login.map((l, i) => (raw[i]?.cpuMsPerOp ?? Number.NaN) / l.cpuMsPerOp)), unit: 'ratio', target: 0.9,
      },
    ];
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printResults(await run());
