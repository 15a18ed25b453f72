import type { IdentityService } from '../../store/index.js';
import type { AuthOutcome, IdentityServiceType, LoginInput, LoginPageItem, ServiceContext } from '../identity-service-type.js';
import { authenticateClientCredential } from './authenticate-client-credential.js';
import { authenticateCodeLogin } from './authenticate-code-login.js';
import { discoverProvider } from './discover-provider.js';
import { endProviderSession } from './end-provider-session.js';
import { oidcSettingsSpec, readOidcSettings } from './oidc-settings.js';
import { parseSessionTokens } from './session-tokens.js';

/**
 * OIDC and OIDC-JOC (seed 003/004, spec §3.3): one relying party, two ways to find roles. OIDC maps the provider's
 * group claims through `iamOidcGroupRolesMap`; OIDC-JOC takes the roles of the account in Keyward's database, so the
 * account must exist there (style.md: a "-JOC" variant is the same authenticator configured differently).
 *
 * Never "required" (seed 004 "Authenticate Client"); a login naming the service runs only this service
 * (perform-login.ts). It can be the first factor of a TWO-FACTOR service (a client certificate checked in the same
 * request).
 */
export function createOidcServiceType(type: 'OIDC' | 'OIDC-JOC'): IdentityServiceType {
  const rolesFromDatabase = type === 'OIDC-JOC';
  return {
    type,
    credential: 'oidc',
    rolesFromDatabase,
    storesPasswords: false,
    accountsInDatabase: rolesFromDatabase,
    canBeSecondFactor: false,
    canBeRequired: false,
    settings: oidcSettingsSpec,
    authenticate: (input, ctx) => authenticateOidc(input, ctx, rolesFromDatabase),
    logout: logoutAtProvider,
    loginPageItem: oidcLoginPageItem,
  } satisfies IdentityServiceType;
}

export const oidcService = createOidcServiceType('OIDC');
export const oidcJocService = createOidcServiceType('OIDC-JOC');

async function authenticateOidc(input: LoginInput, ctx: ServiceContext, rolesFromDatabase: boolean): Promise<AuthOutcome> {
  const settings = readOidcSettings(ctx.settings);
  if (settings === undefined) return { ok: false, code: 'SERVICE_MISCONFIGURED', message: 'the OIDC settings are incomplete (iamOidcAuthenticationUrl, iamOidcClientId)' };
  if (settings.flowType === 'CLIENT-CREDENTIAL') return authenticateClientCredential(input, ctx, settings, rolesFromDatabase);
  // A batch login (X-ID-TOKEN without X-IDENTITY-SERVICE) is offered to every OIDC service; code-flow services pass.
  if (input.headers['x-identity-service'] === undefined) return { ok: false, code: 'NO_CREDENTIALS', message: `not a CLIENT-CREDENTIAL service (flow ${settings.flowType})` };
  return authenticateCodeLogin(input, ctx, settings, rolesFromDatabase);
}

async function logoutAtProvider(data: unknown, ctx: ServiceContext): Promise<void> {
  const tokens = parseSessionTokens(data);
  const settings = readOidcSettings(ctx.settings);
  if (tokens === undefined || settings === undefined || settings.flowType === 'CLIENT-CREDENTIAL') return;
  const provider = await discoverProvider(ctx.service.id, settings, ctx);
  const done = await endProviderSession(provider, tokens);
  ctx.log.info({ identityService: ctx.service.name, done }, 'OIDC provider session ended');
}

const STANDARD_CLAIMS = new Set(['sub', 'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at', 'email', 'email_verified']);

/** spec §1.3 `oidcServiceItems`: button caption, issuer, claims and scopes, icon URL; never the client secret. */
export function oidcLoginPageItem(service: IdentityService, stored: unknown): LoginPageItem | undefined {
  const settings = readOidcSettings(stored);
  if (settings === undefined || settings.flowType === 'CLIENT-CREDENTIAL') return undefined;
  const scopes = [...new Set([...settings.groupScopes, 'profile'])].filter((s) => s !== 'openid' && s !== 'email' && s.trim() !== '');
  const claims = [...settings.groupClaims];
  if (settings.userAttribute !== '' && !STANDARD_CLAIMS.has(settings.userAttribute) && !claims.includes(settings.userAttribute)) claims.push(settings.userAttribute);
  return {
    list: 'oidcServiceItems',
    item: {
      identityServiceName: service.name,
      iamOidcName: settings.caption || service.name,
      iamOidcAuthenticationUrl: settings.issuer,
      iamOidcGroupClaims: claims,
      iamOidcGroupScopes: scopes,
      ...(settings.image === undefined ? {} : { iamIconUrl: `/iam/icon/${encodeURIComponent(service.name)}` }),
    },
  };
}
