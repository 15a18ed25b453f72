import { KeywardError, notFound } from '../../errors/index.js';
import { findAccount, insertAccount } from '../../store/index.js';
import { authenticatorModel } from './authenticator-models.js';
import { baseUrl, type FidoDeps, type LoadedFidoService } from './fido-deps.js';
import { isUniqueViolation } from './finish-registration.js';
import { registrationCompletedMail } from './registration-mails.js';
import { deviceWithCredential, insertDevice } from './store/devices.js';
import { deleteRegistrations, findRegistration } from './store/registrations.js';

/**
 * `iam/fidoregistration/approve` (spec §1.10, seed "Approval of Requests"): for every named pending request, creates
 * the account (no password: FIDO accounts sign in with keys) if it does not exist yet, adds the key, removes the
 * request and queues the "registration completed" mail. All or nothing: one refused request approves none.
 *
 * Fixes spec §5.5: approval needs `accounts:manage` (the route), and — unless the service's
 * `iamFidoRequireConfirmedEmail` is off — a confirmed e-mail address, because only then is the address known to
 * belong to the person who registered. The new account has no roles: the administrator assigns them next.
 */
export async function approveRegistrations(deps: FidoDeps, fido: LoadedFidoService, accountNames: readonly string[]): Promise<void> {
  const { service, policy, settings } = fido;
  const now = deps.now();
  try {
    await deps.store.db.transaction().execute(async (trx) => {
      for (const name of new Set(accountNames)) {
        const reg = await findRegistration(trx, service.id, name);
        if (reg === undefined) throw notFound(`Registration request of "${name}"`, 'accounts');
        if (policy.requireConfirmedEmail && !reg.confirmed) {
          throw new KeywardError('KW_CONFLICT', `The e-mail address of "${name}" is not confirmed yet: the user has to follow the link in the confirmation mail first`, { field: 'accounts' });
        }
        if (await deviceWithCredential(trx, service.id, reg.key.credentialId)) {
          throw new KeywardError('KW_ALREADY_EXISTS', `The security key of "${name}" is registered already`, { field: 'accounts' });
        }
        const account = (await findAccount(trx, service.id, name))
          ?? await insertAccount(trx, service.id, { name, passwordHash: null, email: reg.email, forcePasswordChange: false, disabled: false }, now);
        await insertDevice(trx, { serviceId: service.id, accountId: account.id, name: defaultKeyName(reg.key.aaguid), key: reg.key }, now);
        await deleteRegistrations(trx, service.id, [name]);
        if (settings.iamFidoEmailSettings.sendMailToNotifySuccessfulRegistration) {
          await deps.mail.enqueue(trx, 'fido-approved', registrationCompletedMail(settings.iamFidoEmailSettings, {
            serviceName: service.name, accountName: name, email: reg.email, publicUrl: baseUrl(deps),
          }));
        }
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new KeywardError('KW_ALREADY_EXISTS', 'A security key of these requests is registered already', { cause: err });
    throw err;
  }
  deps.mail.kick();
}

/** "Security key" or the model the authenticator disclosed. */
export function defaultKeyName(aaguid: string): string {
  const model = authenticatorModel(aaguid);
  return model === 'not disclosed' || model === 'unknown model' ? 'Security key' : model;
}
