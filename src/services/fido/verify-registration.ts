import { verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { cose, decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import type { StoredChallenge } from './store/challenges.js';
import type { KeyMaterial } from './store/key-material.js';

export type RegistrationCheck =
  | { readonly ok: true; readonly key: KeyMaterial }
  | { readonly ok: false; readonly reason: string };

/**
 * Verifies a registration response against the ceremony that was started (WebAuthn §7.1): challenge, type
 * `webauthn.create`, origin in the allowed list, RP ID hash, user presence, user verification when the ceremony
 * required it, and the public key algorithm on the allow-list. The caller has already taken the challenge out of the
 * database (single use); this checks its age too. Never throws for bad input.
 */
export async function verifyRegistration(challenge: StoredChallenge, response: RegistrationResponseJSON, algorithms: readonly number[], now: number): Promise<RegistrationCheck> {
  if (challenge.expiresAt < now) return { ok: false, reason: 'the registration challenge has expired' };
  let result: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: [...challenge.origins],
      expectedRPID: challenge.rpId,
      expectedType: 'webauthn.create',
      requireUserPresence: true,
      requireUserVerification: challenge.userVerification === 'required',
      supportedAlgorithmIDs: [...algorithms],
    });
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  if (!result.verified) return { ok: false, reason: 'the registration response did not verify' };
  const info = result.registrationInfo;
  const algorithm = coseAlgorithm(info.credential.publicKey);
  if (algorithm === undefined || !algorithms.includes(algorithm)) return { ok: false, reason: `public key algorithm ${String(algorithm)} is not allowed` };
  return {
    ok: true,
    key: {
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      algorithm,
      counter: info.credential.counter,
      transports: info.credential.transports ?? response.response.transports ?? [],
      aaguid: info.aaguid,
      userHandle: challenge.userHandle ?? '',
      userVerified: info.userVerified,
      backupEligible: info.credentialDeviceType === 'multiDevice',
      backedUp: info.credentialBackedUp,
      origin: info.origin,
      rpId: info.rpID ?? challenge.rpId,
    },
  };
}

/** The `alg` (label 3) of a stored COSE_Key, or undefined when it cannot be read. */
export function coseAlgorithm(publicKey: Uint8Array): number | undefined {
  try {
    const alg = decodeCredentialPublicKey(new Uint8Array(publicKey)).get(cose.COSEKEYS.alg);
    return typeof alg === 'number' ? alg : undefined;
  } catch {
    return undefined;
  }
}
