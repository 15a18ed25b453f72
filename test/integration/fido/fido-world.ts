import assert from 'node:assert/strict';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { call, login, rootSession, type ApiResponse } from '../../support/api-client.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { linkIn, type SmtpFixture } from '../../support/smtp-fixture.js';
import type { CeremonyOverrides, SoftAuthenticator } from '../../support/soft-authenticator.js';

/**
 * A real Keyward on http://localhost:<port> (WebAuthn refuses IP addresses) with a FIDO service "FIDO", a role
 * "fido-user" in it, an adjustable clock (tests move time instead of sleeping) and the steps of the FIDO flow as
 * small functions, so every test reads as the flow it checks.
 */
export const SERVICE = 'FIDO';
export const ROLE = 'fido-user';

export interface FidoWorld {
  readonly kw: TestKeyward;
  readonly url: string;
  /** The page origin a browser on this server would send. */
  readonly origin: string;
  readonly root: string;
  advanceClock(ms: number): void;
  stop(): Promise<void>;
}

export async function startFidoWorld(opts: { smtpUrl?: string; settings?: Record<string, unknown>; serviceBody?: Record<string, unknown>; env?: Record<string, string> } = {}): Promise<FidoWorld> {
  let offset = 0;
  const kw = await startKeyward({
    host: 'localhost', now: () => Date.now() + offset,
    env: { KEYWARD_MAIL_FROM: 'Keyward <keyward@example.org>', ...(opts.smtpUrl === undefined ? {} : { KEYWARD_SMTP_URL: opts.smtpUrl }), ...opts.env },
  });
  const root = await rootSession(kw.url);
  await ok(call(kw.url, '/joc/api/iam/identityservice/store', { token: root, body: { identityServiceName: SERVICE, identityServiceType: 'FIDO', serviceAuthenticationScheme: 'SINGLE-FACTOR', ...opts.serviceBody } }));
  if (opts.settings !== undefined) await saveSettings(kw.url, root, opts.settings);
  await ok(call(kw.url, '/joc/api/iam/role/store', { token: root, body: { identityServiceName: SERVICE, roleName: ROLE } }));
  await ok(call(kw.url, '/joc/api/iam/permissions/store', { token: root, body: { identityServiceName: SERVICE, roleName: ROLE, permissions: [{ permissionPath: 'sos:products:controller:view' }] } }));
  return { kw, url: kw.url, origin: kw.url, root, advanceClock: (ms) => { offset += ms; }, stop: () => kw.stop() };
}

export async function saveSettings(url: string, token: string, fido: Record<string, unknown>, service = SERVICE): Promise<ApiResponse> {
  return call(url, '/joc/api/configuration/save', { token, body: { configurationType: 'IAM', objectType: 'FIDO', name: service, configurationItem: JSON.stringify({ fido }) } });
}

export async function ok<T extends ApiResponse>(p: Promise<T>, status = 200): Promise<T> {
  const r = await p;
  assert.equal(r.status, status, `HTTP ${r.status}: ${JSON.stringify(r.body)}`);
  return r;
}

/** request_registration_start → navigator.credentials.create (soft) → request_registration. */
export async function register(w: FidoWorld, auth: SoftAuthenticator, accountName: string, email: string, bend: CeremonyOverrides & { algorithm?: -7 | -8 | -257 | -35 } = {}): Promise<ApiResponse> {
  const { options } = await startRegistration(w, accountName, email);
  return finishRegistration(w, accountName, email, auth.createCredential(options, bend));
}

export async function startRegistration(w: FidoWorld, accountName: string, email: string): Promise<{ options: PublicKeyCredentialCreationOptionsJSON }> {
  const start = await ok(call(w.url, '/joc/api/iam/fidoregistration/request_registration_start', { body: { identityServiceName: SERVICE, accountName, email } }));
  return { options: start.body.options as PublicKeyCredentialCreationOptionsJSON };
}

