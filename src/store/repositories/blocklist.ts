import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { BlockedAccount } from '../types.js';
import { runPrepared } from '../prepared-query.js';

type Db = Kysely<Database>;

export async function listBlockedAccounts(db: Db, f: { accountName?: string | undefined; dateFrom?: number | undefined; dateTo?: number | undefined; limit: number }): Promise<BlockedAccount[]> {
  let q = db.selectFrom('blocklist').selectAll();
  if (f.accountName !== undefined) q = q.where('account_name', '=', f.accountName);
  if (f.dateFrom !== undefined) q = q.where('since', '>=', f.dateFrom);
  if (f.dateTo !== undefined) q = q.where('since', '<=', f.dateTo);
  const rows = await q.orderBy('since', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({ accountName: r.account_name, comment: r.comment, since: r.since }));
}

export async function blockedNames(db: Db, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await runPrepared(db, `blockedNames:${names.length}`, names, () => db.selectFrom('blocklist').select('account_name').where('account_name', 'in', names));
  return new Set(rows.map((r) => r.account_name));
}

export async function isBlocked(db: Db, name: string): Promise<boolean> {
  return (await blockedNames(db, [name])).has(name);
}

export async function blockAccount(db: Db, name: string, comment: string | null, now: number): Promise<void> {
  await db.insertInto('blocklist').values({ account_name: name, comment, since: now })
    .onConflict((oc) => oc.column('account_name').doUpdateSet({ comment })).execute();
}

export async function unblockAccounts(db: Db, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0;
  const r = await db.deleteFrom('blocklist').where('account_name', 'in', names).executeTakeFirst();
  return Number(r.numDeletedRows);
}
