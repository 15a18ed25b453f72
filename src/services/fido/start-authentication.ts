import { createHmac } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { randomToken } from '../../crypto/tokens.js';
import { invalid } from '../../errors/index.js';
import { findAccount } from '../../store/index.js';
import type { FidoDeps, LoadedFidoService } from './fido-deps.js';
import { generateAuthenticationOptionsFor } from './generate-authentication-options.js';
import { insertChallenge, purgeExpiredChallenges } from './store/challenges.js';
import { listDevicesOfAccount } from './store/devices.js';

/**
 * `iam/fido/request_authentication {identityServiceName, accountName?}` (spec §1.10) → `{requestId, options}`.
 * With an account name the options list that account's keys and the ceremony is bound to the account; without one
 * (passkeys, `iamFidoRequireAccount` false) the browser offers its discoverable credentials. The challenge row is
 * stored so any instance can verify the login.
 *
 * Unlike JS7 ("not approved" for an unknown account) the answer for an account without keys looks like any other:
 * a decoy credential id derived from a server secret, stable per account, so the endpoint cannot be used to find
 * out which accounts exist.
 */
export async function startAuthentication(deps: FidoDeps, fido: LoadedFidoService, req: { accountName?: string | undefined; decoySecret: Buffer }): Promise<{ requestId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const { service, policy } = fido;
  const accountName = req.accountName === '' ? undefined : req.accountName;
  if (policy.requireAccount && accountName === undefined) throw invalid('accountName is required by this identity service', 'accountName');
  let allow: { id: string; transports: readonly string[] }[] = [];
  if (accountName !== undefined) {
    const account = await findAccount(deps.store.db, service.id, accountName);
    const devices = account === undefined || account.disabled ? [] : await listDevicesOfAccount(deps.store.db, account.id);
    allow = devices.length > 0
      ? devices.map((d) => ({ id: d.key.credentialId, transports: d.key.transports }))
      : [{ id: decoyCredentialId(req.decoySecret, service.id, accountName), transports: [] }];
  }
  const options = await generateAuthenticationOptionsFor(policy, allow);
  const requestId = randomToken(24);
  const now = deps.now();
  await purgeExpiredChallenges(deps.store.db, now);
  await insertChallenge(deps.store.db, {
    requestId, challenge: options.challenge, serviceId: service.id, purpose: 'authenticate', accountName: accountName ?? null,
    email: null, userHandle: null, sessionId: null, rpId: policy.rpId, origins: policy.origins,
    userVerification: policy.userVerification, createdAt: now, expiresAt: now + policy.timeoutMs,
  });
  return { requestId, options };
}

export function decoyCredentialId(secret: Buffer, serviceId: number, accountName: string): string {
  return createHmac('sha256', secret).update(`fido-decoy\u0000${serviceId}\u0000${accountName}`).digest().subarray(0, 32).toString('base64url');
}
