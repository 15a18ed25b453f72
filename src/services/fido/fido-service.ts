import type { IdentityService } from '../../store/index.js';
import type { IdentityServiceType, LoginPageItem, SecondFactorOutcome } from '../identity-service-type.js';
import { checkKeyLogin, hasAssertion } from './check-key-login.js';
import { fidoSettingsSpec, storedFidoSettings } from './fido-settings.js';

/**
 * FIDO: security keys and passkeys (WebAuthn via @simplewebauthn/server). Accounts and their roles live in
 * Keyward's database; an account is created when an administrator approves its registration request.
 *
 * - First factor: a login naming this service in `X-IDENTITY-SERVICE` with the body `{requestId, credential}`;
 *   the key identifies the account (with an account name or usernameless).
 * - Second factor of a TWO-FACTOR service: the first login answers "second factor needed"; the repeated login
 *   carries the assertion, and the key must belong to the account the first factor authenticated.
 *
 * Registration, approval and key management are HTTP operations of this folder (see index.ts).
 */
export const fidoService = {
  type: 'FIDO',
  credential: 'fido',
  rolesFromDatabase: true,
  storesPasswords: false,
  accountsInDatabase: true,
  canBeSecondFactor: true,
  canBeRequired: true,
  settings: fidoSettingsSpec,
  authenticate: (input, ctx) => checkKeyLogin(input, ctx),
  async verifySecondFactor(input, ctx, firstAccount): Promise<SecondFactorOutcome> {
    if (!hasAssertion(input.body)) return { ok: 'needed' };
    const outcome = await checkKeyLogin(input, ctx, firstAccount);
    return outcome.ok ? { ok: true } : { ok: false, code: outcome.code === 'NO_CREDENTIALS' ? 'NO_CREDENTIALS' : 'SECOND_FACTOR_FAILED', message: outcome.message };
  },
  loginPageItem(service: IdentityService, stored: unknown): LoginPageItem {
    return { list: service.secondFactor ? 'fido2ndFactorServiceItems' : 'fidoServiceItems', item: fidoProviderItem(service.name, stored) };
  },
} satisfies IdentityServiceType;

/** spec §1.3 FidoIdentityProvider: what a client needs to run the ceremonies (no e-mail settings, no secrets). */
export function fidoProviderItem(serviceName: string, stored: unknown): Record<string, unknown> {
  const s = storedFidoSettings(stored);
  return {
    identityServiceName: serviceName,
    iamFidoProtocolType: s.iamFidoProtocolType,
    iamFidoUserVerification: s.iamFidoUserVerification,
    iamFidoTimeout: s.iamFidoTimeout,
    iamFido2Attachment: s.iamFidoAttachment === '' ? undefined : s.iamFidoAttachment,
    iamFidoResidentKey: s.iamFidoResidentKey,
    iamFidoRequireAccount: s.iamFidoRequireAccount,
    iamFidoTransports: s.iamFidoTransports,
  };
}
