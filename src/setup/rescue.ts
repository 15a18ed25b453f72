import { hashPassword } from '../crypto/password-hash.js';
import { newOneTimePassword } from '../crypto/tokens.js';
import {
  blockedNames, findAccount, findIdentityService, insertAccount, insertIdentityService, listIdentityServices,
  setAccountRoles, unblockAccounts, updateAccount, updateIdentityService, type Store,
} from '../store/index.js';
import { createDefaultRoles } from './initial-setup.js';

export const RESCUE_SERVICE = 'JOC-RESCUE';
export const RESCUE_ACCOUNT = 'rescue';

/**
 * JS7's rescue path (spec §5 "Rescue"): a JOC service JOC-RESCUE, enabled, first in the chain and optional, with an
 * account holding role `all` and a fresh one-time password that must be changed at the first login. Run when every
 * administrator is locked out; the command line is the authority, so it needs access to the database, not a login.
 */
export async function createRescueAccess(store: Store, now: number): Promise<{ service: string; account: string; password: string }> {
  const password = newOneTimePassword();
  const hash = await hashPassword(password);
  await store.db.transaction().execute(async (trx) => {
    const db = trx as unknown as Store['db'];
    const minOrdering = Math.min(1, ...(await listIdentityServices(db)).map((s) => s.ordering));
    const input = { name: RESCUE_SERVICE, type: 'JOC' as const, scheme: 'SINGLE-FACTOR' as const, secondFactorServiceId: null, secondFactor: false, ordering: minOrdering - 1, disabled: false, required: false };
    let service = await findIdentityService(db, RESCUE_SERVICE);
    if (service === undefined) service = await insertIdentityService(db, input, now);
    else await updateIdentityService(db, service.id, input, now);
    await createDefaultRoles(db, service.id);
    let account = await findAccount(db, service.id, RESCUE_ACCOUNT);
    if (account === undefined) {
      account = await insertAccount(db, service.id, { name: RESCUE_ACCOUNT, passwordHash: hash, email: null, forcePasswordChange: true, disabled: false }, now);
    } else {
      await updateAccount(db, account.id, { passwordHash: hash, forcePasswordChange: true, disabled: false }, now);
    }
    await setAccountRoles(db, account.id, service.id, ['all']);
    if ((await blockedNames(db, [RESCUE_ACCOUNT])).size > 0) await unblockAccounts(db, [RESCUE_ACCOUNT]);
  });
  return { service: RESCUE_SERVICE, account: RESCUE_ACCOUNT, password };
}
