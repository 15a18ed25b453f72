import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import '../../src/services/all-service-types.js';

export interface TestKeyward {
  readonly url: string;
  readonly dataDir: string;
  readonly server: RunningServer;
  stop(): Promise<void>;
}

/**
 * A real Keyward listening on a free port (in this process), with a fresh data directory and SQLite database unless
 * `env.KEYWARD_DATABASE_URL` says otherwise. `host: 'localhost'` gives a `http://localhost:<port>` URL (needed for
 * WebAuthn, which refuses IP addresses as relying party id).
 */
export async function startKeyward(opts: { env?: Record<string, string>; host?: string; now?: () => number; serveWeb?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<TestKeyward> {
  const dataDir = opts.env?.KEYWARD_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'keyward-test-'));
  const config = loadConfig({
    KEYWARD_HOST: opts.host ?? '127.0.0.1',
    KEYWARD_PORT: '0',
    KEYWARD_DATA_DIR: dataDir,
    KEYWARD_LOG_LEVEL: process.env.KEYWARD_TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
  });
  const server = await startServer(config, {
    ...(opts.now === undefined ? {} : { now: opts.now }),
    ...(opts.serveWeb === undefined ? {} : { serveWeb: opts.serveWeb }),
    ...(opts.logStream === undefined ? {} : { logStream: opts.logStream }),
  });
  return {
    url: server.url,
    dataDir,
    server,
    stop: async () => {
      await server.close();
      if (opts.env?.KEYWARD_DATA_DIR === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
