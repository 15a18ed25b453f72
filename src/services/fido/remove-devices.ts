import { KeywardError, notFound } from '../../errors/index.js';
import type { Account } from '../../store/index.js';
import type { FidoDeps } from './fido-deps.js';
import { countDevicesOfAccount, deleteDevices, listDevicesOfAccount } from './store/devices.js';

/**
 * Removes keys of an account (replaces JS7's `fido/remove_devices`, a no-op there, spec §1.10). Users may not remove
 * their own last key — they would lock themselves out; administrators may (the account stays, without keys).
 */
export async function removeDevices(deps: FidoDeps, account: Account, credentialIds: readonly string[], opts: { mayRemoveLast: boolean }): Promise<number> {
  const existing = new Set((await listDevicesOfAccount(deps.store.db, account.id)).map((d) => d.key.credentialId));
  const unknown = credentialIds.find((id) => !existing.has(id));
  if (unknown !== undefined) throw notFound(`Security key "${unknown}" of "${account.name}"`, 'credentialIds');
  const remaining = (await countDevicesOfAccount(deps.store.db, account.id)) - new Set(credentialIds).size;
  if (remaining <= 0 && !opts.mayRemoveLast) {
    throw new KeywardError('KW_CONFLICT', 'This is your last security key: add another one before removing it, or ask an administrator', { field: 'credentialIds' });
  }
  return deleteDevices(deps.store.db, account.id, credentialIds);
}