export async function finishRegistration(w: FidoWorld, accountName: string, email: string, credential: unknown): Promise<ApiResponse> {
  return call(w.url, '/joc/api/iam/fidoregistration/request_registration', { body: { identityServiceName: SERVICE, accountName, email, credential } });
}

/** Follows the confirmation link of the mail to `email` the way the console does: POST the token to confirm. */
export async function confirmFromMail(w: FidoWorld, smtp: SmtpFixture, email: string): Promise<ApiResponse> {
  const mail = await smtp.waitForMail((m) => m.to.includes(email) && /confirm/i.test(m.subject));
  const link = new URL(linkIn(mail, '/email_verify'));
  assert.equal(link.origin, w.origin, 'the link points at the server the user registered with');
  return call(w.url, '/joc/api/iam/fidoregistration/confirm', { body: { token: link.searchParams.get('token') } });
}

export async function approve(w: FidoWorld, names: string[], token = w.root): Promise<ApiResponse> {
  return call(w.url, '/joc/api/iam/fidoregistration/approve', { token, body: { identityServiceName: SERVICE, accounts: names.map((accountName) => ({ accountName })) } });
}

/** The client side of a login: an assertion for fresh options, and the login call, separately (for replays). */
export async function assertion(w: FidoWorld, auth: SoftAuthenticator, o: { accountName?: string; bend?: CeremonyOverrides & { credentialId?: string; counter?: number } } = {}): Promise<{ requestId: string; credential: unknown }> {
  const { requestId, options } = await requestAuthentication(w, o.accountName);
  return { requestId, credential: auth.getAssertion(options, o.bend ?? {}) };
}

export async function loginWith(w: FidoWorld, body: { requestId: string; credential: unknown }, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return call(w.url, '/joc/api/authentication/login', { headers: { 'x-identity-service': SERVICE, ...headers }, body });
}

export async function assignRole(w: FidoWorld, accountName: string, service = SERVICE): Promise<void> {
  await ok(call(w.url, '/joc/api/iam/account/store', { token: w.root, body: { identityServiceName: service, accountName, roles: [ROLE] } }));
}

/** The whole onboarding a login test starts from: register → confirm via the mailed link → approve → role. */
export async function onboard(w: FidoWorld, smtp: SmtpFixture, auth: SoftAuthenticator, accountName: string, email: string): Promise<void> {
  await ok(register(w, auth, accountName, email));
  await ok(confirmFromMail(w, smtp, email));
  await ok(approve(w, [accountName]));
  await assignRole(w, accountName);
}

export async function requestAuthentication(w: FidoWorld, accountName?: string, service = SERVICE): Promise<{ requestId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const r = await ok(call(w.url, '/joc/api/iam/fido/request_authentication', { body: { identityServiceName: service, ...(accountName === undefined ? {} : { accountName }) } }));
  return r.body as unknown as { requestId: string; options: PublicKeyCredentialRequestOptionsJSON };
}

/** request_authentication → navigator.credentials.get (soft) → POST authentication/login with X-IDENTITY-SERVICE. */
export async function loginWithKey(w: FidoWorld, auth: SoftAuthenticator, o: { accountName?: string; bend?: CeremonyOverrides & { credentialId?: string; counter?: number }; service?: string } = {}): Promise<ApiResponse> {
  const service = o.service ?? SERVICE;
  const { requestId, options } = await requestAuthentication(w, o.accountName, service);
  const credential = auth.getAssertion(options, o.bend ?? {});
  return call(w.url, '/joc/api/authentication/login', { headers: { 'x-identity-service': service }, body: { requestId, credential } });
}

/** The reasons the services gave for the newest failed login (the client only hears "Access denied"). */
export async function lastFailureReasons(w: FidoWorld): Promise<string> {
  const r = await ok(call(w.url, '/joc/api/audit_log/login_history', { token: w.root, body: { success: false, limit: 1 } }));
  const items = r.body.loginHistoryItems as { details: { loginHistoryItems: { message: string; code?: string }[] } }[];
  return (items[0]?.details.loginHistoryItems ?? []).map((d) => `${d.code ?? ''} ${d.message}`).join(' | ');
}

export { call, login };
