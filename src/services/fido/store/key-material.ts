import type { FidoKeyColumns } from './tables.js';

/** A verified public key credential and what the authenticator said about itself when it was created. */
export interface KeyMaterial {
  readonly credentialId: string;
  /** COSE_Key, base64url. */
  readonly publicKey: string;
  readonly algorithm: number;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly aaguid: string;
  readonly userHandle: string;
  readonly userVerified: boolean;
  readonly backupEligible: boolean;
  readonly backedUp: boolean;
  readonly origin: string;
  readonly rpId: string;
}

export function keyColumns(k: KeyMaterial): FidoKeyColumns {
  return {
    credential_id: k.credentialId, public_key: k.publicKey, algorithm: k.algorithm, counter: k.counter,
    transports: JSON.stringify(k.transports), aaguid: k.aaguid, user_handle: k.userHandle,
    user_verified: k.userVerified ? 1 : 0, backup_eligible: k.backupEligible ? 1 : 0, backed_up: k.backedUp ? 1 : 0,
    origin: k.origin, rp_id: k.rpId,
  };
}

export function keyFromColumns(r: FidoKeyColumns): KeyMaterial {
  return {
    credentialId: r.credential_id, publicKey: r.public_key, algorithm: r.algorithm, counter: Number(r.counter),
    transports: JSON.parse(r.transports) as string[], aaguid: r.aaguid, userHandle: r.user_handle,
    userVerified: r.user_verified === 1, backupEligible: r.backup_eligible === 1, backedUp: r.backed_up === 1,
    origin: r.origin, rpId: r.rp_id,
  };
}
