// "Continue with <OIDC service>" (issue 5; spec §1.13 authorization code + PKCE, with the state kept by the server):
// 1. `POST /iam/oidc/authorize {identityServiceName, redirectUri}` → the server creates state, nonce and the PKCE
//    verifier and answers the provider URL; the browser only remembers which service it went to (sessionStorage);
// 2. the provider redirects back to the console (`redirectUri` = the console's root URL) with `code` and `state`;
// 3. `POST /authentication/login` with `X-IDENTITY-SERVICE` and `{code, state, redirectUri, iss}`; the server
//    exchanges the code and verifies the tokens. Nothing of the provider's tokens ever reaches the browser;
// 4. a TWO-FACTOR service with a FIDO second factor answers "second factor needed": the same body is sent again with
//    the security-key assertion, X-IDENTITY-SERVICE: <FIDO service> and X-1ST-IDENTITY-SERVICE: <OIDC service>.
// Logout: `oidcEndSessionUrl` asks the server for the provider's end-session URL before the console logs out, so the
// provider's own browser session ends too (RP-initiated logout).
import type { ApiClient } from '../api/client.js';
import type { OidcProviderItem } from '../api/types.js';
import type { ExternalLoginContext, ExternalLoginResult } from './external-login.js';
import { interpretLoginAnswer, type LoginOutcome } from './login-outcome.js';
import { cookieLoginHeaders } from './return-to.js';
import { describeWebAuthnError, getAssertion, webAuthnAvailable } from './webauthn-json.js';

const PENDING_KEY = 'keyward.oidc.pending';
/** A login that did not come back within this time is forgotten (the server keeps its state 10 minutes). */
const PENDING_MAX_AGE_MS = 10 * 60_000;

interface PendingLogin {
  service: string;
  caption: string;
  redirectUri: string;
  startedAt: number;
  /** `rd` of a login that came from a protected application (return-to.ts), kept across the provider round trip. */
  returnTo?: string | null;
}

/** The URL the provider sends the browser back to: the console's root (register exactly this at the provider). */
export function oidcRedirectUri(origin: string): string {
  return `${origin}/`;
}

export async function startOidcLogin(provider: OidcProviderItem, ctx: ExternalLoginContext): Promise<ExternalLoginResult> {
  const caption = provider.iamOidcName || provider.identityServiceName;
  const redirectUri = oidcRedirectUri(ctx.origin);
  const raw = await ctx.api.raw('/iam/oidc/authorize', { identityServiceName: provider.identityServiceName, redirectUri }, { authenticated: false }).catch(() => null);
  const url = raw && raw.status === 200 && typeof raw.body === 'object' && raw.body !== null ? (raw.body as { authorizationUrl?: unknown }).authorizationUrl : undefined;
  if (typeof url !== 'string') {
    const reason = raw && typeof raw.body === 'object' && raw.body !== null && typeof (raw.body as { message?: unknown }).message === 'string'
      ? (raw.body as { message: string }).message : 'The server could not be reached.';
    return { kind: 'unavailable', message: `Sign-in with ${caption} is not possible right now. ${reason}` };
  }
  const pending: PendingLogin = { service: provider.identityServiceName, caption, redirectUri, startedAt: Date.now(), returnTo: ctx.returnTo ?? null };
  window.sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  window.location.assign(url);
  return { kind: 'redirected' };
}

/** Returns null when the current URL is not an OIDC redirect back to the console. */
export async function completeOidcLogin(url: URL, ctx: ExternalLoginContext): Promise<ExternalLoginResult | null> {
  const pending = readPending();
  const params = url.searchParams;
  if (pending === null || (!params.has('code') && !params.has('error'))) return null;
  window.sessionStorage.removeItem(PENDING_KEY);
  // The code must not stay in the address bar or the history.
  window.history.replaceState(null, '', url.pathname);
  if (params.has('error')) {
    const description = params.get('error_description');
    return { kind: 'unavailable', message: `Sign-in with ${pending.caption} was not completed: ${description || params.get('error')}.` };
  }
  const body: Record<string, string> = { code: params.get('code') ?? '', state: params.get('state') ?? '', redirectUri: pending.redirectUri };
  const iss = params.get('iss');
  if (iss) body.iss = iss;
  const cookie = cookieLoginHeaders(pending.returnTo);
  const raw = await ctx.api.raw('/authentication/login', body, { authenticated: false, headers: { ...cookie, 'X-IDENTITY-SERVICE': pending.service } }).catch(() => null);
  if (raw === null) return { kind: 'unavailable', message: 'Cannot reach the server. Check your connection and try again.' };
  let outcome: LoginOutcome = interpretLoginAnswer(raw.status, raw.body, raw.headers);
  if (outcome.kind === 'second-factor') {
    // TWO-FACTOR with a FIDO second factor: the same {code, state, redirectUri} again (the server kept the verified
    // first factor under the state) plus the security-key assertion for the account the provider named.
    const account = typeof (raw.body as { account?: unknown }).account === 'string' ? (raw.body as { account: string }).account : undefined;
    const second = await fidoSecondFactor(ctx.api, outcome.secondFactorService, outcome.firstIdentityService || pending.service, account, body, cookie);
    if (second.kind === 'unavailable') return second;
    outcome = second.outcome;
  }
  if (outcome.kind !== 'signed-in') return { kind: 'unavailable', message: `Sign-in with ${pending.caption} failed. Ask an administrator if this persists.` };
  return {
    kind: 'signed-in',
    answer: { ...outcome.answer, accessToken: outcome.accessToken, sessionTimeout: await idleTimeout(ctx.api, outcome.accessToken, outcome.sessionTimeoutMs) },
    returnTo: pending.returnTo ?? null,
  };
}

