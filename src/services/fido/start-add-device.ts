import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { randomToken } from '../../crypto/tokens.js';
import type { Account } from '../../store/index.js';
import type { FidoDeps, LoadedFidoService } from './fido-deps.js';
import { generateRegistrationOptionsFor } from './generate-registration-options.js';
import { insertChallenge, purgeExpiredChallenges } from './store/challenges.js';
import { listDevicesOfAccount } from './store/devices.js';

/**
 * Starts adding a key to an existing account (seed "Adding Security Keys", "Registration by Administrators"). The
 * ceremony is bound to the session that starts it and always requires user verification: a stolen session token
 * alone cannot finish it from elsewhere, and the new key proves a PIN or biometric check now. Replaces JS7's
 * unauthenticated `fido/add_device` (spec §5.2). Who may start it is decided by the route (own account or
 * `accounts:manage`).
 */
export async function startAddDevice(deps: FidoDeps, fido: LoadedFidoService, req: { account: Account; sessionId: string }): Promise<{ requestId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const { service, policy } = fido;
  const devices = await listDevicesOfAccount(deps.store.db, req.account.id);
  // One user handle per account: a passkey for the same account replaces the older one on the same device.
  const userHandle = devices[0]?.key.userHandle || randomToken(32);
  const options = await generateRegistrationOptionsFor(policy, {
    accountName: req.account.name, userHandle, excludeCredentialIds: devices.map((d) => d.key.credentialId), requireUserVerification: true,
  });
  const requestId = randomToken(24);
  const now = deps.now();
  await purgeExpiredChallenges(deps.store.db, now);
  await insertChallenge(deps.store.db, {
    requestId, challenge: options.challenge, serviceId: service.id, purpose: 'add-device', accountName: req.account.name,
    email: null, userHandle, sessionId: req.sessionId, rpId: policy.rpId, origins: policy.origins,
    userVerification: 'required', createdAt: now, expiresAt: now + policy.timeoutMs,
  });
  return { requestId, options };
}
