import type { AuthOutcome, LoginInput, ServiceContext } from '../identity-service-type.js';
import { storedFidoSettings } from './fido-settings.js';
import { asAuthenticationResponse } from './parse-credential.js';
import { consumeChallenge } from './store/challenges.js';
import { advanceDeviceCounter, findDeviceByCredentialId } from './store/devices.js';
import { verifyAssertion } from './verify-authentication.js';

/** The FIDO part of a login body: `{requestId, credential}` (AuthenticationResponseJSON). */
export function hasAssertion(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'requestId' in body && 'credential' in body;
}

/**
 * Verifies the assertion of a login (first factor) or of the second step of a two-factor login. The ceremony is
 * taken out of the database by its request id first, so a replayed response — or a second attempt with the same
 * request id — finds nothing. `expectedAccount` (second factor) is the account the first factor authenticated: the
 * key must belong to the account of that name in this FIDO service (spec §5.5: JS7 accepts any registered key).
 * Failures carry the reason for the login history; the client only hears "Access denied".
 */
export async function checkKeyLogin(input: LoginInput, ctx: ServiceContext, expectedAccount?: string): Promise<AuthOutcome> {
  const body = input.body as { requestId?: unknown; credential?: unknown } | null | undefined;
  const requestId = typeof body?.requestId === 'string' && body.requestId.length <= 200 ? body.requestId : undefined;
  const response = asAuthenticationResponse(body?.credential);
  if (requestId === undefined || response === undefined) return { ok: false, code: 'NO_CREDENTIALS', message: 'no FIDO assertion ({requestId, credential}) in the request' };
  const challenge = await consumeChallenge(ctx.store.db, { serviceId: ctx.service.id, purpose: 'authenticate', requestId });
  if (challenge === undefined) return { ok: false, code: 'TOKEN_INVALID', message: 'unknown or already used FIDO request id (replayed assertion?)' };
  const device = await findDeviceByCredentialId(ctx.store.db, ctx.service.id, response.id);
  if (device === undefined) return { ok: false, code: 'BAD_CREDENTIALS', message: 'unknown security key (not registered or not approved)' };
  if (challenge.accountName !== null && challenge.accountName !== device.accountName) {
    return { ok: false, code: 'BAD_CREDENTIALS', message: `the security key does not belong to the account ${challenge.accountName} the login was started for` };
  }
  if (expectedAccount !== undefined && device.accountName !== expectedAccount) {
    return { ok: false, code: 'SECOND_FACTOR_FAILED', message: `the security key belongs to ${device.accountName}, not to ${expectedAccount} who passed the first factor` };
  }
  if (device.accountDisabled) return { ok: false, code: 'ACCOUNT_DISABLED', message: 'account is disabled' };
  const settings = storedFidoSettings(ctx.settings);
  const check = await verifyAssertion(challenge, device, response, settings.iamFidoAlgorithms, ctx.now());
  if (!check.ok) return { ok: false, code: 'TOKEN_INVALID', message: `FIDO assertion rejected: ${check.reason}` };
  if (!(await advanceDeviceCounter(ctx.store.db, device.id, device.key.counter, check.newCounter, ctx.now()))) {
    return { ok: false, code: 'TOKEN_INVALID', message: 'FIDO assertion rejected: the signature counter did not advance (concurrent use or a cloned authenticator)' };
  }
  return { ok: true, account: device.accountName };
}
