import { hashToken } from '../../crypto/tokens.js';
import { notFound } from '../../errors/index.js';
import { readServiceSettings } from '../../settings/service-settings.js';
import { findIdentityServiceById } from '../../store/index.js';
import { baseUrl, type FidoDeps } from './fido-deps.js';
import { storedFidoSettings } from './fido-settings.js';
import { confirmationReceivedMail } from './registration-mails.js';
import { confirmRegistrationByToken } from './store/registrations.js';

/**
 * `iam/fidoregistration/confirm {token}` (spec §1.10): the user followed the link in the confirmation mail, so the
 * address is theirs; the pending request is marked "e-mail confirmed". Following the link again is harmless.
 * Optionally tells the administrator address `receiptConfirmed`.
 */
export async function confirmRegistration(deps: FidoDeps, token: string): Promise<{ identityServiceName: string; accountName: string }> {
  const now = deps.now();
  const result = await confirmRegistrationByToken(deps.store.db, hashToken(token), now);
  const service = result && (await findIdentityServiceById(deps.store.db, result.registration.serviceId));
  if (result === undefined || service === undefined) throw notFound('This confirmation link is invalid or has expired. The registration', 'token');
  const { registration } = result;
  if (result.newlyConfirmed) {
    const settings = storedFidoSettings(await readServiceSettings(deps.store, service.id)).iamFidoEmailSettings;
    const mail = settings.sendMailToNotifyConfirmationReceived
      ? confirmationReceivedMail(settings, { serviceName: service.name, accountName: registration.accountName, email: registration.email, publicUrl: baseUrl(deps) })
      : undefined;
    if (mail !== undefined) {
      await deps.mail.enqueue(deps.store.db, 'fido-confirmed', mail);
      deps.mail.kick();
    }
  }
  return { identityServiceName: service.name, accountName: registration.accountName };
}
