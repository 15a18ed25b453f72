import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { SessionManager } from '../../../src/sessions/session-manager.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { freshPostgresDatabase } from '../../support/postgres.js';

/** Holds every query result of the database handle it is plugged into until `release()`, while armed. */
class ResultGate implements KyselyPlugin {
  private held: Promise<void> | undefined;
  private open: (() => void) | undefined;
  private arrive: (() => void) | undefined;
  /** Resolves when a query has run and its result is being held. */
  reached: Promise<void> = Promise.resolve();
  arm(): void {
    this.held = new Promise((r) => { this.open = r; });
    this.reached = new Promise((r) => { this.arrive = r; });
  }
  release(): void { this.open?.(); this.held = undefined; }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode { return args.node; }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.held !== undefined) this.arrive?.();
    await this.held;
    return args.result;
  }
}

const sessionInput = {
  accountName: 'root', serviceId: 1, identityService: 'JOC:JOC-INITIAL', subjects: [], roleGrants: [],
  idleTimeoutMs: 900_000, expiresAt: null, forcePasswordChange: false, callerIp: '127.0.0.1', data: null,
};

/**
 * Instance B reads a session from the database while instance A ends it. B's read started before the delete, so it
 * returns the row after B has already been told to evict it; B must not cache that row.
 */
describe('a session ended while another instance is reading it', () => {
  let store: Store;
  let drop: () => Promise<void>;
  before(async () => {
    const database = await freshPostgresDatabase();
    drop = database.drop;
    store = await openStore(database.url);
  });
  after(async () => { await store.close(); await drop(); });

  it('is not put back into the cache by the read that completes after the end', async () => {
    const gate = new ResultGate();
    const a = new SessionManager(store, 60_000);
    const b = new SessionManager({ ...store, db: store.db.withPlugin(gate) }, 60_000);
    await store.listening();
    const { token, session } = await a.create(sessionInput);

    gate.arm();
    const reading = b.resolve(token);
    // B's query has run (the row exists) but its result is held until A has ended the session and B was notified.
    await gate.reached;
    assert.deepEqual(await a.end([session.id]), [session.id]);
    gate.release();

    assert.deepEqual(await reading, { status: 'unknown' });
    assert.equal(b.cached(token), undefined);
    assert.deepEqual(await b.resolve(token), { status: 'unknown' });
    assert.deepEqual(await a.resolve(token), { status: 'unknown' });
  });

  it('an instance that was told of the end refuses at once, even with a long cache life', async () => {
    const a = new SessionManager(store, 60_000);
    const b = new SessionManager(store, 60_000);
    const { token, session } = await a.create(sessionInput);
    assert.equal((await b.resolve(token)).status, 'ok');
    assert.notEqual(b.cached(token), undefined, 'B answers from its cache');
    await a.end([session.id]);
    assert.equal(b.cached(token), undefined, 'evicted on B before end() returned');
    assert.deepEqual(await b.resolve(token), { status: 'unknown' });
  });
});
