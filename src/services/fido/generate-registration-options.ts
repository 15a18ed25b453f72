import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { FidoPolicy } from './resolve-fido-policy.js';

/**
 * Options for `navigator.credentials.create` (WebAuthn §5.4). Attestation "none": Keyward does not judge
 * authenticator vendors; it verifies the key and its flags. `userHandle` is a random per-account id (WebAuthn
 * §14.6.1: no personal data in user.id), so passkeys of one account share it and replace each other on a device.
 */
export async function generateRegistrationOptionsFor(policy: FidoPolicy, p: {
  accountName: string;
  userHandle: string;
  excludeCredentialIds: readonly string[];
  /** Adding a key to an existing account always needs user verification (a fresh proof, not just presence). */
  requireUserVerification: boolean;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: policy.rpName,
    rpID: policy.rpId,
    userName: p.accountName,
    userDisplayName: p.accountName,
    userID: new Uint8Array(Buffer.from(p.userHandle, 'base64url')),
    timeout: policy.timeoutMs,
    attestationType: 'none',
    excludeCredentials: p.excludeCredentialIds.map((id) => ({ id })),
    authenticatorSelection: {
      residentKey: policy.residentKey,
      requireResidentKey: policy.residentKey === 'required',
      userVerification: p.requireUserVerification ? 'required' : policy.userVerification,
      ...(policy.attachment === undefined ? {} : { authenticatorAttachment: policy.attachment }),
    },
    extensions: { credProps: true } as Record<string, unknown>,
    supportedAlgorithmIDs: [...policy.algorithms],
  });
}
