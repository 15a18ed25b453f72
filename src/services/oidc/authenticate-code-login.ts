import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { stripTypePrefix } from '../../login/perform-login.js';
import { findIdentityServiceById } from '../../store/index.js';
import type { AuthOutcome, LoginInput, ServiceContext } from '../identity-service-type.js';
import { accountClaimName } from './account-claim.js';
import { discoverProvider } from './discover-provider.js';
import { exchangeCode } from './exchange-code.js';
import { introspectToken } from './introspect-token.js';
import { hashValue, saveFirstFactor, takeFirstFactor, takeLoginState } from './login-state.js';
import { mapGroupRoles } from './map-group-roles.js';
import { OidcLoginError, tokenInvalid, toOidcLoginError } from './oidc-errors.js';
import type { OidcSettings } from './oidc-settings.js';
import { isNonceUsed, recordUsedNonce } from './oidc-store.js';
import { readClaim } from './read-claim.js';
import { tokenExpiry, type SessionTokens } from './session-tokens.js';
import { verifyIdToken } from './verify-id-token.js';

export interface CodeLoginBody {
  readonly code: string;
  readonly state: string;
  readonly redirectUri: string;
  /** RFC 9207 `iss` of the authorization response, when the client passes it on (mix-up defence). */
  readonly iss?: string | undefined;
}

/** `{code, state, redirectUri}` (also `redirect_uri`); undefined when the body carries no authorization code. */
export function parseCodeLoginBody(body: unknown): CodeLoginBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' && v.length <= 4096 ? v : undefined);
  const code = str(b.code);
  const state = str(b.state);
  const redirectUri = str(b.redirectUri) ?? str(b.redirect_uri);
  if (code === undefined || state === undefined || redirectUri === undefined) return undefined;
  return { code, state, redirectUri, iss: str(b.iss) };
}

/**
 * An authorization-code login (issue 5 "Login"; seed 003 "Verify Token"), in this order:
 * 1. the state is taken from the store (single-use, 10 minutes) and must belong to this service and redirect URI;
 * 2. the code is exchanged with the client secret and the PKCE verifier;
 * 3. the ID token is verified (verify-id-token.ts: signature/kid/allow-list, iss, aud/azp, exp/nbf, nonce), and the
 *    nonce must not have been used before;
 * 4. introspection must say `active: true` (when offered);
 * 5. the account claim of the ID token must equal the userinfo answer's (seed: the e-mail check);
 * 6. roles: OIDC maps the group claims; OIDC-JOC takes them from the database (the chain does that).
 */
