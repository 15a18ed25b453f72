import type { Generated } from 'kysely';

/**
 * Row types of the FIDO tables (migration 0002_fido). Booleans are 0/1 integers, timestamps epoch milliseconds,
 * binary values base64url text, lists JSON text: the portable subset of store/schema.ts.
 */
export interface FidoChallengeTable {
  /** The request id handed to the client (authentication) — random, never derived from the challenge. */
  id: string;
  challenge: string;
  service_id: number;
  purpose: string;
  account_name: string | null;
  email: string | null;
  user_handle: string | null;
  /** Ceremonies started from a session (adding a key) may only be finished by that session. */
  session_id: string | null;
  /** What the ceremony must match, fixed when it starts: RP ID, allowed origins (JSON), user verification. */
  rp_id: string;
  origins: string;
  user_verification: string;
  created_at: number;
  expires_at: number;
}

/** The public key material and authenticator facts shared by registrations and devices. */
export interface FidoKeyColumns {
  credential_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  algorithm: number;
  counter: number;
  transports: string;
  aaguid: string;
  user_handle: string;
  user_verified: number;
  backup_eligible: number;
  backed_up: number;
  origin: string;
  rp_id: string;
}

export interface FidoRegistrationTable extends FidoKeyColumns {
  id: Generated<number>;
  service_id: number;
  account_name: string;
  email: string;
  /** Lower-cased e-mail: one registration per address regardless of case. */
  email_key: string;
  /** SHA-256 of the confirmation token; the token itself only travels in the mail. */
  token_hash: string;
  token_expires_at: number;
  confirmed: number;
  deferred: number;
  created_at: number;
  confirmed_at: number | null;
}

export interface FidoDeviceTable extends FidoKeyColumns {
  id: Generated<number>;
  service_id: number;
  account_id: number;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

declare module '../../../store/schema.js' {
  interface Database {
    fido_challenges: FidoChallengeTable;
    fido_registrations: FidoRegistrationTable;
    fido_devices: FidoDeviceTable;
  }
}
