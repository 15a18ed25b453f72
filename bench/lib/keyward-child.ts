/**
 * Child process of the HTTP benchmarks: a bare Fastify route and a Keyward (configured by the KEYWARD_* variables
 * it inherits) in one process, announced to the parent with `READY {"bare": url, "keyward": url}`; stops on SIGTERM.
 */
import { startKeyward } from '../../test/support/keyward-server.js';
import { announce, startBareFastify } from './http-load.js';

const env: Record<string, string> = {};
for (const [key, value] of Object.entries(process.env)) {
  if (key.startsWith('KEYWARD_') && value !== undefined && !key.startsWith('KEYWARD_TEST_')) env[key] = value;
}
const bare = await startBareFastify();
const kw = await startKeyward({ env });
process.once('SIGTERM', () => { void kw.stop().finally(() => process.exit(0)); });
announce({ bare, keyward: kw.url });
