import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openStore, type Store } from '../../../src/store/index.js';
import { LISTENER_APPLICATION_NAME } from '../../../src/store/pg-notifications.js';
import { freshPostgresDatabase } from '../../support/postgres.js';

/** Two stores on one PostgreSQL database stand for two Keyward instances. */
describe('notifications between instances on one PostgreSQL', () => {
  let url: string;
  let drop: () => Promise<void>;
  let a: Store;
  let b: Store;
  const heardByA: string[] = [];
  const heardByB: string[] = [];
  before(async () => {
    const database = await freshPostgresDatabase();
    ({ url, drop } = database);
    [a, b] = await Promise.all([openStore(url), openStore(url)]);
    a.onNotify('keyward_session', (p) => heardByA.push(p));
    b.onNotify('keyward_session', (p) => heardByB.push(p));
    await Promise.all([a.listening(), b.listening()]);
  });
  after(async () => { await a.close(); await b.close(); await drop(); });

  it('resolves only after every listening instance has run its handlers, with the payload intact', async () => {
    for (let i = 0; i < 20; i++) {
      const payload = `end:id-${i},x:y:${'z'.repeat(i)}`;
      const started = Date.now();
      await a.notify('keyward_session', payload, { confirmWithinMs: 5_000 });
      assert.equal(heardByB.at(-1), payload, `B had acted on message ${i} when notify resolved`);
      assert.equal(heardByA.at(-1), payload, 'the sender hears its own message too');
      assert.ok(Date.now() - started < 2_000, 'confirmed, not timed out');
    }
  });

  it('waits for an instance that does not confirm, but no longer than confirmWithinMs', async () => {
    // A listener that looks like an instance (same application name) but never confirms: stuck, or an old version.
    const silent = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME });
    await silent.connect();
    await silent.query('LISTEN keyward_session');
    try {
      const started = Date.now();
      await a.notify('keyward_session', 'end:silent', { confirmWithinMs: 400 });
      const waited = Date.now() - started;
      assert.ok(waited >= 380, `waited ${waited} ms for the silent listener`);
      assert.ok(waited < 2_000, `gave up after the bound, not later (${waited} ms)`);
      assert.equal(heardByB.at(-1), 'end:silent');
    } finally {
      await silent.end();
    }
  });

  it('does not wait for an instance that has gone, and without a bound does not wait at all', async () => {
    const c = await openStore(url);
    c.onNotify('keyward_session', () => {});
    await c.listening();
    await c.close();
    // Its listener leaves pg_stat_activity when its backend exits, a moment after the client closed.
    await waitForListeners(2);
    let started = Date.now();
    await a.notify('keyward_session', 'end:after-c', { confirmWithinMs: 3_000 });
    assert.ok(Date.now() - started < 1_500, 'two listeners left, both confirm');
    assert.equal(heardByB.at(-1), 'end:after-c');
    started = Date.now();
    await a.notify('keyward_session', 'end:no-wait');
    assert.ok(Date.now() - started < 1_500);
  });

  it('recovers when the listening connections are cut: no sender hangs meanwhile, and confirmations resume', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [LISTENER_APPLICATION_NAME]);
    } finally {
      await admin.end();
    }
    const started = Date.now();
    await a.notify('keyward_session', 'end:during-outage', { confirmWithinMs: 1_000 });
    assert.ok(Date.now() - started < 2_000, 'bounded while nobody listens');
    await waitForListeners(2); // each store reconnects after a second
    await a.notify('keyward_session', 'end:after-outage', { confirmWithinMs: 5_000 });
    assert.equal(heardByB.at(-1), 'end:after-outage', 'B listens again and had acted when notify resolved');
  });

  it('keeps trying while the database refuses connections, and listens again once it accepts them', async () => {
    // From the server's maintenance database: a database cannot refuse the connection that changes it.
    const database = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: maintenanceUrl() });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database, LISTENER_APPLICATION_NAME]);
      await new Promise((r) => setTimeout(r, 2_500)); // at least two refused attempts per store
      await waitForListeners(0);
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await waitForListeners(2);
    await a.notify('keyward_session', 'end:after-refusal', { confirmWithinMs: 5_000 });
    assert.equal(heardByB.at(-1), 'end:after-refusal');
  });

  /** The server's `postgres` database, which stays reachable while the test database refuses connections. */
  function maintenanceUrl(): string {
    return url.replace(/\/[^/]*$/, '/postgres');
  }

  /** Polls pg_stat_activity until `n` Keyward listeners are connected to the test database; fails after 5 s. */
  async function waitForListeners(n: number): Promise<void> {
    const probe = new pg.Client({ connectionString: maintenanceUrl() });
    await probe.connect();
    try {
      let seen: number | undefined;
      for (let i = 0; i < 250; i++) {
        const r = await probe.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [new URL(url).pathname.slice(1), LISTENER_APPLICATION_NAME]);
        seen = r.rows[0]?.n;
        if (seen === n) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.fail(`expected ${n} listeners, saw ${String(seen)}`);
    } finally {
      await probe.end();
    }
  }
});