export async function authenticateCodeLogin(input: LoginInput, ctx: ServiceContext, settings: OidcSettings, rolesFromDatabase: boolean): Promise<AuthOutcome> {
  const body = parseCodeLoginBody(input.body);
  if (body === undefined) {
    if (input.headers['x-id-token'] !== undefined) {
      return fail(tokenInvalid(`ID tokens sent by the client are refused: ${ctx.service.name} (flow ${settings.flowType}) accepts only tokens from its own code exchange`));
    }
    return { ok: false, code: 'NO_CREDENTIALS', message: 'no authorization code in the request body ({code, state, redirectUri})' };
  }
  const now = ctx.now();
  const firstNamed = input.headers['x-1st-identity-service'];
  if (firstNamed !== undefined && stripTypePrefix(firstNamed) === ctx.service.name) return secondStep(ctx, body, now);
  try {
    const stored = await takeLoginState(ctx.store, ctx.secrets, body.state);
    if (stored === undefined) throw tokenInvalid('state mismatch: unknown, expired or already used state');
    if (stored.expiresAt <= now) throw tokenInvalid('state expired: the login was not completed within 10 minutes');
    if (stored.serviceId !== ctx.service.id) throw tokenInvalid('state mismatch: the state was issued for another identity service');
    if (stored.redirectUri !== body.redirectUri) throw tokenInvalid('redirect_uri mismatch: not the one of the authorization request');

    const provider = await discoverProvider(ctx.service.id, settings, ctx).catch((err: unknown) => { throw toOidcLoginError(err, 'provider discovery'); });
    if (body.iss !== undefined && body.iss !== provider.issuer) throw tokenInvalid('iss of the authorization response is not the configured issuer (mix-up)');

    const tokens = await exchangeCode(provider, { code: body.code, redirectUri: body.redirectUri, codeVerifier: stored.codeVerifier });
    let verified;
    try {
      verified = await verifyIdToken(tokens.idToken, (h) => provider.keys.keyFor(h), {
        issuer: provider.issuer, audience: settings.clientId, authorizedParty: settings.clientId, nonce: stored.nonce,
        clockSkewSeconds: settings.clockSkewSeconds, now,
      });
    } catch (err) {
      // Only a token that passed every other check reaches the nonce comparison; tell a replay from a mismatch.
      if (err instanceof OidcLoginError && err.message.startsWith('nonce mismatch')) {
        const replayed = decodeJwt(tokens.idToken).nonce;
        if (typeof replayed === 'string' && await isNonceUsed(ctx.store.db, hashValue(replayed))) {
          throw tokenInvalid('nonce replay: the ID token carries a nonce that was already used');
        }
      }
      throw err;
    }
    const claims = verified.claims;

    await introspectToken(provider, tokens.accessToken);

    let userinfo: Record<string, unknown> | undefined;
    if (provider.metadata.userinfo_endpoint !== undefined) {
      try {
        userinfo = await client.fetchUserInfo(provider.config, tokens.accessToken, String(claims.sub));
      } catch (err) {
        throw toOidcLoginError(err, 'userinfo');
      }
    }
    const claimName = accountClaimName(settings, provider.metadata);
    const fromToken = readClaim(claims, claimName);
    const fromUserinfo = readClaim(userinfo, claimName);
    if (fromToken !== undefined && fromUserinfo !== undefined && fromToken !== fromUserinfo) {
      throw tokenInvalid(`userinfo account mismatch: the ID token's ${claimName} differs from the userinfo answer's`);
    }
    const account = fromToken ?? fromUserinfo;
    if (typeof account !== 'string' || account === '') throw tokenInvalid(`the account claim ${claimName} is missing (set iamOidcUserAttribute to a claim the provider returns)`);

    // Used once: recorded until the token expires (an atomic insert, so a concurrent replay on another instance fails).
    const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : now + 3600_000;
    if (!await recordUsedNonce(ctx.store.db, hashValue(stored.nonce), Math.max(exp, now) + settings.clockSkewSeconds * 1000)) {
      throw tokenInvalid('nonce replay: the nonce was already used');
    }

    const expiresAt = tokenExpiry(now, tokens.expiresIn, claims.exp);
    const data: SessionTokens = {
      v: 1, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, idToken: tokens.idToken,
      sub: typeof claims.sub === 'string' ? claims.sub : undefined, expiresAt: expiresAt ?? now + 3600_000,
    };
    let outcome: AuthOutcome = { ok: true, account, expiresAt, data };
    if (!rolesFromDatabase) {
      const { groups, roles } = mapGroupRoles([claims, userinfo], settings.groupClaims, settings.groupRolesMap);
      ctx.log.debug({ identityService: ctx.service.name, account, groups, roles }, 'OIDC group claims mapped');
      outcome = { ...outcome, providerRoles: roles };
    }
    if (await needsSecondRequest(ctx)) {
      await saveFirstFactor(ctx.store, ctx.secrets, body.state, { serviceId: ctx.service.id, redirectUri: body.redirectUri, outcome }, now);
    }
    return outcome;
  } catch (err) {
    return fail(toOidcLoginError(err, 'login'));
  }
}

/** A FIDO second factor comes in a second request (spec §1.13); a certificate arrives with the first one. */
async function needsSecondRequest(ctx: ServiceContext): Promise<boolean> {
  if (ctx.service.scheme !== 'TWO-FACTOR' || ctx.service.secondFactorServiceId === null) return false;
  return (await findIdentityServiceById(ctx.store.db, ctx.service.secondFactorServiceId))?.type === 'FIDO';
}

/** Second request of OIDC + FIDO: the first factor verified by the first request, taken once. */
async function secondStep(ctx: ServiceContext, body: CodeLoginBody, now: number): Promise<AuthOutcome> {
  const kept = await takeFirstFactor(ctx.store, ctx.secrets, body.state);
  if (kept === undefined || kept.expiresAt <= now) return fail(tokenInvalid('two-factor login: no pending OIDC first factor for this state (expired, used, or never verified)'));
  if (kept.serviceId !== ctx.service.id || kept.redirectUri !== body.redirectUri) return fail(tokenInvalid('two-factor login: the first factor belongs to another login'));
  return kept.outcome as AuthOutcome;
}

function fail(err: OidcLoginError): AuthOutcome {
  return { ok: false, code: err.code, message: err.message };
}
