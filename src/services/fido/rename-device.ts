import { notFound } from '../../errors/index.js';
import type { Account } from '../../store/index.js';
import type { FidoDeps } from './fido-deps.js';
import { renameDevice as renameRow } from './store/devices.js';

/** Gives a key a name its owner recognises ("YubiKey on the key ring"). */
export async function renameDevice(deps: FidoDeps, account: Account, credentialId: string, name: string): Promise<void> {
  if (!(await renameRow(deps.store.db, account.id, credentialId, name.trim()))) throw notFound(`Security key "${credentialId}" of "${account.name}"`, 'credentialId');
}
