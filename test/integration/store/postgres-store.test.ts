import { openStore } from '../../../src/store/index.js';
import { freshPostgresDatabase } from '../../support/postgres.js';
import { runStoreConformance } from '../../support/store-conformance.js';

runStoreConformance('PostgreSQL', async () => {
  const database = await freshPostgresDatabase();
  const store = await openStore(database.url);
  return { store, cleanup: async () => { await store.close(); await database.drop(); } };
});
