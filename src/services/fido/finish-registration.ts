import { hashToken, randomToken } from '../../crypto/tokens.js';
import { KeywardError } from '../../errors/index.js';
import { findAccount } from '../../store/index.js';
import { baseUrl, type FidoDeps, type LoadedFidoService } from './fido-deps.js';
import { asRegistrationResponse, challengeOf } from './parse-credential.js';
import { confirmationMail } from './registration-mails.js';
import { ALREADY_REGISTERED } from './start-registration.js';
import { consumeChallenge } from './store/challenges.js';
import { deviceWithCredential } from './store/devices.js';
import { accountWithEmail, findConflictingRegistration, insertRegistration, registrationWithCredential } from './store/registrations.js';
import { verifyRegistration } from './verify-registration.js';

/** How long the link in the confirmation mail works. */
export const CONFIRMATION_TOKEN_TTL_MS = 7 * 24 * 3_600_000;

/**
 * `iam/fidoregistration/request_registration` (spec §1.10): finishes the ceremony `startRegistration` began — the
 * challenge is taken out of the database first (so a replayed or second response finds nothing), the response is
 * verified (verify-registration.ts), and the pending request is stored with a confirmation token whose mail goes
 * into the outbox in the same transaction. Only the token's hash is stored.
 */
export async function finishRegistration(deps: FidoDeps, fido: LoadedFidoService, req: { accountName: string; email: string; credential: unknown }): Promise<void> {
  const { service, policy, settings } = fido;
  const response = asRegistrationResponse(req.credential);
  const challenge = response && challengeOf(response.response.clientDataJSON);
  if (response === undefined || challenge === undefined) throw rejected('credential is not a WebAuthn registration response');
  const started = await consumeChallenge(deps.store.db, { serviceId: service.id, purpose: 'register', challenge });
  if (started === undefined) throw rejected('this registration was not started, is finished already, or its challenge was replaced');
  if (started.accountName !== req.accountName || started.email !== req.email) throw rejected('the account name or e-mail address differs from the one the registration was started with');
  const check = await verifyRegistration(started, response, policy.algorithms, deps.now());
  if (!check.ok) throw rejected(check.reason);
  const key = check.key;

  const token = randomToken(32);
  const now = deps.now();
  try {
    await deps.store.db.transaction().execute(async (trx) => {
      if ((await findAccount(trx, service.id, req.accountName)) !== undefined || (await accountWithEmail(trx, service.id, req.email))
        || (await findConflictingRegistration(trx, service.id, req.accountName, req.email)) !== undefined) {
        throw new KeywardError('KW_ALREADY_EXISTS', ALREADY_REGISTERED);
      }
      if ((await deviceWithCredential(trx, service.id, key.credentialId)) || (await registrationWithCredential(trx, service.id, key.credentialId))) {
        throw new KeywardError('KW_ALREADY_EXISTS', 'This security key is registered already');
      }
      await insertRegistration(trx, { serviceId: service.id, accountName: req.accountName, email: req.email, key, tokenHash: hashToken(token), tokenExpiresAt: now + CONFIRMATION_TOKEN_TTL_MS }, now);
      if (settings.iamFidoEmailSettings.sendMailToConfirm) {
        await deps.mail.enqueue(trx, 'fido-confirm', confirmationMail(settings.iamFidoEmailSettings, {
          serviceName: service.name, accountName: req.accountName, email: req.email, publicUrl: baseUrl(deps), token,
        }));
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new KeywardError('KW_ALREADY_EXISTS', ALREADY_REGISTERED, { cause: err });
    throw err;
  }
  deps.mail.kick();
}

function rejected(reason: string): KeywardError {
  return new KeywardError('KW_WEBAUTHN_REJECTED', `The security key registration was rejected: ${reason}`, { field: 'credential' });
}

/** A concurrent registration for the same account or address lost the race against the unique constraints. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || (typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}
