import { KeywardError } from '../../errors/index.js';
import type { Account } from '../../store/index.js';
import { defaultKeyName } from './approve-registrations.js';
import type { FidoDeps, LoadedFidoService } from './fido-deps.js';
import { isUniqueViolation } from './finish-registration.js';
import { asRegistrationResponse, challengeOf } from './parse-credential.js';
import { consumeChallenge } from './store/challenges.js';
import { deviceWithCredential, insertDevice } from './store/devices.js';
import { registrationWithCredential } from './store/registrations.js';
import { verifyRegistration } from './verify-registration.js';

/**
 * Finishes `startAddDevice`: the ceremony must have been started by the same session for the same account, the
 * response must verify with user verification, and the key must be new to the service.
 */
export async function finishAddDevice(deps: FidoDeps, fido: LoadedFidoService, req: { account: Account; sessionId: string; credential: unknown; name?: string | undefined }): Promise<{ credentialId: string; name: string }> {
  const { service, policy } = fido;
  const response = asRegistrationResponse(req.credential);
  const challenge = response && challengeOf(response.response.clientDataJSON);
  if (response === undefined || challenge === undefined) throw rejected('credential is not a WebAuthn registration response');
  const started = await consumeChallenge(deps.store.db, { serviceId: service.id, purpose: 'add-device', challenge });
  if (started === undefined) throw rejected('adding this key was not started, is finished already, or its challenge was replaced');
  if (started.sessionId !== req.sessionId || started.accountName !== req.account.name) {
    throw rejected('adding this key was started by another session or for another account');
  }
  const check = await verifyRegistration(started, response, policy.algorithms, deps.now());
  if (!check.ok) throw rejected(check.reason);
  const name = req.name?.trim() || defaultKeyName(check.key.aaguid);
  try {
    await deps.store.db.transaction().execute(async (trx) => {
      if ((await deviceWithCredential(trx, service.id, check.key.credentialId)) || (await registrationWithCredential(trx, service.id, check.key.credentialId))) {
        throw new KeywardError('KW_ALREADY_EXISTS', 'This security key is registered already');
      }
      await insertDevice(trx, { serviceId: service.id, accountId: req.account.id, name, key: check.key }, deps.now());
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new KeywardError('KW_ALREADY_EXISTS', 'This security key is registered already', { cause: err });
    throw err;
  }
  return { credentialId: check.key.credentialId, name };
}

function rejected(reason: string): KeywardError {
  return new KeywardError('KW_WEBAUTHN_REJECTED', `The security key was not added: ${reason}`, { field: 'credential' });
}
