import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Helpers for migrations that must run unchanged on SQLite and PostgreSQL. New migrations go into
 * `store/migrations/NNNN_name.ts` (exporting `up`); the migrator picks them up by file name, in order.
 */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Auto-increment id type: `serial` on PostgreSQL; `integer primary key autoincrement` on SQLite. */
export function idColumn(pg: boolean): 'serial' | 'integer' {
  return pg ? 'serial' : 'integer';
}
