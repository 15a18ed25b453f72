import * as client from 'openid-client';
import type { DiscoveredProvider } from './discover-provider.js';
import { tokenInvalid, toOidcLoginError } from './oidc-errors.js';

export interface ExchangedTokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresIn: number | undefined;
}

/**
 * The token request of the authorization-code grant (OIDC Core §3.1.3.1) with the client secret (basic or post,
 * per the provider's metadata) and the PKCE verifier. openid-client parses the answer and already checks the ID
 * token's claims; the authoritative verification (signature, allow-list, nonce) is verify-id-token.ts.
 */
export async function exchangeCode(provider: DiscoveredProvider, args: { code: string; redirectUri: string; codeVerifier: string }): Promise<ExchangedTokens> {
  let tokens: client.TokenEndpointResponse;
  try {
    tokens = await client.genericGrantRequest(provider.config, 'authorization_code', {
      code: args.code, redirect_uri: args.redirectUri, code_verifier: args.codeVerifier,
    });
  } catch (err) {
    throw toOidcLoginError(err, 'code exchange');
  }
  if (typeof tokens.id_token !== 'string') throw tokenInvalid('code exchange: the provider returned no ID token (is "openid" an allowed scope of the client?)');
  return { accessToken: tokens.access_token, idToken: tokens.id_token, refreshToken: tokens.refresh_token, expiresIn: tokens.expires_in };
}
