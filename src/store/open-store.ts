import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { pgNotifications } from './pg-notifications.js';
import { allowDirectSqlite } from './prepared-query.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The database handle every repository works with, plus a cross-instance notification channel: PostgreSQL
 * LISTEN/NOTIFY when several instances share one database; an in-process emitter on SQLite (one instance).
 */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /**
   * Sends a notification to every instance (including this one). Resolves when every listening instance has run its
   * handlers for it, or after `confirmWithinMs` when one does not confirm (see pg-notifications.ts).
   */
  notify(channel: NotifyChannel, payload: string, options?: { confirmWithinMs?: number }): Promise<void>;
  /** Handlers run synchronously; a payload is at most ~7,900 bytes (PostgreSQL's NOTIFY limit, less the framing). */
  onNotify(channel: NotifyChannel, handler: (payload: string) => void): void;
  /** Resolves when this instance receives notifications from the others (at once on SQLite). */
  listening(): Promise<void>;
  close(): Promise<void>;
}

export type NotifyChannel = 'keyward_session';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Reads `NNNN_name.ts|js` files from store/migrations in name order, so new capabilities add a file, not an index entry. */
class DirectoryMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{4}_[\w-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
      out[file.replace(/\.(ts|js)$/, '')] = mod;
    }
    return out;
  }
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens the database named by `url` (a SQLite path, `sqlite:<path>`, `:memory:`, or postgres://...) and migrates it. */
export async function openStore(url: string): Promise<Store> {
  const store = isPostgresUrl(url) ? openPostgres(url) : openSqlite(url.replace(/^sqlite:/, ''));
  const migrator = new Migrator({ db: store.db as unknown as Kysely<unknown>, provider: new DirectoryMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await store.close();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return store;
}

function openSqlite(file: string): Store {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  // WAL keeps readers (session checks) from waiting on writers; busy_timeout instead of SQLITE_BUSY errors.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  // A checkpoint copies each changed page once, however often it was rewritten since the last one, and syncs the
  // file: every login rewrites the same few pages (session and history tails, their indexes), so checkpointing after
  // 10,000 WAL pages (~40 MB) instead of SQLite's 1,000 does a tenth of the syncs and far fewer page copies (measured
  // with bench/ldap-login.ts: 4-11% less CPU per login). The WAL file is cut back to 64 MB after a checkpoint.
  database.pragma('wal_autocheckpoint = 10000');
  database.pragma('journal_size_limit = 67108864');
  const statements = withStatementCache(database);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  allowDirectSqlite(db, {
    inTransaction: () => database.inTransaction,
    run: (sql, params) => {
      const stmt = statements.prepare(sql);
      if (stmt.reader) return stmt.all(...params);
      stmt.run(...params);
      return [];
    },
  });
  const emitter = new EventEmitter();
  return {
    db,
    dialect: 'sqlite',
    // One instance: handlers run before emit returns, which is all a confirmation means.
    notify: async (channel, payload) => { emitter.emit(channel, payload); },
    onNotify: (channel, handler) => { emitter.on(channel, handler); },
    listening: async () => {},
    close: async () => { await db.destroy(); },
  };
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, and preparing costs as much as running
 * a point query. Keyward's queries are a small fixed set of SQL texts (values are parameters), so a bounded cache
 * of prepared statements removes that cost from every login and session load. Safe because Keyward never streams
 * (a statement is never busy when it is reused).
 */
function withStatementCache(database: SQLite.Database): { prepare(sql: string): SQLite.Statement; close(): void } {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql) {
      let stmt = statements.get(sql);
      if (stmt === undefined) {
        stmt = database.prepare(sql);
        if (statements.size >= 1000) statements.clear();
        statements.set(sql, stmt);
      }
      return stmt;
    },
    close: () => { database.close(); },
  };
}

function openPostgres(url: string): Store {
  const types = new pg.TypeOverrides();
  // Epoch-millisecond columns are int8; they fit a JS number exactly, so parse them as numbers (not strings).
  types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 10, types, connectionTimeoutMillis: 10_000 });
  // A broken idle connection must not crash the process; the pool replaces it on the next checkout.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const notifications = pgNotifications(url, pool, types);
  return {
    db,
    dialect: 'postgres',
    notify: (channel, payload, options) => notifications.notify(channel, payload, options?.confirmWithinMs ?? 0),
    onNotify: (channel, handler) => { notifications.onNotify(channel, handler); },
    listening: () => notifications.listening(),
    close: async () => {
      await notifications.close();
      await db.destroy();
    },
  };
}
