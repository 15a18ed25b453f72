import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { randomToken } from '../../crypto/tokens.js';
import { KeywardError } from '../../errors/index.js';
import { findAccount } from '../../store/index.js';
import type { FidoDeps, LoadedFidoService } from './fido-deps.js';
import { generateRegistrationOptionsFor } from './generate-registration-options.js';
import { insertChallenge, purgeExpiredChallenges } from './store/challenges.js';
import { accountWithEmail, findConflictingRegistration } from './store/registrations.js';

/** One message for every reason, so the answer does not tell which accounts or addresses exist. */
export const ALREADY_REGISTERED = 'A registration or an account with this account name or e-mail address exists already. Add more security keys from your profile, or ask an administrator.';

/**
 * `iam/fidoregistration/request_registration_start` (spec §1.10, seed "Registration by Users"): refuses an account
 * name or e-mail address that already has a registration or an account (one registration per account and per
 * address), then starts a registration ceremony whose challenge is stored in the database.
 */
export async function startRegistration(deps: FidoDeps, fido: LoadedFidoService, req: { accountName: string; email: string }): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { service, policy } = fido;
  const db = deps.store.db;
  if ((await findAccount(db, service.id, req.accountName)) !== undefined
    || (await accountWithEmail(db, service.id, req.email))
    || (await findConflictingRegistration(db, service.id, req.accountName, req.email)) !== undefined) {
    throw new KeywardError('KW_ALREADY_EXISTS', ALREADY_REGISTERED);
  }
  const userHandle = randomToken(32);
  const options = await generateRegistrationOptionsFor(policy, {
    accountName: req.accountName, userHandle, excludeCredentialIds: [], requireUserVerification: policy.userVerification === 'required',
  });
  const now = deps.now();
  await purgeExpiredChallenges(db, now);
  await insertChallenge(db, {
    requestId: randomToken(24), challenge: options.challenge, serviceId: service.id, purpose: 'register',
    accountName: req.accountName, email: req.email, userHandle, sessionId: null, rpId: policy.rpId, origins: policy.origins,
    userVerification: policy.userVerification, createdAt: now, expiresAt: now + policy.timeoutMs,
  });
  return options;
}
