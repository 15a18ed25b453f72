import { invalid } from '../../errors/index.js';
import type { ServiceSettingsSpec } from '../identity-service-type.js';

/**
 * Settings of a FIDO identity service (spec §3.5, stored as `{"fido": {...}}` like JS7's `Properties`), plus what
 * Keyward adds: the relying party ID and the allowed origins (so a cluster behind one name shares registrations,
 * which JS7 cannot), the algorithm allow-list and whether approval needs a confirmed e-mail address.
 *
 * Defaults (applied by `parse`, so a stored document is always complete):
 * - `iamFidoProtocolType` FIDO2; `iamFidoUserVerification` REQUIRED; `iamFidoResidentKey` REQUIRED;
 *   `iamFidoTimeout` 60 s; `iamFidoAttachment` "" (any authenticator); `iamFidoTransports` []; `iamFidoRequireAccount`
 *   false (usernameless login with passkeys works);
 * - `iamFidoRpId` "" and `iamFidoOrigins` [] mean "the host / origin of KEYWARD_PUBLIC_URL";
 * - `iamFidoAlgorithms` [-7 ES256, -8 EdDSA, -257 RS256]; `iamFidoRequireConfirmedEmail` true (spec §5.5 fixed).
 *
 * Example: `{"fido":{"iamFidoUserVerification":"REQUIRED","iamFidoRpId":"iam.example.com",
 *   "iamFidoOrigins":["https://iam.example.com","https://iam-2.iam.example.com"]}}`
 */
export type Requirement = 'DISCOURAGED' | 'PREFERRED' | 'REQUIRED';
export type FidoTransport = 'BLE' | 'HYBRID' | 'INTERNAL' | 'NFC' | 'USB';
export type MailPriority = 'HIGHEST' | 'HIGH' | 'NORMAL' | 'LOW' | 'LOWEST';

export interface FidoEmailSettings {
  readonly subjectRegistration: string;
  readonly bodyRegistration: string;
  readonly ccRegistration: string;
  readonly bccRegistration: string;
  readonly subjectAccess: string;
  readonly bodyAccess: string;
  readonly ccAccess: string;
  readonly bccAccess: string;
  readonly subjectConfirmed: string;
  readonly bodyConfirmed: string;
  readonly ccConfirmed: string;
  readonly bccConfirmed: string;
  /** Administrator address told when a user confirmed the e-mail address. */
  readonly receiptConfirmed: string;
  readonly sendMailToConfirm: boolean;
  readonly sendMailToNotifySuccessfulRegistration: boolean;
  readonly sendMailToNotifyConfirmationReceived: boolean;
  readonly contentType: 'text/html' | 'text/plain';
  /** Kept for JS7 compatibility; Keyward always sends UTF-8. */
  readonly charset: string;
  readonly encoding: string;
  readonly priority: MailPriority;
  /** JS7 reads SMTP settings from a job resource; Keyward uses its global mail settings. Kept, unused. */
  readonly nameOfJobResource: string;
}

export interface FidoSettings {
  readonly iamFidoProtocolType: 'FIDO2' | 'PASSKEY';
  readonly iamFidoUserVerification: Requirement;
  readonly iamFidoTimeout: number;
  readonly iamFidoResidentKey: Requirement;
  readonly iamFidoAttachment: '' | 'PLATFORM' | 'ROAMING';
  readonly iamFidoTransports: readonly FidoTransport[];
  readonly iamFidoRequireAccount: boolean;
  readonly iamFidoRpId: string;
  readonly iamFidoRpName: string;
  readonly iamFidoOrigins: readonly string[];
  readonly iamFidoAlgorithms: readonly number[];
  readonly iamFidoRequireConfirmedEmail: boolean;
  readonly iamFidoEmailSettings: FidoEmailSettings;
}

