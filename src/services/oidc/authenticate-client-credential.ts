import { decodeJwt } from 'jose';
import type { AuthOutcome, LoginInput, ServiceContext } from '../identity-service-type.js';
import { CLIENT_ID_CLAIMS } from './account-claim.js';
import { discoverProvider } from './discover-provider.js';
import { introspectToken } from './introspect-token.js';
import { mapGroupRoles } from './map-group-roles.js';
import { tokenInvalid, toOidcLoginError } from './oidc-errors.js';
import type { OidcSettings } from './oidc-settings.js';
import { tokenExpiry, type SessionTokens } from './session-tokens.js';
import { verifyIdToken } from './verify-id-token.js';

/**
 * CLIENT-CREDENTIAL flow for batch REST clients (spec §1.1, §3.3): the client obtained a token from the provider
 * with its own client credentials and sends it as `X-ID-TOKEN`. The service whose client id equals the token's
 * client claim (`appid`, `azp` or `client_id`) takes it; the account is that client id.
 *
 * Verified like an ID token, against the configured issuer's discovery and JWKS only: `X-OPENID-CONFIGURATION`
 * (JS7 lets the client name the JWKS, spec §5.3) is never read. `aud` must contain the configured audience
 * (default: the client id), so a token the client obtained for another API cannot be replayed here. Introspection
 * is asked when the provider offers it and a client secret is configured.
 */
export async function authenticateClientCredential(input: LoginInput, ctx: ServiceContext, settings: OidcSettings, rolesFromDatabase: boolean): Promise<AuthOutcome> {
  const token = input.headers['x-id-token'];
  if (token === undefined) return { ok: false, code: 'NO_CREDENTIALS', message: 'no X-ID-TOKEN header (CLIENT-CREDENTIAL flow)' };
  // Routing only: which service a token is meant for. Nothing from this unverified read is trusted.
  let claimed: string | undefined;
  try {
    const unverified = decodeJwt(token);
    claimed = CLIENT_ID_CLAIMS.map((c) => unverified[c]).find((v): v is string => typeof v === 'string');
  } catch {
    return { ok: false, code: 'TOKEN_INVALID', message: 'X-ID-TOKEN is not a JWT' };
  }
  if (claimed !== settings.clientId) {
    return { ok: false, code: 'NO_CREDENTIALS', message: `the token is not for client ${settings.clientId}` };
  }
  const now = ctx.now();
  try {
    const provider = await discoverProvider(ctx.service.id, settings, ctx).catch((err: unknown) => { throw toOidcLoginError(err, 'provider discovery'); });
    const verified = await verifyIdToken(token, (h) => provider.keys.keyFor(h), {
      issuer: provider.issuer, audience: settings.clientCredentialAudience, clockSkewSeconds: settings.clockSkewSeconds,
      requiredClaims: [], now,
    });
    const clientClaim = CLIENT_ID_CLAIMS.map((c) => verified.claims[c]).find((v): v is string => typeof v === 'string');
    if (clientClaim !== settings.clientId) throw tokenInvalid('the token names another client (appid/azp/client_id)');
    if (settings.sealedClientSecret !== '') await introspectToken(provider, token);

    const expiresAt = tokenExpiry(now, undefined, verified.claims.exp);
    const data: SessionTokens = { v: 1, accessToken: token, expiresAt: expiresAt ?? now };
    if (rolesFromDatabase) return { ok: true, account: settings.clientId, expiresAt, data };
    const { roles } = mapGroupRoles([verified.claims], settings.groupClaims, settings.groupRolesMap);
    return { ok: true, account: settings.clientId, providerRoles: roles, expiresAt, data };
  } catch (err) {
    const e = toOidcLoginError(err, 'client-credential login');
    return { ok: false, code: e.code, message: e.message };
  }
}
