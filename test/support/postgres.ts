import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pg-fixture.sh');
let serverUrl: string | undefined;

/**
 * The URL of the suite's PostgreSQL server. `npm test` starts one for the whole run (test/run.sh exports
 * KEYWARD_TEST_PG_URL); a test file run on its own starts one for its process. Never skipped: without PostgreSQL
 * the tests fail with the reason.
 */
function adminUrl(): string {
  if (serverUrl !== undefined) return serverUrl;
  const fromEnv = process.env.KEYWARD_TEST_PG_URL;
  if (fromEnv !== undefined && fromEnv !== '') return (serverUrl = fromEnv);
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-pg-'));
  const out = execFileSync('bash', [FIXTURE, 'start', dir], { encoding: 'utf8' });
  const m = /KEYWARD_TEST_PG_URL=(\S+)/.exec(out);
  if (!m?.[1]) throw new Error(`PostgreSQL fixture did not start: ${out}`);
  process.on('exit', () => { try { execFileSync('bash', [FIXTURE, 'stop', dir]); } catch { /* already gone */ } });
  return (serverUrl = m[1]);
}

/** A new, empty database on the suite's server; `drop()` removes it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = adminUrl();
  const name = `kw_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
