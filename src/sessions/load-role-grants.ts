import type { RoleGrant } from '../permissions/index.js';
import { cachedLoginConfig } from '../settings/login-config-cache.js';
import { findRoles, loadGrants, type Role, type Store } from '../store/index.js';

/**
 * The permission and folder rows of the named roles of one identity service, shaped for `compilePermissions`.
 * Unknown role names are skipped (a provider may name groups that map to no role). Used at login, when another
 * instance loads a session, and for "effective permissions" in the admin API — one definition for all three.
 */
export async function loadRoleGrants(db: Store['db'], serviceId: number, roleNames: readonly string[]): Promise<RoleGrant[]> {
  return grantsOfRoles(db, await findRoles(db, serviceId, roleNames));
}

/** The same for role records already in hand (e.g. an account's roles read with a join). */
export async function grantsOfRoles(db: Store['db'], roles: readonly Role[]): Promise<RoleGrant[]> {
  const { permissions, folders } = await loadGrants(db, roles.map((r) => r.id));
  return roles.map((r) => ({
    roleName: r.name,
    permissions: permissions.filter((p) => p.roleId === r.id),
    folders: folders.filter((f) => f.roleId === r.id),
  }));
}

/**
 * The login path's versions: the rows of a role set are the same for every login with that set, so they go through
 * the login configuration cache (any role, permission or folder write on this instance invalidates it at once,
 * another instance sees a change within 1 s). Session reloads and "effective permissions" read the database.
 */
export function cachedRoleGrants(store: Store, serviceId: number, roleNames: readonly string[], now: number): Promise<RoleGrant[]> {
  const names = [...new Set(roleNames)].sort();
  return cachedLoginConfig(store, `grants:${serviceId}:${JSON.stringify(names)}`, now, () => loadRoleGrants(store.db, serviceId, names));
}

export function cachedGrantsOfRoles(store: Store, roles: readonly Role[], now: number): Promise<RoleGrant[]> {
  return cachedLoginConfig(store, `grants-of:${JSON.stringify(roles.map((r) => [r.id, r.name]))}`, now, () => grantsOfRoles(store.db, roles));
}
