import { notFound } from '../../errors/index.js';
import type { FidoDeps, LoadedFidoService } from './fido-deps.js';
import { findRegistration, setRegistrationsDeferred } from './store/registrations.js';

/**
 * `iam/fidoregistration/deferr` (sic, JS7's path; spec §1.10): marks requests as deferred. Informational only (seed
 * "Deferred ... is not related to approval"); unknown names are an error so a typo is not silently ignored.
 */
export async function deferRegistrations(deps: FidoDeps, fido: LoadedFidoService, accountNames: readonly string[]): Promise<void> {
  for (const name of accountNames) {
    if ((await findRegistration(deps.store.db, fido.service.id, name)) === undefined) throw notFound(`Registration request of "${name}"`, 'accounts');
  }
  await setRegistrationsDeferred(deps.store.db, fido.service.id, accountNames, true);
}
