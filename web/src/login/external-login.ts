// Shared types of the login extension points (oidc-login.ts, fido-login.ts). A flow either signs in (returns the
// login answer, spec §1.1), navigates the browser away (OIDC redirect), or explains why it is not available.
import type { ApiClient } from '../api/client.js';
import type { LoginAnswer } from '../api/types.js';

export interface ExternalLoginContext {
  api: ApiClient;
  /** Page origin, e.g. "https://keyward.example.com" (WebAuthn RP and OIDC redirect URIs depend on it). */
  origin: string;
}

export type ExternalLoginResult =
  | { kind: 'signed-in'; answer: LoginAnswer }
  | { kind: 'redirected' }
  | { kind: 'unavailable'; message: string };
