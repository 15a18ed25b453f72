import type { ServerMetadata } from 'openid-client';
import type { OidcSettings } from './oidc-settings.js';

/**
 * The claim naming the account (seed 004 "OIDC User Name Attribute"): the configured one; when empty,
 * `preferred_username` if the provider lists it in `claims_supported`, else `email`.
 */
export function accountClaimName(settings: OidcSettings, metadata: Readonly<ServerMetadata>): string {
  if (settings.userAttribute !== '') return settings.userAttribute;
  const supported = metadata.claims_supported;
  return Array.isArray(supported) && supported.includes('preferred_username') ? 'preferred_username' : 'email';
}

/**
 * CLIENT-CREDENTIAL tokens name their client in `appid` (Entra v1), `azp` (Entra v2, Keycloak) or `client_id`
 * (RFC 9068 JWT access tokens); spec §3.3 uses `appid`.
 */
export const CLIENT_ID_CLAIMS = ['appid', 'azp', 'client_id'] as const;
