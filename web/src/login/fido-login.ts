// Extension point: FIDO/WebAuthn on the login page (spec §1.10, §1.13). The FIDO issue wires:
// - startFidoLogin: first factor ("Continue with <FIDO service>"): /iam/identity_fido_client,
//   /iam/fido/request_authentication, navigator.credentials.get, login with the X-CREDENTIAL-ID/... headers;
// - completeFidoSecondFactor: after a login answer with `secondFactoridentityService`, repeat the login with the
//   Basic header + FIDO headers + X-1ST-IDENTITY-SERVICE;
// - startFidoRegistration: "Register Security Key" (request_registration_start, navigator.credentials.create,
//   request_registration).
import type { FidoProviderItem } from '../api/types.js';
import type { ExternalLoginContext, ExternalLoginResult } from './external-login.js';

export async function startFidoLogin(provider: FidoProviderItem, _ctx: ExternalLoginContext): Promise<ExternalLoginResult> {
  return { kind: 'unavailable', message: `Sign-in with ${provider.identityServiceName} is not available in this version yet.` };
}

export interface SecondFactorRequest {
  /** Name of the FIDO service from `secondFactoridentityService`. */
  secondFactorService: string;
  /** "TYPE:name" of the first factor from the login answer. */
  firstIdentityService: string;
  /** The Basic Authorization header value of the first request (kept in memory only for this call). */
  authorization: string;
}

export async function completeFidoSecondFactor(_req: SecondFactorRequest, _ctx: ExternalLoginContext): Promise<ExternalLoginResult> {
  return {
    kind: 'unavailable',
    message: 'This account needs a security key as second factor, which this version of the console cannot use yet.',
  };
}

export async function startFidoRegistration(provider: FidoProviderItem, _ctx: ExternalLoginContext): Promise<ExternalLoginResult> {
  return { kind: 'unavailable', message: `Security key registration for ${provider.identityServiceName} is not available in this version yet.` };
}
