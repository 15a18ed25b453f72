import * as client from 'openid-client';
import type { DiscoveredProvider } from './discover-provider.js';
import { tokenInvalid, toOidcLoginError } from './oidc-errors.js';

/**
 * Seed 003 "Verify Token", first step: the provider's token verification (RFC 7662 introspection) must answer
 * `active: true`. Done only when the provider offers an introspection endpoint (Keycloak, oidc-provider, Okta do;
 * Entra ID and Google do not: their tokens are verified by signature alone).
 */
export async function introspectToken(provider: DiscoveredProvider, token: string, hint: 'access_token' | 'refresh_token' = 'access_token'): Promise<'active' | 'not-offered'> {
  if (provider.metadata.introspection_endpoint === undefined) return 'not-offered';
  let answer: client.IntrospectionResponse;
  try {
    answer = await client.tokenIntrospection(provider.config, token, { token_type_hint: hint });
  } catch (err) {
    throw toOidcLoginError(err, 'token introspection');
  }
  if (answer.active !== true) throw tokenInvalid('token introspection: the provider reports the token as not active (active: false)');
  return 'active';
}
