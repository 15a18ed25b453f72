import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import {
  blockAccount, blockedNames, deleteAccounts, deleteIdentityService, deleteSessions, findAccount, findIdentityService,
  findSessionByTokenHash, insertAccount, insertIdentityService, insertLoginHistory, insertRole, insertSession,
  listAccounts, listIdentityServices, listLoginHistory, loadGrants, purgeExpiredSessions, readSetting,
  readThrottle, recordThrottleFailure, rolesOfAccounts, setAccountRoles, touchSession, unblockAccounts, upsertFolder,
  upsertPermission, writeSetting, type Store, type StoredSession,
} from '../../src/store/index.js';
import { runPrepared } from '../../src/store/prepared-query.js';

/**
 * One conformance suite for every database backend (Dex's storage/conformance in spirit): each backend's test file
 * calls it with a factory for a fresh, empty, migrated store.
 */
export function runStoreConformance(backend: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>): void {
  describe(`store conformance: ${backend}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    before(async () => { ({ store, cleanup } = await open()); });
    after(async () => { await cleanup(); });

    const svc = (name: string, ordering = 1) => ({ name, type: 'JOC' as const, scheme: 'SINGLE-FACTOR' as const, secondFactorServiceId: null, secondFactor: false, ordering, disabled: false, required: false });

    it('identity services: create, read back, unique name, ordered list', async () => {
      const a = await insertIdentityService(store.db, svc('conf-A', 5), 1);
      await insertIdentityService(store.db, svc('conf-B', 2), 1);
      assert.equal(typeof a.id, 'number');
      assert.deepEqual(await findIdentityService(store.db, 'conf-A'), { ...a });
      await assert.rejects(insertIdentityService(store.db, svc('conf-A'), 1), 'duplicate name must fail');
      const names = (await listIdentityServices(store.db)).map((s) => s.name);
      assert.ok(names.indexOf('conf-B') < names.indexOf('conf-A'));
    });

    it('prepared queries: compiled once, run with new parameters, in transactions too; a misordered builder is refused', async () => {
      const s = await insertIdentityService(store.db, svc('conf-prepared'), 1);
      for (const n of ['p1', 'p2']) await insertAccount(store.db, s.id, { name: n, passwordHash: null, email: null, forcePasswordChange: false, disabled: false }, 1);
      const byName = (db: Store['db'], name: string) => runPrepared(db, 'conformance:byName', [s.id, name], () => db.selectFrom('accounts').select('name').where('service_id', '=', s.id).where('name', '=', name));
      assert.deepEqual(await byName(store.db, 'p1'), [{ name: 'p1' }]);
      assert.deepEqual(await byName(store.db, 'p2'), [{ name: 'p2' }], 'the remembered SQL runs with the new parameters');
      assert.deepEqual(await byName(store.db, 'nobody'), []);
      assert.deepEqual(await store.db.transaction().execute((trx) => byName(trx, 'p2')), [{ name: 'p2' }]);
      await assert.rejects(
        runPrepared(store.db, 'conformance:misordered', ['p1', s.id], () => store.db.selectFrom('accounts').select('name').where('service_id', '=', s.id).where('name', '=', 'p1')),
        /not the given ones in order/,
      );
    });

    it('prepared queries and transactions: inside one they are part of it; outside they never see or join its uncommitted work', async () => {
      const s = await insertIdentityService(store.db, svc('conf-prepared-trx'), 1);
      const byName = (db: Store['db'], name: string) => runPrepared(db, 'conformance:byName', [s.id, name], () => db.selectFrom('accounts').select('name').where('service_id', '=', s.id).where('name', '=', name));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => { release = resolve; });
      let written!: () => void;
      const writtenInTrx = new Promise<void>((resolve) => { written = resolve; });
      const trx = store.db.transaction().execute(async (t) => {
        await insertAccount(t, s.id, { name: 'uncommitted', passwordHash: null, email: null, forcePasswordChange: false, disabled: false }, 1);
        assert.deepEqual(await byName(t, 'uncommitted'), [{ name: 'uncommitted' }], 'a transaction sees its own row');
        await insertLoginHistory(t, { accountName: 'conf-trx-history', serviceName: null, loginDate: 1, success: true, callerIp: '::1', details: [] });
        written();
        await gate;
        throw new Error('roll back');
      });
      await writtenInTrx;
      const outside = byName(store.db, 'uncommitted');
      let settled = false;
      void outside.then(() => { settled = true; }, () => { settled = true; });
      await new Promise((resolve) => setTimeout(resolve, 50));
      // SQLite has one connection: a query from outside waits until the transaction is over instead of running inside
      // it. PostgreSQL runs it on another connection, where the uncommitted row is invisible.
      if (store.dialect === 'sqlite') assert.equal(settled, false, 'waits while another transaction holds the connection');
      release();
      await assert.rejects(trx, /roll back/);
      assert.deepEqual(await outside, [], 'never saw the rolled-back row');
      assert.deepEqual(await byName(store.db, 'uncommitted'), []);
      assert.deepEqual(await listLoginHistory(store.db, { accountName: 'conf-trx-history', limit: 10 }), [], 'the prepared write rolled back with its transaction');
    });

    it('accounts: per-service uniqueness, paging with a number total, search escapes LIKE wildcards', async () => {
      const s = await insertIdentityService(store.db, svc('conf-accounts'), 1);
      for (const n of ['anna', 'bert', 'carl', 'd%ve', 'e_va']) {
        await insertAccount(store.db, s.id, { name: n, passwordHash: null, email: `${n}@example.org`, forcePasswordChange: false, disabled: n === 'carl' }, 1);
      }
      await assert.rejects(insertAccount(store.db, s.id, { name: 'anna', passwordHash: null, email: null, forcePasswordChange: false, disabled: false }, 1));
      const page = await listAccounts(store.db, s.id, { limit: 2, offset: 1 });
      assert.equal(page.total, 5);
      assert.equal(typeof page.total, 'number');
      assert.deepEqual(page.items.map((a) => a.name), ['bert', 'carl']);
      assert.deepEqual((await listAccounts(store.db, s.id, { search: '%' })).items.map((a) => a.name), ['d%ve']);
      assert.deepEqual((await listAccounts(store.db, s.id, { search: '_' })).items.map((a) => a.name), ['e_va']);
      assert.deepEqual((await listAccounts(store.db, s.id, { search: 'ANN' })).items.map((a) => a.name), ['anna']);
      assert.deepEqual((await listAccounts(store.db, s.id, { onlyDisabled: true })).items.map((a) => a.name), ['carl']);
      assert.equal(await deleteAccounts(store.db, s.id, ['anna', 'nobody']), 1);
      assert.equal(await findAccount(store.db, s.id, 'anna'), undefined);
    });

    it('roles, assignments and grants; deleting a service cascades', async () => {
      const s = await insertIdentityService(store.db, svc('conf-cascade'), 1);
      const r = await insertRole(store.db, s.id, 'ops', 1);
      const a = await insertAccount(store.db, s.id, { name: 'x', passwordHash: null, email: null, forcePasswordChange: false, disabled: false }, 1);
      assert.deepEqual(await setAccountRoles(store.db, a.id, s.id, ['ops', 'ghost']), ['ghost'], 'unknown roles are reported, nothing assigned');
      assert.deepEqual(await setAccountRoles(store.db, a.id, s.id, ['ops']), []);
      await upsertPermission(store.db, r.id, '', 'sos:products:joc', false);
      await upsertPermission(store.db, r.id, '', 'sos:products:joc', true);
      await upsertPermission(store.db, r.id, 'ctl1', 'sos:products:controller:view', false);
      await upsertFolder(store.db, r.id, '', '/a', true);
      const g = await loadGrants(store.db, [r.id]);
      assert.deepEqual(g.permissions.map((p) => [p.controllerId, p.path, p.excluded]).sort(), [['', 'sos:products:joc', true], ['ctl1', 'sos:products:controller:view', false]]);
      assert.deepEqual(g.folders.map((f) => [f.folder, f.recursive]), [['/a', true]]);
      assert.deepEqual((await rolesOfAccounts(store.db, [a.id])).get(a.id), ['ops']);
      await deleteIdentityService(store.db, s.id);
      assert.equal(await findAccount(store.db, s.id, 'x'), undefined);
      assert.deepEqual(await loadGrants(store.db, [r.id]), { permissions: [], folders: [] });
    });

    it('sessions: epoch-ms round trip, touch only moves forward, purge by idle time and absolute end', async () => {
      const base: StoredSession = { id: 'sess-1', tokenHash: 'h1', accountName: 'root', serviceId: 1, identityService: 'JOC:x', subjects: '[]', idleTimeoutMs: 1000, lastTouch: 1_790_000_000_000, createdAt: 1_790_000_000_000, expiresAt: null, forcePasswordChange: true, callerIp: '::1', data: null };
      await insertSession(store.db, base);
      await insertSession(store.db, { ...base, id: 'sess-2', tokenHash: 'h2', expiresAt: 1_790_000_000_500, idleTimeoutMs: 60_000 });
      assert.deepEqual(await findSessionByTokenHash(store.db, 'h1'), base);
      await touchSession(store.db, 'sess-1', 1_790_000_000_900);
      await touchSession(store.db, 'sess-1', 1_790_000_000_100);
      assert.equal((await findSessionByTokenHash(store.db, 'h1'))?.lastTouch, 1_790_000_000_900);
      assert.deepEqual((await purgeExpiredSessions(store.db, 1_790_000_000_600)).sort(), ['sess-2']);
      assert.deepEqual(await purgeExpiredSessions(store.db, 1_790_000_001_899), []);
      assert.deepEqual(await purgeExpiredSessions(store.db, 1_790_000_001_900), ['sess-1']);
      assert.deepEqual(await deleteSessions(store.db, { ids: ['nope'] }), []);
    });

    it('throttle counters are atomic under concurrent failures', async () => {
      await Promise.all(Array.from({ length: 20 }, () => recordThrottleFailure(store.db, 'account:conc', 5000, 0)));
      assert.equal((await readThrottle(store.db, ['account:conc'])).get('account:conc')?.failures, 20);
      await recordThrottleFailure(store.db, 'account:conc', 10_000_000, 9_000_000);
      assert.equal((await readThrottle(store.db, ['account:conc'])).get('account:conc')?.failures, 1, 'an old series restarts');
    });

    it('blocklist, settings and login history round-trip', async () => {
      await blockAccount(store.db, 'mallory', 'spam', 42);
      await blockAccount(store.db, 'mallory', 'again', 43);
      assert.deepEqual([...await blockedNames(store.db, ['mallory', 'alice'])], ['mallory']);
      assert.equal(await unblockAccounts(store.db, ['mallory']), 1);
      await writeSetting(store.db, 'GLOBALS', 'conf', { a: 1 }, 1);
      await writeSetting(store.db, 'GLOBALS', 'conf', { a: 2, s: 'ü' }, 2);
      assert.deepEqual(await readSetting(store.db, 'GLOBALS', 'conf'), { a: 2, s: 'ü' });
      assert.equal(await readSetting(store.db, 'GLOBALS', 'missing'), undefined);
      await insertLoginHistory(store.db, { accountName: 'h', serviceName: null, loginDate: 1_790_000_000_000, success: false, callerIp: '1.2.3.4', details: [{ identityServiceName: 'A', message: 'wrong password', code: 'BAD_CREDENTIALS' }] });
      const h = await listLoginHistory(store.db, { accountName: 'h', limit: 10 });
      assert.equal(h.length, 1);
      assert.equal(h[0]?.loginDate, 1_790_000_000_000);
      assert.equal(h[0]?.success, false);
      assert.deepEqual(h[0]?.details, [{ identityServiceName: 'A', message: 'wrong password', code: 'BAD_CREDENTIALS' }]);
    });
  });
}