/** COSE algorithm identifiers SimpleWebAuthn verifies (RFC 9053, RFC 8812). */
export const COSE_ALGORITHMS: Readonly<Record<number, string>> = {
  [-7]: 'ES256', [-35]: 'ES384', [-36]: 'ES512', [-8]: 'EdDSA', [-257]: 'RS256', [-258]: 'RS384', [-259]: 'RS512',
  [-37]: 'PS256', [-38]: 'PS384', [-39]: 'PS512',
};

const REQUIREMENTS: readonly Requirement[] = ['DISCOURAGED', 'PREFERRED', 'REQUIRED'];
const TRANSPORTS: readonly FidoTransport[] = ['BLE', 'HYBRID', 'INTERNAL', 'NFC', 'USB'];
const PRIORITIES: readonly MailPriority[] = ['HIGHEST', 'HIGH', 'NORMAL', 'LOW', 'LOWEST'];

export const DEFAULT_EMAIL_SETTINGS: FidoEmailSettings = Object.freeze({
  subjectRegistration: 'Keyward: confirm your e-mail address for ${FIDO_IDENTITY_SERVICE}',
  bodyRegistration:
    '<p>Hello,</p>'
    + '<p>a security key was registered for the account <b>${ACCOUNT_NAME}</b> with the identity service '
    + '${FIDO_IDENTITY_SERVICE}, giving the e-mail address ${REGISTRATION_EMAIL_ADDRESS}.</p>'
    + '<p>To confirm that this address is yours, open this link:<br><a href="${REGISTRATION_VERIFY_LINK}">${REGISTRATION_VERIFY_LINK}</a></p>'
    + '<p>The link must start with ${BASE_URL}. If it does not, or if you did not register, do not follow it and '
    + 'tell your administrator.</p>'
    + '<p>An administrator approves the registration after that; you will get another mail.</p>',
  ccRegistration: '',
  bccRegistration: '',
  subjectAccess: 'Keyward: your registration with ${FIDO_IDENTITY_SERVICE} is completed',
  bodyAccess:
    '<p>Hello,</p>'
    + '<p>your security key for the account <b>${ACCOUNT_NAME}</b> was approved. You can sign in with it at '
    + '<a href="${JOC_HREF}">${JOC_HREF}</a> ("Continue with ${FIDO_IDENTITY_SERVICE}").</p>'
    + '<p>The link must start with ${BASE_URL}. If it does not, tell your administrator.</p>',
  ccAccess: '',
  bccAccess: '',
  subjectConfirmed: 'Keyward: ${ACCOUNT_NAME} confirmed the e-mail address for ${FIDO_IDENTITY_SERVICE}',
  bodyConfirmed:
    '<p>The registration of <b>${ACCOUNT_NAME}</b> (${REGISTRATION_EMAIL_ADDRESS}) with ${FIDO_IDENTITY_SERVICE} '
    + 'has a confirmed e-mail address now and waits for approval at <a href="${JOC_HREF}">${JOC_HREF}</a>.</p>',
  ccConfirmed: '',
  bccConfirmed: '',
  receiptConfirmed: '',
  sendMailToConfirm: true,
  sendMailToNotifySuccessfulRegistration: true,
  sendMailToNotifyConfirmationReceived: false,
  contentType: 'text/html',
  charset: 'UTF-8',
  encoding: '8bit',
  priority: 'NORMAL',
  nameOfJobResource: '',
});

export const DEFAULT_FIDO_SETTINGS: FidoSettings = Object.freeze({
  iamFidoProtocolType: 'FIDO2',
  iamFidoUserVerification: 'REQUIRED',
  iamFidoTimeout: 60,
  iamFidoResidentKey: 'REQUIRED',
  iamFidoAttachment: '',
  iamFidoTransports: [],
  iamFidoRequireAccount: false,
  iamFidoRpId: '',
  iamFidoRpName: 'Keyward',
  iamFidoOrigins: [],
  iamFidoAlgorithms: [-7, -8, -257],
  iamFidoRequireConfirmedEmail: true,
  iamFidoEmailSettings: DEFAULT_EMAIL_SETTINGS,
});

