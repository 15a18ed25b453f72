import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { StoredChallenge } from './store/challenges.js';
import type { FidoDevice } from './store/devices.js';

export type AssertionCheck =
  | { readonly ok: true; readonly newCounter: number; readonly userVerified: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Verifies an assertion against the ceremony that was started and the stored key (WebAuthn §7.2): age of the
 * challenge, challenge, type `webauthn.get`, origin in the allowed list, RP ID hash, user presence, user
 * verification when required, the key's algorithm on the current allow-list, the user handle (when the
 * authenticator returns one) and the signature counter, which must increase unless it is 0 on both sides
 * (spec §3.5 lists what JS7 skips; all of it is checked here). Never throws for bad input.
 */
export async function verifyAssertion(challenge: StoredChallenge, device: FidoDevice, response: AuthenticationResponseJSON, algorithms: readonly number[], now: number): Promise<AssertionCheck> {
  if (challenge.expiresAt < now) return { ok: false, reason: 'the authentication challenge has expired' };
  if (!algorithms.includes(device.key.algorithm)) return { ok: false, reason: `the key's algorithm ${device.key.algorithm} is no longer allowed` };
  const userHandle = response.response.userHandle;
  if (userHandle !== undefined && userHandle !== '' && userHandle !== device.key.userHandle) {
    return { ok: false, reason: 'the user handle does not belong to this key' };
  }
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: [...challenge.origins],
      expectedRPID: challenge.rpId,
      expectedType: 'webauthn.get',
      requireUserVerification: challenge.userVerification === 'required',
      credential: {
        id: device.key.credentialId,
        publicKey: new Uint8Array(Buffer.from(device.key.publicKey, 'base64url')),
        counter: device.key.counter,
      },
    });
    if (!result.verified) return { ok: false, reason: 'the signature does not verify' };
    return { ok: true, newCounter: result.authenticationInfo.newCounter, userVerified: result.authenticationInfo.userVerified };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
