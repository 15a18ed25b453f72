import { notFound } from '../../errors/index.js';
import type { FidoDeps, LoadedFidoService } from './fido-deps.js';
import { deleteRegistrations as deleteRows, findRegistration } from './store/registrations.js';

/** `iam/fidoregistration/delete` (spec §1.10): drops pending requests; the user may register again afterwards. */
export async function deleteRegistrations(deps: FidoDeps, fido: LoadedFidoService, accountNames: readonly string[]): Promise<void> {
  for (const name of accountNames) {
    if ((await findRegistration(deps.store.db, fido.service.id, name)) === undefined) throw notFound(`Registration request of "${name}"`, 'accounts');
  }
  await deleteRows(deps.store.db, fido.service.id, accountNames);
}