/** Validates a settings document from the API (unknown keys are errors) and applies the defaults. */
export function parseFidoSettings(input: unknown): FidoSettings {
  const root = asObject(input ?? {}, 'configurationItem');
  rejectUnknown(root, ['fido'], '');
  const f = asObject(root.fido ?? {}, 'fido');
  rejectUnknown(f, Object.keys(DEFAULT_FIDO_SETTINGS), 'fido.');
  const d = DEFAULT_FIDO_SETTINGS;
  const rpId = str(f.iamFidoRpId, d.iamFidoRpId, 'iamFidoRpId', 253).toLowerCase();
  if (rpId !== '') checkRpId(rpId);
  const origins = list(f.iamFidoOrigins, d.iamFidoOrigins, 'iamFidoOrigins').map((o) => normaliseOrigin(o));
  if (rpId !== '') for (const o of origins) checkOriginMatchesRpId(o, rpId);
  if (rpId === '' && origins.length > 0) throw invalid('iamFidoOrigins needs iamFidoRpId: give the relying party ID the origins share', 'iamFidoRpId');
  const algorithms = f.iamFidoAlgorithms === undefined ? [...d.iamFidoAlgorithms] : numList(f.iamFidoAlgorithms, 'iamFidoAlgorithms');
  const unknownAlg = algorithms.find((a) => COSE_ALGORITHMS[a] === undefined);
  if (unknownAlg !== undefined) throw invalid(`iamFidoAlgorithms: unsupported COSE algorithm ${unknownAlg} (supported: ${Object.entries(COSE_ALGORITHMS).map(([k, v]) => `${k} ${v}`).join(', ')})`, 'iamFidoAlgorithms');
  if (algorithms.length === 0) throw invalid('iamFidoAlgorithms must name at least one algorithm', 'iamFidoAlgorithms');
  const timeout = f.iamFidoTimeout === undefined ? d.iamFidoTimeout : Number(f.iamFidoTimeout);
  if (!Number.isInteger(timeout) || timeout < 10 || timeout > 600) throw invalid('iamFidoTimeout must be whole seconds between 10 and 600', 'iamFidoTimeout');
  const email = parseEmailSettings(f.iamFidoEmailSettings);
  const requireConfirmedEmail = bool(f.iamFidoRequireConfirmedEmail, d.iamFidoRequireConfirmedEmail, 'iamFidoRequireConfirmedEmail');
  if (requireConfirmedEmail && !email.sendMailToConfirm) {
    throw invalid('Approval requires a confirmed e-mail address (iamFidoRequireConfirmedEmail), so the confirmation mail (sendMailToConfirm) cannot be switched off', 'sendMailToConfirm');
  }
  return {
    iamFidoProtocolType: oneOf(f.iamFidoProtocolType, d.iamFidoProtocolType, ['FIDO2', 'PASSKEY'] as const, 'iamFidoProtocolType'),
    iamFidoUserVerification: oneOf(f.iamFidoUserVerification, d.iamFidoUserVerification, REQUIREMENTS, 'iamFidoUserVerification'),
    iamFidoTimeout: timeout,
    iamFidoResidentKey: oneOf(f.iamFidoResidentKey, d.iamFidoResidentKey, REQUIREMENTS, 'iamFidoResidentKey'),
    iamFidoAttachment: oneOf(f.iamFidoAttachment ?? '', d.iamFidoAttachment, ['', 'PLATFORM', 'ROAMING'] as const, 'iamFidoAttachment'),
    iamFidoTransports: [...new Set(list(f.iamFidoTransports, d.iamFidoTransports, 'iamFidoTransports').map((t) => oneOf(t, 'USB', TRANSPORTS, 'iamFidoTransports')))],
    iamFidoRequireAccount: bool(f.iamFidoRequireAccount, d.iamFidoRequireAccount, 'iamFidoRequireAccount'),
    iamFidoRpId: rpId,
    iamFidoRpName: str(f.iamFidoRpName, d.iamFidoRpName, 'iamFidoRpName', 100) || d.iamFidoRpName,
    iamFidoOrigins: [...new Set(origins)],
    iamFidoAlgorithms: [...new Set(algorithms)],
    iamFidoRequireConfirmedEmail: requireConfirmedEmail,
    iamFidoEmailSettings: email,
  };
}

