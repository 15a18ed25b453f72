import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Role } from '../types.js';
import { runPrepared } from '../prepared-query.js';
import { invalidateLoginConfig } from '../../settings/login-config-cache.js';

type Db = Kysely<Database>;

export async function listRoles(db: Db, serviceId: number): Promise<Role[]> {
  const rows = await db.selectFrom('roles').selectAll().where('service_id', '=', serviceId)
    .orderBy('ordering').orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, serviceId: r.service_id, name: r.name, ordering: r.ordering }));
}

export async function findRole(db: Db, serviceId: number, name: string): Promise<Role | undefined> {
  const r = await db.selectFrom('roles').selectAll().where('service_id', '=', serviceId).where('name', '=', name).executeTakeFirst();
  return r && { id: r.id, serviceId: r.service_id, name: r.name, ordering: r.ordering };
}

/** The named roles of a service (unknown names are left out), in one query. */
export async function findRoles(db: Db, serviceId: number, names: readonly string[]): Promise<Role[]> {
  if (names.length === 0) return [];
  const unique = [...new Set(names)];
  const rows = await runPrepared(db, `findRoles:${unique.length}`, [serviceId, ...unique], () => db.selectFrom('roles').selectAll()
    .where('service_id', '=', serviceId).where('name', 'in', unique).orderBy('ordering').orderBy('name'));
  return rows.map((r) => ({ id: r.id, serviceId: r.service_id, name: r.name, ordering: r.ordering }));
}

export async function insertRole(db: Db, serviceId: number, name: string, ordering: number): Promise<Role> {
  const r = await db.insertInto('roles').values({ service_id: serviceId, name, ordering }).returningAll().executeTakeFirstOrThrow();
  invalidateLoginConfig();
  return { id: r.id, serviceId: r.service_id, name: r.name, ordering: r.ordering };
}

export async function updateRole(db: Db, id: number, changes: { name?: string; ordering?: number }): Promise<void> {
  await db.updateTable('roles').set(changes).where('id', '=', id).execute();
  invalidateLoginConfig();
}

export async function deleteRoles(db: Db, serviceId: number, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0;
  const res = await db.deleteFrom('roles').where('service_id', '=', serviceId).where('name', 'in', names).executeTakeFirst();
  invalidateLoginConfig();
  return Number(res.numDeletedRows);
}

/** Role names of each account, in role ordering. */
export async function rolesOfAccounts(db: Db, accountIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (accountIds.length === 0) return out;
  const rows = await db.selectFrom('account_roles').innerJoin('roles', 'roles.id', 'account_roles.role_id')
    .select(['account_roles.account_id as accountId', 'roles.name as name'])
    .where('account_roles.account_id', 'in', accountIds).orderBy('roles.ordering').orderBy('roles.name').execute();
  for (const r of rows) {
    const list = out.get(r.accountId) ?? [];
    list.push(r.name);
    out.set(r.accountId, list);
  }
  return out;
}

/** The roles assigned to one account, in one query (the login path). */
export async function rolesOfAccount(db: Db, accountId: number): Promise<Role[]> {
  return runPrepared(db, 'rolesOfAccount', [accountId], () => db.selectFrom('account_roles').innerJoin('roles', 'roles.id', 'account_roles.role_id')
    .select(['roles.id as id', 'roles.service_id as serviceId', 'roles.name as name', 'roles.ordering as ordering'])
    .where('account_roles.account_id', '=', accountId).orderBy('roles.ordering').orderBy('roles.name'));
}

/** Replaces the account's role assignments with the named roles of its service. Returns names that do not exist. */
export async function setAccountRoles(db: Db, accountId: number, serviceId: number, roleNames: readonly string[]): Promise<string[]> {
  const roles = roleNames.length === 0 ? [] : await db.selectFrom('roles').select(['id', 'name'])
    .where('service_id', '=', serviceId).where('name', 'in', roleNames).execute();
  const unknown = roleNames.filter((n) => !roles.some((r) => r.name === n));
  if (unknown.length > 0) return unknown;
  await db.deleteFrom('account_roles').where('account_id', '=', accountId).execute();
  if (roles.length > 0) {
    await db.insertInto('account_roles').values(roles.map((r) => ({ account_id: accountId, role_id: r.id }))).execute();
  }
  return [];
}

export async function accountsWithRole(db: Db, roleId: number): Promise<number> {
  const r = await db.selectFrom('account_roles').select((eb) => eb.fn.countAll<number>().as('n')).where('role_id', '=', roleId).executeTakeFirst();
  return Number(r?.n ?? 0);
}
