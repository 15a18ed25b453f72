// Extension point: "Continue with <OIDC service>" (spec §1.13, authorization code + PKCE). The OIDC issue wires the
// real flow here: discovery from iamOidcAuthenticationUrl, `/iam/identityclient`, redirect to the IdP, and on return
// `POST /authentication/login` with `X-IDENTITY-SERVICE` and `{code, code_verifier, redirect_uri}`.
// `completeOidcLogin` will be called by the login page when the URL carries `code`/`state` after the redirect.
import type { OidcProviderItem } from '../api/types.js';
import type { ExternalLoginContext, ExternalLoginResult } from './external-login.js';

export async function startOidcLogin(provider: OidcProviderItem, _ctx: ExternalLoginContext): Promise<ExternalLoginResult> {
  const name = provider.iamOidcName || provider.identityServiceName;
  return { kind: 'unavailable', message: `Sign-in with ${name} is not available in this version yet.` };
}

/** Returns null when the current URL is not an OIDC redirect back to the console. */
export async function completeOidcLogin(_url: URL, _ctx: ExternalLoginContext): Promise<ExternalLoginResult | null> {
  return null;
}
