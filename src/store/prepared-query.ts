import { isDeepStrictEqual } from 'node:util';
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs a query written with Kysely's builder, but builds and compiles it only once per database dialect and `key`;
 * later calls send the remembered SQL text with their own parameters.
 *
 * Why: Kysely builds an immutable tree and compiles it to SQL on every call — about ten microseconds of JavaScript
 * (and garbage) a query. The login path runs ten queries besides its password hash, so this is a measurable share
 * of a login (bench/login.ts, bench/ldap-login.ts). Only hot queries whose SQL text depends on nothing but `key`
 * use it.
 *
 * `params` must be the values the builder puts into the SQL, in the order they appear there. That is checked when
 * the SQL is first compiled, so a builder whose parameters come out in another order fails at once (in the tests),
 * never by binding a value to the wrong column. (The check compares values, so it cannot see two swapped
 * parameters that happen to be equal on that first call; the repositories' tests use distinct values.)
 */
const remembered = new WeakMap<object, Map<string, string>>();

export async function runPrepared<R>(db: Kysely<Database>, key: string, params: readonly unknown[], build: () => Compilable<R>): Promise<R[]> {
  const executor = db.getExecutor();
  // One adapter per Kysely instance, shared by its transactions: the SQL text is dialect-specific.
  let texts = remembered.get(executor.adapter);
  if (texts === undefined) {
    texts = new Map();
    remembered.set(executor.adapter, texts);
  }
  let sql = texts.get(key);
  if (sql === undefined) {
    const compiled = build().compile();
    if (!isDeepStrictEqual([...compiled.parameters], [...params])) {
      throw new Error(`prepared query ${key}: the builder's parameters ${JSON.stringify(compiled.parameters)} are not the given ones in order`);
    }
    sql = compiled.sql;
    texts.set(key, sql);
  }
  const direct = directByAdapter.get(executor.adapter);
  // SQLite has a single connection, which Kysely lends out under a mutex. A statement may run on it directly when
  // the caller holds it (its own transaction) or when no transaction is open on it: a synchronous statement cannot
  // interleave with anything, so the result is what Kysely's queue would give, without the queue's promises (they
  // were two fifths of the memory a login allocates). Inside someone else's open transaction it waits its turn.
  if (direct !== undefined && (db.isTransaction || !direct.inTransaction())) return direct.run(sql, params) as R[];
  const result = await db.executeQuery(CompiledQuery.raw(sql, [...params]) as CompiledQuery<R>);
  return result.rows;
}

/** A SQLite database's synchronous side (better-sqlite3), for runPrepared. */
export interface DirectSqlite {
  /** Whether a transaction is open on the connection (better-sqlite3 `inTransaction`). */
  inTransaction(): boolean;
  /** Runs one statement: the rows of a query, [] for a write (as Kysely's SQLite driver answers). */
  run(sql: string, params: readonly unknown[]): unknown[];
}

const directByAdapter = new WeakMap<object, DirectSqlite>();

/** Lets runPrepared use `direct` for `db` and its transactions (src/store/open-store.ts, SQLite only). */
export function allowDirectSqlite(db: Kysely<Database>, direct: DirectSqlite): void {
  directByAdapter.set(db.getExecutor().adapter, direct);
}