async function fidoSecondFactor(api: ApiClient, fidoService: string, firstService: string, account: string | undefined, body: Record<string, string>, cookie: Record<string, string>): Promise<{ kind: 'done'; outcome: LoginOutcome } | { kind: 'unavailable'; message: string }> {
  if (!webAuthnAvailable()) return { kind: 'unavailable', message: 'This account needs a security key, which this browser cannot use here (open Keyward over https or http://localhost).' };
  const start = await api.raw('/iam/fido/request_authentication', { identityServiceName: fidoService, ...(account ? { accountName: account } : {}) }, { authenticated: false }).catch(() => null);
  const options = start?.status === 200 ? (start.body as { requestId?: string; options?: Record<string, unknown> }) : undefined;
  if (options?.requestId === undefined || options.options === undefined) return { kind: 'unavailable', message: 'The security key check could not be started. Use a key registered and approved for your account.' };
  let credential: Record<string, unknown>;
  try {
    credential = await getAssertion(options.options);
  } catch (err) {
    return { kind: 'unavailable', message: describeWebAuthnError(err) };
  }
  const raw = await api.raw('/authentication/login', { ...body, requestId: options.requestId, credential }, {
    authenticated: false, headers: { ...cookie, 'X-IDENTITY-SERVICE': fidoService, 'X-1ST-IDENTITY-SERVICE': firstService },
  }).catch(() => null);
  if (raw === null) return { kind: 'unavailable', message: 'Cannot reach the server. Check your connection and try again.' };
  const outcome = interpretLoginAnswer(raw.status, raw.body, raw.headers);
  if (outcome.kind !== 'signed-in') return { kind: 'unavailable', message: 'The security key was not accepted as second factor. Sign in again with a key registered for your account.' };
  return { kind: 'done', outcome };
}

/**
 * The login answer's `sessionTimeout` ends with the provider's tokens, which the server renews in the background; the
 * console's idle countdown must follow the idle timeout instead.
 */
async function idleTimeout(api: ApiClient, token: string, fallback: number): Promise<number> {
  const raw = await api.raw('/iam/oidc/session', {}, { authenticated: false, headers: { 'X-Access-Token': token } }).catch(() => null);
  const remaining = raw?.status === 200 ? (raw.body as { idleRemainingMs?: unknown }).idleRemainingMs : undefined;
  return typeof remaining === 'number' && remaining > 0 ? remaining : fallback;
}

/**
 * The provider's end-session URL for the signed-in session (null for non-OIDC sessions or providers without
 * RP-initiated logout). Call before `/authentication/logout`, which forgets the tokens the URL is built from.
 */
export async function oidcEndSessionUrl(api: ApiClient, origin: string): Promise<string | null> {
  const raw = await api.raw('/iam/oidc/end_session_url', { postLogoutRedirectUri: oidcRedirectUri(origin) }).catch(() => null);
  const url = raw?.status === 200 ? (raw.body as { endSessionUrl?: unknown }).endSessionUrl : undefined;
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
}

function readPending(): PendingLogin | null {
  const text = window.sessionStorage.getItem(PENDING_KEY);
  if (!text) return null;
  try {
    const p = JSON.parse(text) as Partial<PendingLogin>;
    if (typeof p.service !== 'string' || typeof p.redirectUri !== 'string' || typeof p.startedAt !== 'number') return null;
    if (Date.now() - p.startedAt > PENDING_MAX_AGE_MS) {
      window.sessionStorage.removeItem(PENDING_KEY);
      return null;
    }
    return {
      service: p.service, caption: typeof p.caption === 'string' ? p.caption : p.service, redirectUri: p.redirectUri, startedAt: p.startedAt,
      returnTo: typeof p.returnTo === 'string' && p.returnTo !== '' ? p.returnTo : null,
    };
  } catch {
    return null;
  }
}
