/**
 * Child process of the HTTP benchmarks: a bare Fastify route and a Keyward (configured by the KEYWARD_* variables
 * it inherits) in one process, announced to the parent with `READY {"bare": url, "keyward": url}`; stops on SIGTERM.
 * Keyward is the compiled server in dist/ (bench/lib/compiled-server.ts; the parent compiles it first), started as
 * test/support/keyward-server.ts starts one: a free port and a fresh data directory unless the variables say otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST } from './compiled-server.js';
import { announce, startBareFastify } from './http-load.js';

const { loadConfig } = await import(pathToFileURL(path.join(DIST, 'config/index.js')).href) as typeof import('../../src/config/index.js');
const { startServer } = await import(pathToFileURL(path.join(DIST, 'server.js')).href) as typeof import('../../src/server.js');

const env: Record<string, string> = {};
for (const [key, value] of Object.entries(process.env)) {
  if (key.startsWith('KEYWARD_') && value !== undefined && !key.startsWith('KEYWARD_TEST_')) env[key] = value;
}
const ownDataDir = env.KEYWARD_DATA_DIR === undefined ? mkdtempSync(path.join(tmpdir(), 'keyward-bench-')) : undefined;
const bare = await startBareFastify();
// Keyward's defaults apply, the log level `info` included: the benchmarks measure what a user runs (until 2026-12-03
// they ran at `silent`, which hid the per-request logger cost, docs/decisions/0010-request-logger.md). The log lines
// go to this process's stdout, which the parent reads.
const kw = await startServer(loadConfig({
  KEYWARD_HOST: '127.0.0.1', KEYWARD_PORT: '0',
  ...(ownDataDir === undefined ? {} : { KEYWARD_DATA_DIR: ownDataDir }),
  ...env,
}));
process.once('SIGTERM', () => {
  void kw.close().finally(() => {
    if (ownDataDir !== undefined) rmSync(ownDataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
announce({ bare, keyward: kw.url });
