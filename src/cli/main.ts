import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/index.js';
import { startServer } from '../server.js';
import { INITIAL_ACCOUNT, INITIAL_PASSWORD } from '../setup/initial-setup.js';
import { createRescueAccess } from '../setup/rescue.js';
import { openStore } from '../store/index.js';
import { helpText } from './help-text.js';
import '../services/all-service-types.js';

/** The `keyward` command. Returns the exit code; `serve` keeps running until SIGINT/SIGTERM. */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') { console.log(helpText()); return 0; }
  if (first === '--version' || first === '-v') { console.log(version()); return 0; }
  const command = first === undefined || first.startsWith('--') ? 'serve' : first;
  const args = command === first ? rest : argv;
  let config;
  try {
    config = loadConfig(process.env, args);
  } catch (err) {
    console.error(`keyward: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  if (command === 'rescue') {
    const store = await openStore(config.databaseUrl);
    try {
      const r = await createRescueAccess(store, Date.now());
      console.log(`Rescue access created in identity service ${r.service}:`);
      console.log(`  account:  ${r.account}`);
      console.log(`  password: ${r.password}   (one-time: it must be changed at the first login)`);
      console.log('Disable or delete the JOC-RESCUE service once you have repaired the configuration.');
    } finally {
      await store.close();
    }
    return 0;
  }
  if (command !== 'serve') { console.error(`keyward: unknown command "${command}" (see keyward --help)`); return 2; }

  const server = await startServer(config);
  console.log(`Keyward ${version()} is running at ${server.url}/  (database: ${server.app.kw.store.dialect})`);
  if (server.createdInitialSetup) {
    console.log(`First start: log in as "${INITIAL_ACCOUNT}" with password "${INITIAL_PASSWORD}" (identity service JOC-INITIAL); you will be asked to change it.`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => { void server.close().finally(resolve); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'dev';
  } catch {
    return 'dev';
  }
}
