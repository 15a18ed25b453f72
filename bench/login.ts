/**
 * JOC password logins per second per core, as a ratio of raw Argon2id verifies at the same parameters, measured in
 * the same run (issue 2 target ≥ 0.9). A login is the real thing over HTTP: throttle check, chain, Argon2id verify,
 * role and permission load, session insert, login history.
 *
 * "Per core": both sides run one operation at a time (concurrency 1), so each uses one core for the hash.
 * Run: node --import tsx bench/login.ts
 */
import { pathToFileURL } from 'node:url';
import { verify } from '@node-rs/argon2';
import { hashPassword } from '../src/crypto/password-hash.js';
import { rootSession, login } from '../test/support/api-client.js';
import { startKeyward } from '../test/support/keyward-server.js';

export interface BenchResult { name: string; value: number; unit: string; target?: number }

const SECONDS = 4;

async function perSecond(op: () => Promise<unknown>, seconds: number): Promise<number> {
  for (let i = 0; i < 3; i++) await op(); // warm-up
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) { await op(); n++; }
  return n / ((performance.now() - start) / 1000);
}

export async function run(): Promise<BenchResult[]> {
  const kw = await startKeyward();
  try {
    await rootSession(kw.url, 'bench-Password-1');
    const hash = await hashPassword('bench-Password-1');
    const raw = await perSecond(() => verify(hash, 'bench-Password-1'), SECONDS);
    const logins = await perSecond(async () => {
      const r = await login(kw.url, 'root', 'bench-Password-1');
      if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
    }, SECONDS);
    return [
      { name: 'raw Argon2id verify (m=19456,t=2,p=1), 1 core', value: raw, unit: 'ops/s' },
      { name: 'JOC password login over HTTP, 1 core', value: logins, unit: 'logins/s' },
      { name: 'login / raw Argon2id verify', value: logins / raw, unit: 'ratio', target: 0.9 },
    ];
  } finally {
    await kw.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name.padEnd(52)} ${r.value.toFixed(r.unit === 'ratio' ? 3 : 1).padStart(10)} ${r.unit}${r.target === undefined ? '' : `  (target ≥ ${r.target}: ${r.value >= r.target ? 'met' : 'MISSED'})`}`);
}
