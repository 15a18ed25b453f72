// FIDO/WebAuthn on the login page (spec §1.10, §1.13; issue 7). The server verifies the standard WebAuthn JSON:
// - startFidoLogin ("Continue with <service>"): /iam/identity_fido_client → /iam/fido/request_authentication
//   {identityServiceName, accountName?} → navigator.credentials.get → POST /authentication/login with
//   X-IDENTITY-SERVICE and {requestId, credential}; usernameless unless the service requires the account name;
// - completeFidoSecondFactor: after "second factor needed", the same ceremony for the FIDO service, then the login
//   repeated with the Basic header, X-1ST-IDENTITY-SERVICE and X-IDENTITY-SERVICE;
// - startFidoRegistration ("Register Security Key"): a dialog for account and e-mail, navigator.credentials.create,
//   the pending request (fido-registration-dialog.tsx).
import { createElement } from 'react';
import { isApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import type { FidoProviderItem, LoginAnswer } from '../api/types.js';
import type { ExternalLoginContext, ExternalLoginResult } from './external-login.js';
import { AccountPromptDialog, FidoRegistrationDialog } from './fido-registration-dialog.js';
import { interpretLoginAnswer } from './login-outcome.js';
import { mountModal } from './mount-modal.js';
import { cookieLoginHeaders } from './return-to.js';
import { describeWebAuthnError, getAssertion, webAuthnAvailable } from './webauthn-json.js';

const UNSUPPORTED = 'This browser cannot use security keys here. Open Keyward over https (or http://localhost) in a current browser.';

export async function startFidoLogin(provider: FidoProviderItem, ctx: ExternalLoginContext): Promise<ExternalLoginResult> {
  if (!webAuthnAvailable()) return { kind: 'unavailable', message: UNSUPPORTED };
  const service = provider.identityServiceName;
  let requireAccount = (provider as FidoProviderItem & { iamFidoRequireAccount?: boolean }).iamFidoRequireAccount === true;
  try {
    const client = await ctx.api.call<{ iamFidoRequireAccount?: boolean }>('/iam/identity_fido_client', { identityServiceName: service }, { authenticated: false });
    requireAccount = client.iamFidoRequireAccount === true;
  } catch {
    // The login page's item carries the same flag.
  }
  let accountName: string | undefined;
  if (requireAccount) {
    const entered = await mountModal<string | null>((done) => createElement(AccountPromptDialog, { serviceName: service, onDone: done }));
    if (entered === null) return { kind: 'redirected' };
    accountName = entered;
  }
  return keyLogin(ctx.api, service, accountName, cookieLoginHeaders(ctx.returnTo), `Sign-in with ${service} failed.`);
}

export interface SecondFactorRequest {
  /** Name of the FIDO service from `secondFactoridentityService`. */
  secondFactorService: string;
  /** "TYPE:name" of the first factor from the login answer. */
  firstIdentityService: string;
  /** The Basic Authorization header value of the first request (kept in memory only for this call). */
  authorization: string;
}

export async function completeFidoSecondFactor(req: SecondFactorRequest, ctx: ExternalLoginContext): Promise<ExternalLoginResult> {
  if (!webAuthnAvailable()) return { kind: 'unavailable', message: UNSUPPORTED };
  return keyLogin(ctx.api, req.secondFactorService, accountOf(req.authorization), {
    ...cookieLoginHeaders(ctx.returnTo),
    Authorization: req.authorization,
    'X-1ST-IDENTITY-SERVICE': req.firstIdentityService,
  }, 'The security key was not accepted as second factor.');
}

export async function startFidoRegistration(provider: FidoProviderItem, ctx: ExternalLoginContext): Promise<ExternalLoginResult> {
  await mountModal<void>((done) => createElement(FidoRegistrationDialog, { api: ctx.api, serviceName: provider.identityServiceName, onClose: () => done() }));
  return { kind: 'redirected' };
}

async function keyLogin(api: ApiClient, service: string, accountName: string | undefined, headers: Record<string, string>, failure: string): Promise<ExternalLoginResult> {
  let start: { requestId: string; options: Record<string, unknown> };
  try {
    start = await api.call('/iam/fido/request_authentication', { identityServiceName: service, ...(accountName ? { accountName } : {}) }, { authenticated: false });
  } catch (err) {
    return { kind: 'unavailable', message: `${failure} ${isApiError(err) ? err.message : String(err)}` };
  }
  let credential: Record<string, unknown>;
  try {
    credential = await getAssertion(start.options);
  } catch (err) {
    return { kind: 'unavailable', message: describeWebAuthnError(err) };
  }
  const raw = await api.raw('/authentication/login', { requestId: start.requestId, credential }, {
    authenticated: false, headers: { ...headers, 'X-IDENTITY-SERVICE': service },
  });
  const outcome = interpretLoginAnswer(raw.status, raw.body, raw.headers);
  if (outcome.kind !== 'signed-in') {
    return { kind: 'unavailable', message: outcome.kind === 'failed' && raw.status !== 401 ? outcome.message : `${failure} Use a key registered and approved for your account.` };
  }
  const answer: LoginAnswer = { ...outcome.answer, accessToken: outcome.accessToken, sessionTimeout: outcome.sessionTimeoutMs };
  return { kind: 'signed-in', answer };
}

/** The account name from `Basic base64(utf8(account:password))`. */
function accountOf(authorization: string): string | undefined {
  try {
    const bin = atob(authorization.replace(/^Basic\s+/i, ''));
    const text = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    const i = text.indexOf(':');
    return i > 0 ? text.slice(0, i) : undefined;
  } catch {
    return undefined;
  }
}
