import * as client from 'openid-client';
import type { DiscoveredProvider } from './discover-provider.js';
import { OidcLoginError, tokenInvalid, toOidcLoginError } from './oidc-errors.js';
import type { OidcSettings } from './oidc-settings.js';
import { tokenExpiry, type SessionTokens } from './session-tokens.js';
import { verifyIdToken } from './verify-id-token.js';

/**
 * Seed 003 "Renew Token": `grant_type=refresh_token` with the client id and secret. The renewal fails — and the
 * Keyward session ends — when the provider refuses (its session ended, the grant was revoked) or returns no valid
 * access token. A new ID token, when returned, is verified like at login (no nonce: OIDC Core §12.2) and must name
 * the same subject.
 */
export async function renewTokens(provider: DiscoveredProvider, settings: OidcSettings, tokens: SessionTokens, now: number): Promise<SessionTokens> {
  if (tokens.refreshToken === undefined) throw new OidcLoginError('TOKEN_INVALID', 'no refresh token: the session cannot be renewed');
  let answer: client.TokenEndpointResponse;
  try {
    answer = await client.refreshTokenGrant(provider.config, tokens.refreshToken);
  } catch (err) {
    throw toOidcLoginError(err, 'token renewal');
  }
  if (typeof answer.access_token !== 'string' || answer.access_token === '') throw tokenInvalid('token renewal: no access token returned');
  let exp: number | undefined;
  let idToken = tokens.idToken;
  if (typeof answer.id_token === 'string') {
    const verified = await verifyIdToken(answer.id_token, (h) => provider.keys.keyFor(h), {
      issuer: provider.issuer, audience: settings.clientId, authorizedParty: settings.clientId, clockSkewSeconds: settings.clockSkewSeconds, now,
    });
    if (tokens.sub !== undefined && verified.claims.sub !== tokens.sub) throw tokenInvalid('token renewal: the new ID token names another subject');
    exp = verified.claims.exp;
    idToken = answer.id_token;
  }
  const expiresAt = tokenExpiry(now, answer.expires_in, exp);
  if (expiresAt === undefined || expiresAt <= now) throw tokenInvalid('token renewal: the provider returned tokens without a future expiry');
  return {
    v: 1, accessToken: answer.access_token, refreshToken: answer.refresh_token ?? tokens.refreshToken, idToken, sub: tokens.sub, expiresAt,
  };
}
