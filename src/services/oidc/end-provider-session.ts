import * as client from 'openid-client';
import type { DiscoveredProvider } from './discover-provider.js';
import { toOidcLoginError } from './oidc-errors.js';
import type { SessionTokens } from './session-tokens.js';

/**
 * Logout at the provider (seed 003 "Single Sign-On": logging out of Keyward ends the provider session).
 * Server side, per the provider's metadata (spec §3.3, revocation preferred over end_session):
 * - `revocation_endpoint` (RFC 7009): the refresh token, then the access token; providers revoke the whole grant;
 * - else `end_session_endpoint` called back-channel with `id_token_hint`, `client_id` and the refresh token
 *   (Keycloak ends the user session this way; others ignore the extra parameters).
 * The browser side — the provider's own session cookie — can only be ended by sending the browser to the
 * `end_session_endpoint` (RP-initiated logout 1.0); `endSessionUrl` builds that URL for the UI.
 * Returns what was done, for the log.
 */
export async function endProviderSession(provider: DiscoveredProvider, tokens: SessionTokens): Promise<string[]> {
  const done: string[] = [];
  if (provider.metadata.revocation_endpoint !== undefined) {
    for (const [token, hint] of [[tokens.refreshToken, 'refresh_token'], [tokens.accessToken, 'access_token']] as const) {
      if (token === undefined) continue;
      try {
        await client.tokenRevocation(provider.config, token, { token_type_hint: hint });
        done.push(`revoked ${hint}`);
      } catch (err) {
        throw toOidcLoginError(err, `revocation of the ${hint}`);
      }
    }
    return done;
  }
  const endSession = provider.metadata.end_session_endpoint;
  if (endSession !== undefined && tokens.idToken !== undefined) {
    const body = new URLSearchParams({ id_token_hint: tokens.idToken, client_id: provider.config.clientMetadata().client_id });
    if (tokens.refreshToken !== undefined) body.set('refresh_token', tokens.refreshToken);
    const res = await provider.fetch(endSession, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    done.push(`end_session back-channel HTTP ${res.status}`);
  }
  return done;
}

/** RP-initiated logout URL for the browser (OpenID Connect RP-Initiated Logout 1.0 §2); undefined when not offered. */
export function endSessionUrl(provider: DiscoveredProvider, tokens: SessionTokens | undefined, postLogoutRedirectUri: string | undefined): string | undefined {
  if (provider.metadata.end_session_endpoint === undefined) return undefined;
  const params: Record<string, string> = {};
  if (tokens?.idToken !== undefined) params.id_token_hint = tokens.idToken;
  if (postLogoutRedirectUri !== undefined) params.post_logout_redirect_uri = postLogoutRedirectUri;
  return client.buildEndSessionUrl(provider.config, params).href;
}
