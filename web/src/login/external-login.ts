// Shared types of the login extension points (oidc-login.ts, fido-login.ts). A flow either signs in (returns the
// login answer, spec §1.1), navigates the browser away (OIDC redirect), or explains why it is not available.
import type { ApiClient } from '../api/client.js';
import type { LoginAnswer } from '../api/types.js';

export interface ExternalLoginContext {
  api: ApiClient;
  /** Page origin, e.g. "https://keyward.example.com" (WebAuthn RP and OIDC redirect URIs depend on it). */
  origin: string;
  /**
   * `rd` of a login that came from a protected application (return-to.ts): every login request then asks for the
   * session cookie, and OIDC keeps it across the provider round trip.
   */
  returnTo?: string | null;
}

export type ExternalLoginResult =
  | { kind: 'signed-in'; answer: LoginAnswer; /** `rd` kept across a redirect (OIDC). */ returnTo?: string | null }
  | { kind: 'redirected' }
  | { kind: 'unavailable'; message: string };
