import * as client from 'openid-client';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { Store } from '../../store/index.js';
import { accountClaimName } from './account-claim.js';
import type { DiscoveredProvider } from './discover-provider.js';
import { saveLoginState } from './login-state.js';
import type { OidcSettings } from './oidc-settings.js';

/**
 * Starts an authorization-code login (OIDC Core §3.1.2.1, PKCE S256 per RFC 7636): creates `state`, `nonce` and a
 * code verifier, keeps them server-side (login-state.ts) and returns the provider URL the browser goes to. Nothing
 * of it is a secret the browser must keep; the browser only carries `code` and `state` back.
 *
 * Scopes: `openid`, `profile` and `email` (each only if the provider lists it in `scopes_supported`, when it lists
 * anything) plus the configured `iamOidcGroupScopes`. When the provider supports the `claims` parameter, the group
 * claims and the account claim are asked for explicitly in the ID token and the userinfo answer.
 */
export async function buildAuthorizationUrl(args: {
  readonly serviceId: number;
  readonly settings: OidcSettings;
  readonly provider: DiscoveredProvider;
  readonly redirectUri: string;
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly now: number;
}): Promise<string> {
  const { settings, provider } = args;
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
  await saveLoginState(args.store, args.secrets, state, { serviceId: args.serviceId, nonce, codeVerifier, redirectUri: args.redirectUri }, args.now);

  const supported = provider.metadata.scopes_supported;
  const standard = ['openid', 'profile', 'email'].filter((s) => s === 'openid' || !Array.isArray(supported) || supported.includes(s));
  const scope = [...new Set([...standard, ...settings.groupScopes])].join(' ');

  const params: Record<string, string> = {
    redirect_uri: args.redirectUri,
    response_type: 'code',
    scope,
    state,
    nonce,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  };
  if (provider.metadata.claims_parameter_supported === true) {
    const names = [...new Set([...settings.groupClaims, accountClaimName(settings, provider.metadata)].map((c) => c.split('.')[0] ?? c))];
    const request = Object.fromEntries(names.map((n) => [n, null]));
    params.claims = JSON.stringify({ id_token: request, userinfo: request });
  }
  return client.buildAuthorizationUrl(provider.config, params).href;
}

/** The redirect URI must be an absolute http(s) URL without fragment (RFC 6749 §3.1.2); the provider checks it is registered. */
export function isAcceptableRedirectUri(value: string): boolean {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.hash === '' && u.username === '' && u.password === '' && value.length <= 2000;
}
