import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../../src/store/index.js';
import { runStoreConformance } from '../../support/store-conformance.js';

runStoreConformance('SQLite file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-sqlite-'));
  const store = await openStore(path.join(dir, 'k.sqlite'));
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});