function parseEmailSettings(input: unknown): FidoEmailSettings {
  const e = asObject(input ?? {}, 'iamFidoEmailSettings');
  const d = DEFAULT_EMAIL_SETTINGS;
  rejectUnknown(e, Object.keys(d), 'iamFidoEmailSettings.');
  const addresses = (v: unknown, def: string, field: string): string => {
    const s = str(v, def, field, 2000);
    for (const a of splitAddresses(s)) if (!/^[^<>\s@,;]+@[^<>\s@,;]+$/.test(a)) throw invalid(`${field}: "${a}" is not an e-mail address`, field);
    return s;
  };
  return {
    subjectRegistration: str(e.subjectRegistration, d.subjectRegistration, 'subjectRegistration', 500) || d.subjectRegistration,
    bodyRegistration: str(e.bodyRegistration, d.bodyRegistration, 'bodyRegistration', 100_000) || d.bodyRegistration,
    ccRegistration: addresses(e.ccRegistration, d.ccRegistration, 'ccRegistration'),
    bccRegistration: addresses(e.bccRegistration, d.bccRegistration, 'bccRegistration'),
    subjectAccess: str(e.subjectAccess, d.subjectAccess, 'subjectAccess', 500) || d.subjectAccess,
    bodyAccess: str(e.bodyAccess, d.bodyAccess, 'bodyAccess', 100_000) || d.bodyAccess,
    ccAccess: addresses(e.ccAccess, d.ccAccess, 'ccAccess'),
    bccAccess: addresses(e.bccAccess, d.bccAccess, 'bccAccess'),
    subjectConfirmed: str(e.subjectConfirmed, d.subjectConfirmed, 'subjectConfirmed', 500) || d.subjectConfirmed,
    bodyConfirmed: str(e.bodyConfirmed, d.bodyConfirmed, 'bodyConfirmed', 100_000) || d.bodyConfirmed,
    ccConfirmed: addresses(e.ccConfirmed, d.ccConfirmed, 'ccConfirmed'),
    bccConfirmed: addresses(e.bccConfirmed, d.bccConfirmed, 'bccConfirmed'),
    receiptConfirmed: addresses(e.receiptConfirmed, d.receiptConfirmed, 'receiptConfirmed'),
    sendMailToConfirm: bool(e.sendMailToConfirm, d.sendMailToConfirm, 'sendMailToConfirm'),
    sendMailToNotifySuccessfulRegistration: bool(e.sendMailToNotifySuccessfulRegistration, d.sendMailToNotifySuccessfulRegistration, 'sendMailToNotifySuccessfulRegistration'),
    sendMailToNotifyConfirmationReceived: bool(e.sendMailToNotifyConfirmationReceived, d.sendMailToNotifyConfirmationReceived, 'sendMailToNotifyConfirmationReceived'),
    contentType: oneOf(e.contentType, d.contentType, ['text/html', 'text/plain'] as const, 'contentType'),
    charset: str(e.charset, d.charset, 'charset', 50) || d.charset,
    encoding: str(e.encoding, d.encoding, 'encoding', 50) || d.encoding,
    priority: oneOf(typeof e.priority === 'string' ? e.priority.toUpperCase() : e.priority, d.priority, PRIORITIES, 'priority'),
    nameOfJobResource: str(e.nameOfJobResource, d.nameOfJobResource, 'nameOfJobResource', 255),
  };
}

