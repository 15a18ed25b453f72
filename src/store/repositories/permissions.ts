import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { runPrepared } from '../prepared-query.js';
import { invalidateLoginConfig } from '../../settings/login-config-cache.js';

type Db = Kysely<Database>;

export interface StoredPermission { roleId: number; controllerId: string; path: string; excluded: boolean }
export interface StoredFolder { roleId: number; controllerId: string; folder: string; recursive: boolean }

/** Permission rows of one role; `controllerId` undefined = every scope. */
export async function listPermissions(db: Db, roleId: number, controllerId?: string): Promise<StoredPermission[]> {
  let q = db.selectFrom('permissions').selectAll().where('role_id', '=', roleId);
  if (controllerId !== undefined) q = q.where('controller_id', '=', controllerId);
  const rows = await q.orderBy('controller_id').orderBy('path').execute();
  return rows.map((r) => ({ roleId: r.role_id, controllerId: r.controller_id, path: r.path, excluded: r.excluded === 1 }));
}

export async function listFolders(db: Db, roleId: number, controllerId?: string): Promise<StoredFolder[]> {
  let q = db.selectFrom('folders').selectAll().where('role_id', '=', roleId);
  if (controllerId !== undefined) q = q.where('controller_id', '=', controllerId);
  const rows = await q.orderBy('controller_id').orderBy('folder').execute();
  return rows.map((r) => ({ roleId: r.role_id, controllerId: r.controller_id, folder: r.folder, recursive: r.recursive === 1 }));
}

/** All permission and folder rows of the given roles, in one round trip each (used when a session is compiled). */
export async function loadGrants(db: Db, roleIds: readonly number[]): Promise<{ permissions: StoredPermission[]; folders: StoredFolder[] }> {
  if (roleIds.length === 0) return { permissions: [], folders: [] };
  const [p, f] = await Promise.all([
    runPrepared(db, `permissionsOf:${roleIds.length}`, roleIds, () => db.selectFrom('permissions').selectAll().where('role_id', 'in', roleIds)),
    runPrepared(db, `foldersOf:${roleIds.length}`, roleIds, () => db.selectFrom('folders').selectAll().where('role_id', 'in', roleIds)),
  ]);
  return {
    permissions: p.map((r) => ({ roleId: r.role_id, controllerId: r.controller_id, path: r.path, excluded: r.excluded === 1 })),
    folders: f.map((r) => ({ roleId: r.role_id, controllerId: r.controller_id, folder: r.folder, recursive: r.recursive === 1 })),
  };
}

export async function upsertPermission(db: Db, roleId: number, controllerId: string, path: string, excluded: boolean): Promise<void> {
  await db.insertInto('permissions').values({ role_id: roleId, controller_id: controllerId, path, excluded: excluded ? 1 : 0 })
    .onConflict((oc) => oc.columns(['role_id', 'controller_id', 'path']).doUpdateSet({ excluded: excluded ? 1 : 0 }))
    .execute();
  invalidateLoginConfig();
}

export async function deletePermissions(db: Db, roleId: number, controllerId: string, paths: readonly string[]): Promise<number> {
  if (paths.length === 0) return 0;
  const r = await db.deleteFrom('permissions').where('role_id', '=', roleId).where('controller_id', '=', controllerId)
    .where('path', 'in', paths).executeTakeFirst();
  invalidateLoginConfig();
  return Number(r.numDeletedRows);
}

export async function upsertFolder(db: Db, roleId: number, controllerId: string, folder: string, recursive: boolean): Promise<void> {
  await db.insertInto('folders').values({ role_id: roleId, controller_id: controllerId, folder, recursive: recursive ? 1 : 0 })
    .onConflict((oc) => oc.columns(['role_id', 'controller_id', 'folder']).doUpdateSet({ recursive: recursive ? 1 : 0 }))
    .execute();
  invalidateLoginConfig();
}

export async function deleteFolders(db: Db, roleId: number, controllerId: string, folders: readonly string[]): Promise<number> {
  if (folders.length === 0) return 0;
  const r = await db.deleteFrom('folders').where('role_id', '=', roleId).where('controller_id', '=', controllerId)
    .where('folder', 'in', folders).executeTakeFirst();
  invalidateLoginConfig();
  return Number(r.numDeletedRows);
}

/** Controller ids that have controller-specific rows in the role (spec §1.7 Role.controllers). */
export async function controllersOfRole(db: Db, roleId: number): Promise<string[]> {
  const [p, f] = await Promise.all([
    db.selectFrom('permissions').select('controller_id').distinct().where('role_id', '=', roleId).where('controller_id', '!=', '').execute(),
    db.selectFrom('folders').select('controller_id').distinct().where('role_id', '=', roleId).where('controller_id', '!=', '').execute(),
  ]);
  return [...new Set([...p, ...f].map((r) => r.controller_id))].sort();
}
