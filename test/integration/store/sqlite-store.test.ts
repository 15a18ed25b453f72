import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { insertLoginHistory, listLoginHistory, openStore } from '../../../src/store/index.js';
import { runStoreConformance } from '../../support/store-conformance.js';

runStoreConformance('SQLite file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-sqlite-'));
  const store = await openStore(path.join(dir, 'k.sqlite'));
  return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
});

describe('SQLite file settings', () => {
  it('WAL journal, checkpoints every 10,000 pages, the WAL cut back to 64 MB, data kept across a reopen', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kw-sqlite-'));
    try {
      const file = path.join(dir, 'k.sqlite');
      const store = await openStore(file);
      const pragma = async (name: string): Promise<unknown> => Object.values((await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(store.db)).rows[0] ?? {})[0];
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('wal_autocheckpoint'), 10000);
      assert.equal(await pragma('journal_size_limit'), 67108864);
      // What was written is there after closing and reopening.
      for (let i = 0; i < 200; i++) await insertLoginHistory(store.db, { accountName: `a${i}`, serviceName: null, loginDate: i, success: true, callerIp: '::1', details: [] });
      await store.close();
      const reopened = await openStore(file);
      assert.equal((await listLoginHistory(reopened.db, { limit: 1000 })).length, 200);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