/** "a@x, b@y; c@z" → addresses. */
export function splitAddresses(s: string): string[] {
  return s.split(/[,;]/).map((a) => a.trim()).filter((a) => a !== '');
}

/** The stored document may predate a default (older Keyward): parse again, which fills it in. */
export function storedFidoSettings(stored: unknown): FidoSettings {
  try {
    return parseFidoSettings(stored ?? {});
  } catch {
    return DEFAULT_FIDO_SETTINGS;
  }
}

export const fidoSettingsSpec = {
  parse: (input) => ({ fido: parseFidoSettings(input) }),
  // No secrets in FIDO settings; the document is returned with its defaults so forms show them.
  redact: (stored) => ({ fido: storedFidoSettings(stored) }),
} satisfies ServiceSettingsSpec;

/** WebAuthn forbids IP addresses as RP ID; it is a host name, lower case, no port or scheme. */
function checkRpId(rpId: string): void {
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(rpId) || /^[\d.]+$/.test(rpId)) {
    throw invalid(`iamFidoRpId "${rpId}" must be a domain name (no scheme, port or IP address), e.g. iam.example.com`, 'iamFidoRpId');
  }
}

/** An origin is scheme://host[:port]; https only, except http://localhost (a secure context for browsers). */
export function normaliseOrigin(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw invalid(`iamFidoOrigins: "${text}" is not a URL`, 'iamFidoOrigins');
  }
  const localhost = u.hostname === 'localhost' || u.hostname.endsWith('.localhost');
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && localhost)) {
    throw invalid(`iamFidoOrigins: "${text}" must use https (http only for localhost)`, 'iamFidoOrigins');
  }
  if ((u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '' || u.username !== '') {
    throw invalid(`iamFidoOrigins: "${text}" must be an origin (scheme, host and port only)`, 'iamFidoOrigins');
  }
  return u.origin;
}

/** WebAuthn: the RP ID must equal the origin's host or be a registrable suffix of it. */
export function originMatchesRpId(origin: string, rpId: string): boolean {
  const host = new URL(origin).hostname;
  return host === rpId || host.endsWith(`.${rpId}`);
}

function checkOriginMatchesRpId(origin: string, rpId: string): void {
  if (!originMatchesRpId(origin, rpId)) throw invalid(`iamFidoOrigins: the host of "${origin}" is not ${rpId} or a subdomain of it`, 'iamFidoOrigins');
}

function asObject(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`${field} must be an object`, field);
  return v as Record<string, unknown>;
}

function rejectUnknown(o: Record<string, unknown>, known: readonly string[], prefix: string): void {
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw invalid(`unknown setting "${prefix}${unknown[0] ?? ''}"`, unknown[0]);
}

function str(v: unknown, def: string, field: string, max: number): string {
  if (v === undefined || v === null) return def;
  if (typeof v !== 'string') throw invalid(`${field} must be a string`, field);
  if (v.length > max) throw invalid(`${field} is too long (at most ${max} characters)`, field);
  return v.trim();
}

function bool(v: unknown, def: boolean, field: string): boolean {
  if (v === undefined || v === null) return def;
  if (typeof v !== 'boolean') throw invalid(`${field} must be true or false`, field);
  return v;
}

function oneOf<T extends string>(v: unknown, def: T, values: readonly T[], field: string): T {
  if (v === undefined || v === null) return def;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw invalid(`${field} must be one of ${values.map((x) => (x === '' ? '""' : x)).join(', ')}`, field);
  return v as T;
}

function list(v: unknown, def: readonly string[], field: string): string[] {
  if (v === undefined || v === null) return [...def];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string') || v.length > 50) throw invalid(`${field} must be a list of strings`, field);
  return (v as string[]).map((x) => x.trim()).filter((x) => x !== '');
}

function numList(v: unknown, field: string): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x)) || v.length > 20) throw invalid(`${field} must be a list of COSE algorithm numbers`, field);
  return v as number[];
}
