import { sql, type Kysely, type Selectable } from 'kysely';
import type { AccountTable, Database } from '../schema.js';
import type { Account } from '../types.js';
import { runPrepared } from '../prepared-query.js';

type Db = Kysely<Database>;

function toAccount(row: Selectable<AccountTable>): Account {
  return {
    id: row.id,
    serviceId: row.service_id,
    name: row.name,
    passwordHash: row.password_hash,
    email: row.email,
    forcePasswordChange: row.force_password_change === 1,
    disabled: row.disabled === 1,
  };
}

export interface AccountFilter {
  accountName?: string | undefined;
  /** Case-insensitive substring of name or e-mail. */
  search?: string | undefined;
  onlyEnabled?: boolean | undefined;
  onlyDisabled?: boolean | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** A page of accounts ordered by name, and the total matching the filter (paging over 100,000 accounts). */
export async function listAccounts(db: Db, serviceId: number, f: AccountFilter): Promise<{ items: Account[]; total: number }> {
  let q = db.selectFrom('accounts').where('service_id', '=', serviceId);
  if (f.accountName !== undefined) q = q.where('name', '=', f.accountName);
  if (f.search !== undefined && f.search !== '') {
    const pattern = `%${f.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([
      eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
      eb(sql`lower(coalesce(email, ''))`, 'like', sql`${pattern} escape '\\'`),
    ]));
  }
  // spec §1.6: only-enabled / only-disabled; both or none = all.
  if (f.onlyEnabled === true && f.onlyDisabled !== true) q = q.where('disabled', '=', 0);
  if (f.onlyDisabled === true && f.onlyEnabled !== true) q = q.where('disabled', '=', 1);
  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  let page = q.selectAll().orderBy('name');
  if (f.limit !== undefined) page = page.limit(f.limit);
  if (f.offset !== undefined && f.offset > 0) page = page.offset(f.offset);
  const rows = await page.execute();
  return { items: rows.map(toAccount), total: Number(totalRow?.n ?? 0) };
}

export async function findAccount(db: Db, serviceId: number, name: string): Promise<Account | undefined> {
  const [row] = await runPrepared(db, 'findAccount', [serviceId, name], () => db.selectFrom('accounts').selectAll()
    .where('service_id', '=', serviceId).where('name', '=', name));
  return row && toAccount(row);
}

export interface AccountInput {
  name: string;
  passwordHash: string | null;
  email: string | null;
  forcePasswordChange: boolean;
  disabled: boolean;
}

export async function insertAccount(db: Db, serviceId: number, a: AccountInput, now: number): Promise<Account> {
  const row = await db.insertInto('accounts').values({
    service_id: serviceId, name: a.name, password_hash: a.passwordHash, email: a.email,
    force_password_change: a.forcePasswordChange ? 1 : 0, disabled: a.disabled ? 1 : 0, created_at: now, updated_at: now,
  }).returningAll().executeTakeFirstOrThrow();
  return toAccount(row);
}

export async function updateAccount(db: Db, id: number, a: Partial<AccountInput>, now: number): Promise<void> {
  await db.updateTable('accounts').set({
    ...(a.name !== undefined ? { name: a.name } : {}),
    ...(a.passwordHash !== undefined ? { password_hash: a.passwordHash } : {}),
    ...(a.email !== undefined ? { email: a.email } : {}),
    ...(a.forcePasswordChange !== undefined ? { force_password_change: a.forcePasswordChange ? 1 : 0 } : {}),
    ...(a.disabled !== undefined ? { disabled: a.disabled ? 1 : 0 } : {}),
    updated_at: now,
  }).where('id', '=', id).execute();
}

export async function deleteAccounts(db: Db, serviceId: number, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0;
  const res = await db.deleteFrom('accounts').where('service_id', '=', serviceId).where('name', 'in', names).executeTakeFirst();
  return Number(res.numDeletedRows);
}
