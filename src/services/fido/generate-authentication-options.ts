import { generateAuthenticationOptions, type AuthenticatorTransport, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { FidoPolicy } from './resolve-fido-policy.js';

/**
 * Options for `navigator.credentials.get` (WebAuthn §5.5). An empty `allowCredentials` asks the browser for a
 * discoverable credential (passkey, usernameless login); otherwise the account's keys are listed.
 */
export async function generateAuthenticationOptionsFor(policy: FidoPolicy, allow: readonly { id: string; transports: readonly string[] }[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: policy.rpId,
    timeout: policy.timeoutMs,
    userVerification: policy.userVerification,
    allowCredentials: allow.map((c) => {
      const transports = (c.transports.length > 0 ? c.transports : policy.transports) as AuthenticatorTransport[];
      return transports.length > 0 ? { id: c.id, transports: [...transports] } : { id: c.id };
    }),
  });
}
