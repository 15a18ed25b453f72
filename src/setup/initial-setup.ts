import { hashPassword } from '../crypto/password-hash.js';
import { DEFAULT_ROLES } from '../permissions/index.js';
import {
  findIdentityService, findRole, insertAccount, insertIdentityService, insertRole, listIdentityServices,
  setAccountRoles, upsertPermission, type Store,
} from '../store/index.js';

export const INITIAL_SERVICE = 'JOC-INITIAL';
export const INITIAL_ACCOUNT = 'root';
export const INITIAL_PASSWORD = 'root';

/**
 * First start (no identity service at all): the JS7 default installation — service JOC-INITIAL (type JOC) with
 * root/root, who must change the password at the first login; role `all` (sos:products) for root and the default
 * roles of spec §2.5. Runs in one transaction and only on an empty database, so concurrent first starts of several
 * instances on one PostgreSQL create it once (the unique service name makes the loser's transaction fail harmlessly).
 */
export async function ensureInitialSetup(store: Store, now: number): Promise<boolean> {
  if ((await listIdentityServices(store.db)).length > 0) return false;
  try {
    await store.db.transaction().execute(async (trx) => {
      const service = await insertIdentityService(trx, {
        name: INITIAL_SERVICE, type: 'JOC', scheme: 'SINGLE-FACTOR', secondFactorServiceId: null, secondFactor: false,
        ordering: 1, disabled: false, required: false,
      }, now);
      await createDefaultRoles(trx as unknown as Store['db'], service.id);
      const root = await insertAccount(trx, service.id, {
        name: INITIAL_ACCOUNT, passwordHash: await hashPassword(INITIAL_PASSWORD), email: null, forcePasswordChange: true, disabled: false,
      }, now);
      await setAccountRoles(trx, root.id, service.id, ['all']);
    });
    return true;
  } catch (err) {
    if ((await findIdentityService(store.db, INITIAL_SERVICE)) !== undefined) return false;
    throw err;
  }
}

/** Creates the default roles with their permissions in a service (skips roles that already exist). */
export async function createDefaultRoles(db: Store['db'], serviceId: number): Promise<void> {
  let ordering = 1;
  for (const role of DEFAULT_ROLES) {
    if ((await findRole(db, serviceId, role.roleName)) !== undefined) continue;
    const r = await insertRole(db, serviceId, role.roleName, ordering++);
    for (const p of role.permissions) await upsertPermission(db, r.id, p.controllerId, p.path, p.excluded);
  }
}
