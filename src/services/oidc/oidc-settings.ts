import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretBox } from '../../crypto/secret-box.js';
import { KeywardError } from '../../errors/index.js';
import { MASKED_SECRET } from '../../settings/global-settings.js';
import type { ServiceSettingsSpec } from '../identity-service-type.js';
import { readTruststore } from './read-truststore.js';

/**
 * Settings of an OIDC / OIDC-JOC service (spec §3.3, seed 004 "Identity Service Settings"), stored in the JS7 wire
 * shape `{oidc:{iamOidc...}}` with the secrets sealed. Keys and defaults:
 *
 * | key | default | meaning |
 * |---|---|---|
 * | `iamOidcName` | the service name | caption of the login button |
 * | `iamOidcAuthenticationUrl` | – (required) | the issuer; discovery at `<issuer>/.well-known/openid-configuration` |
 * | `iamOidcClientId` | – (required) | client id registered at the provider |
 * | `iamOidcClientSecret` | – | sealed at rest, never returned (`********` = unchanged, `""` = remove) |
 * | `iamOidcFlowType` | `AUTHENTICATION` | `AUTHENTICATION` (code + PKCE), `IMPLICIT` (treated as AUTHENTICATION: the implicit grant is not used, OAuth 2.0 Security BCP), `CLIENT-CREDENTIAL` (batch clients send `X-ID-TOKEN`) |
 * | `iamOidcUserAttribute` | `""` | account claim; empty: `preferred_username` if the provider lists it in `claims_supported`, else `email` (seed 004) |
 * | `iamOidcGroupClaims` | `[]` | claims holding group names (dotted paths allowed, e.g. `realm_access.roles`) |
 * | `iamOidcGroupScopes` | `[]` | extra scopes requested (besides `openid email profile`) |
 * | `iamOidcGroupRolesMap` | `{items:[]}` | OIDC type: group → Keyward roles of this service |
 * | `iamOidcTruststoreType` | `PEM` | `PEM` or `PKCS12` (JKS is refused: convert it) |
 * | `iamOidcTruststorePath` | – | absolute path of a PEM or PKCS12 file with the CA certificates to trust |
 * | `iamOidcTruststoreContent` | – | the same uploaded inline: PEM text, or base64 of a PKCS12 file |
 * | `iamOidcTruststorePassword` | – | PKCS12 password, sealed, never returned |
 * | `iamOidcClockSkew` | `30` | seconds of clock difference tolerated for `exp`/`nbf`/`iat` (0–300) |
 * | `iamOidcClientCredentialAudience` | the client id | CLIENT-CREDENTIAL: the `aud` the batch client's token must carry |
 * | `iamOidcAllowInsecureHttpIssuer` | `false` | INSECURE: allow an `http://` issuer (tests, loopback labs); logged at every use |
 * | `iamOidcImage` | – | set by `POST /iam/import` (content type and hash of the uploaded button image) |
 *
 * Example (Keycloak): `{"oidc":{"iamOidcName":"Keycloak","iamOidcAuthenticationUrl":"https://kc.example.com/realms/js7",
 * "iamOidcClientId":"keyward","iamOidcClientSecret":"…","iamOidcGroupClaims":["realm_access.roles"],
 * "iamOidcGroupRolesMap":{"items":[{"oidcGroup":"js7-admins","roles":["administrator"]}]}}}`
 */
export const FLOW_TYPES = ['AUTHENTICATION', 'IMPLICIT', 'CLIENT-CREDENTIAL'] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

export interface GroupRoleMapping {
  readonly oidcGroup: string;
  readonly roles: readonly string[];
}

export interface TruststoreSettings {
  readonly type: 'PEM' | 'PKCS12';
  readonly path?: string | undefined;
  readonly content?: string | undefined;
  readonly sealedPassword: string;
}

/** The settings as the module uses them (sealed secrets stay sealed until a request needs them). */
export interface OidcSettings {
  readonly caption: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly sealedClientSecret: string;
  readonly flowType: FlowType;
  readonly userAttribute: string;
  readonly groupClaims: readonly string[];
  readonly groupScopes: readonly string[];
  readonly groupRolesMap: readonly GroupRoleMapping[];
  readonly truststore: TruststoreSettings | undefined;
  readonly clockSkewSeconds: number;
  readonly clientCredentialAudience: string;
  readonly allowInsecureHttpIssuer: boolean;
  readonly image: { readonly contentType: string; readonly hash: string } | undefined;
}

const KNOWN_KEYS = new Set([
  'iamOidcName', 'iamOidcAuthenticationUrl', 'iamOidcClientId', 'iamOidcClientSecret', 'iamOidcFlowType',
  'iamOidcUserAttribute', 'iamOidcGroupClaims', 'iamOidcGroupScopes', 'iamOidcGroupRolesMap', 'iamOidcTruststoreType',
  'iamOidcTruststorePath', 'iamOidcTruststoreContent', 'iamOidcTruststorePassword', 'iamOidcClockSkew',
  'iamOidcClientCredentialAudience', 'iamOidcAllowInsecureHttpIssuer', 'iamOidcImage',
]);
/** spec §3: legacy general keys JS7 may still send at the top level; accepted and dropped. */
const LEGACY_TOP_LEVEL = new Set(['initialPassword', 'minPasswordLength', 'sessionTimeout']);
const CLAIM_NAME = /^[A-Za-z0-9_:/.\-$#@]{1,255}$/;

type Doc = Record<string, unknown>;

function invalid(message: string, field: string): KeywardError {
  return new KeywardError('KW_VALIDATION', message, { field: `oidc.${field}` });
}

function text(o: Doc, key: string, opts: { required?: boolean; max?: number } = {}): string {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.required === true) throw invalid(`${key} is required`, key);
    return '';
  }
  if (typeof v !== 'string') throw invalid(`${key} must be a string`, key);
  const t = v.trim();
  if (opts.required === true && t === '') throw invalid(`${key} is required`, key);
  if (t.length > (opts.max ?? 2000)) throw invalid(`${key} is too long`, key);
  return t;
}

function stringList(o: Doc, key: string): string[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? v.split(/[\s,]+/) : v;
  if (!Array.isArray(list)) throw invalid(`${key} must be a list of strings`, key);
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string') throw invalid(`${key} must be a list of strings`, key);
    const t = item.trim();
    if (t === '') continue;
    if (!CLAIM_NAME.test(t)) throw invalid(`${key}: "${t.slice(0, 50)}" is not a valid claim or scope name`, key);
    if (!out.includes(t)) out.push(t);
  }
  if (out.length > 50) throw invalid(`${key}: at most 50 entries`, key);
  return out;
}

/** A new secret is sealed; `********` or absent keeps the previous one; `""` removes it. */
function secret(o: Doc, key: string, previous: string, secrets: SecretBox): string {
  const v = o[key];
  if (v === undefined || v === null || v === MASKED_SECRET) return previous;
  if (typeof v !== 'string') throw invalid(`${key} must be a string`, key);
  if (v === '') return '';
  if (v.length > 4096) throw invalid(`${key} is too long`, key);
  return secrets.encrypt(v);
}

function parseIssuer(raw: string, allowHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('iamOidcAuthenticationUrl must be an absolute URL (the issuer)', 'iamOidcAuthenticationUrl');
  }
  if (url.search !== '' || url.hash !== '') throw invalid('iamOidcAuthenticationUrl must not carry a query or fragment', 'iamOidcAuthenticationUrl');
  if (url.username !== '' || url.password !== '') throw invalid('iamOidcAuthenticationUrl must not carry credentials', 'iamOidcAuthenticationUrl');
  if (url.protocol === 'http:' && !allowHttp) {
    throw invalid('iamOidcAuthenticationUrl must use https (set iamOidcAllowInsecureHttpIssuer only for tests and labs)', 'iamOidcAuthenticationUrl');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('iamOidcAuthenticationUrl must be an https URL', 'iamOidcAuthenticationUrl');
  // The issuer is kept as configured (OIDC Discovery §4.3 compares it exactly), minus a trailing slash on the path.
  return raw.length > 1 && raw.endsWith('/') && url.pathname !== '/' ? raw.slice(0, -1) : raw;
}

function parseRolesMap(o: Doc): GroupRoleMapping[] {
  const v = o.iamOidcGroupRolesMap;
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : typeof v === 'object' ? (v as Doc).items : undefined;
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw invalid('iamOidcGroupRolesMap.items must be a list', 'iamOidcGroupRolesMap');
  if (items.length > 1000) throw invalid('iamOidcGroupRolesMap: at most 1000 entries', 'iamOidcGroupRolesMap');
  return items.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) throw invalid(`iamOidcGroupRolesMap.items[${i}] must be an object`, 'iamOidcGroupRolesMap');
    const { oidcGroup, roles } = item as Doc;
    if (typeof oidcGroup !== 'string' || oidcGroup.trim() === '' || oidcGroup.length > 1000) {
      throw invalid(`iamOidcGroupRolesMap.items[${i}].oidcGroup must be a non-empty string`, 'iamOidcGroupRolesMap');
    }
    const roleList = typeof roles === 'string' ? [roles] : roles;
    if (!Array.isArray(roleList) || roleList.some((r) => typeof r !== 'string' || r.trim() === '' || r.length > 255)) {
      throw invalid(`iamOidcGroupRolesMap.items[${i}].roles must be a list of role names`, 'iamOidcGroupRolesMap');
    }
    return { oidcGroup: oidcGroup.trim(), roles: [...new Set((roleList as string[]).map((r) => r.trim()))] };
  });
}

function parseTruststore(o: Doc, previous: Doc, secrets: SecretBox): Doc {
  const typeRaw = text(o, 'iamOidcTruststoreType', { max: 20 }).toUpperCase();
  const pathText = text(o, 'iamOidcTruststorePath', { max: 4096 });
  const contentRaw = o.iamOidcTruststoreContent;
  if (contentRaw !== undefined && contentRaw !== null && typeof contentRaw !== 'string') throw invalid('iamOidcTruststoreContent must be a string', 'iamOidcTruststoreContent');
  const content = typeof contentRaw === 'string' ? contentRaw.trim() : '';
  const sealedPassword = secret(o, 'iamOidcTruststorePassword', typeof previous.iamOidcTruststorePassword === 'string' ? previous.iamOidcTruststorePassword : '', secrets);
  if (pathText === '' && content === '') return {};
  if (typeRaw === 'JKS') throw invalid('JKS truststores are not supported: convert to PKCS12 or PEM (keytool -importkeystore -deststoretype PKCS12)', 'iamOidcTruststoreType');
  const type = typeRaw === '' ? (content.startsWith('-----BEGIN') || /\.(pem|crt|cer)$/i.test(pathText) ? 'PEM' : 'PKCS12') : typeRaw;
  if (type !== 'PEM' && type !== 'PKCS12') throw invalid('iamOidcTruststoreType must be PEM or PKCS12', 'iamOidcTruststoreType');
  if (pathText !== '' && content !== '') throw invalid('give either iamOidcTruststorePath or iamOidcTruststoreContent, not both', 'iamOidcTruststorePath');
  if (pathText !== '') {
    if (!path.isAbsolute(pathText)) throw invalid('iamOidcTruststorePath must be an absolute path', 'iamOidcTruststorePath');
    if (!existsSync(pathText)) throw invalid(`iamOidcTruststorePath: ${pathText} does not exist`, 'iamOidcTruststorePath');
  }
  const store: TruststoreSettings = { type, path: pathText === '' ? undefined : pathText, content: content === '' ? undefined : content, sealedPassword };
  try {
    // Validated now, so a broken file is an error at save time and not at the first login.
    readTruststore(store, pathText === '' ? undefined : readFileSync(pathText), sealedPassword === '' ? '' : secrets.decrypt(sealedPassword));
  } catch (err) {
    throw invalid(`the truststore cannot be read: ${err instanceof Error ? err.message : String(err)}`, pathText === '' ? 'iamOidcTruststoreContent' : 'iamOidcTruststorePath');
  }
  return {
    iamOidcTruststoreType: type,
    ...(store.path === undefined ? {} : { iamOidcTruststorePath: store.path }),
    ...(store.content === undefined ? {} : { iamOidcTruststoreContent: store.content }),
    ...(sealedPassword === '' ? {} : { iamOidcTruststorePassword: sealedPassword }),
  };
}

/** Validates an incoming settings document and returns the stored form (secrets sealed). */
export function parseOidcSettingsDocument(input: unknown, previousStored: unknown, secrets: SecretBox, serviceName = ''): Doc {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new KeywardError('KW_VALIDATION', 'the settings must be an object {"oidc":{...}}');
  const top = input as Doc;
  const unknownTop = Object.keys(top).filter((k) => k !== 'oidc' && !LEGACY_TOP_LEVEL.has(k));
  if (unknownTop.length > 0) throw new KeywardError('KW_VALIDATION', `unknown setting "${unknownTop[0] ?? ''}" (OIDC settings live under "oidc")`, { field: unknownTop[0] ?? '' });
  const o = top.oidc;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new KeywardError('KW_VALIDATION', 'the settings must contain an object "oidc"', { field: 'oidc' });
  const doc = o as Doc;
  const unknown = Object.keys(doc).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0) throw invalid(`unknown setting "${unknown[0] ?? ''}"`, unknown[0] ?? '');
  const previous = storedDoc(previousStored);

  const allowHttp = doc.iamOidcAllowInsecureHttpIssuer === true;
  if (doc.iamOidcAllowInsecureHttpIssuer !== undefined && typeof doc.iamOidcAllowInsecureHttpIssuer !== 'boolean') {
    throw invalid('iamOidcAllowInsecureHttpIssuer must be true or false', 'iamOidcAllowInsecureHttpIssuer');
  }
  const issuer = parseIssuer(text(doc, 'iamOidcAuthenticationUrl', { required: true }), allowHttp);
  const clientId = text(doc, 'iamOidcClientId', { required: true, max: 1000 });
  const previousSecret = typeof previous.iamOidcClientSecret === 'string' ? previous.iamOidcClientSecret : '';
  const sealedSecret = secret(doc, 'iamOidcClientSecret', previousSecret, secrets);
  const flowRaw = text(doc, 'iamOidcFlowType', { max: 40 }).toUpperCase();
  const flowType = flowRaw === '' ? 'AUTHENTICATION' : flowRaw;
  if (!(FLOW_TYPES as readonly string[]).includes(flowType)) throw invalid(`iamOidcFlowType must be one of ${FLOW_TYPES.join(', ')}`, 'iamOidcFlowType');
  const userAttribute = text(doc, 'iamOidcUserAttribute', { max: 255 });
  if (userAttribute !== '' && !CLAIM_NAME.test(userAttribute)) throw invalid('iamOidcUserAttribute is not a valid claim name', 'iamOidcUserAttribute');
  const skewRaw = doc.iamOidcClockSkew;
  const skew = skewRaw === undefined || skewRaw === null || skewRaw === '' ? 30 : Number(skewRaw);
  if (!Number.isInteger(skew) || skew < 0 || skew > 300) throw invalid('iamOidcClockSkew must be a whole number of seconds between 0 and 300', 'iamOidcClockSkew');
  const audience = text(doc, 'iamOidcClientCredentialAudience', { max: 1000 });

  return {
    oidc: {
      iamOidcName: text(doc, 'iamOidcName', { max: 255 }) || serviceName,
      iamOidcAuthenticationUrl: issuer,
      iamOidcClientId: clientId,
      ...(sealedSecret === '' ? {} : { iamOidcClientSecret: sealedSecret }),
      iamOidcFlowType: flowType,
      iamOidcUserAttribute: userAttribute,
      iamOidcGroupClaims: stringList(doc, 'iamOidcGroupClaims'),
      iamOidcGroupScopes: stringList(doc, 'iamOidcGroupScopes'),
      iamOidcGroupRolesMap: { items: parseRolesMap(doc) },
      ...parseTruststore(doc, previous, secrets),
      iamOidcClockSkew: skew,
      ...(audience === '' ? {} : { iamOidcClientCredentialAudience: audience }),
      ...(allowHttp ? { iamOidcAllowInsecureHttpIssuer: true } : {}),
      // Server-managed (POST /iam/import): whatever the client sends is ignored.
      ...(previous.iamOidcImage === undefined ? {} : { iamOidcImage: previous.iamOidcImage }),
    },
  };
}

function storedDoc(stored: unknown): Doc {
  if (typeof stored !== 'object' || stored === null) return {};
  const o = (stored as Doc).oidc;
  return typeof o === 'object' && o !== null ? (o as Doc) : {};
}

/** The stored document with every secret replaced by `********` (spec §5.4 fixed: never returned in clear). */
export function redactOidcSettingsDocument(stored: unknown): unknown {
  const o = storedDoc(stored);
  const out: Doc = { ...o };
  for (const key of ['iamOidcClientSecret', 'iamOidcTruststorePassword']) {
    if (typeof out[key] === 'string' && out[key] !== '') out[key] = MASKED_SECRET;
  }
  return { oidc: out };
}

/** Typed view of a stored document; undefined when the service has no (usable) settings yet. */
export function readOidcSettings(stored: unknown): OidcSettings | undefined {
  const o = storedDoc(stored);
  const str = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
  const list = (k: string): string[] => (Array.isArray(o[k]) ? (o[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  if (str('iamOidcAuthenticationUrl') === '' || str('iamOidcClientId') === '') return undefined;
  const map = o.iamOidcGroupRolesMap as { items?: GroupRoleMapping[] } | undefined;
  const image = o.iamOidcImage as { contentType?: unknown; hash?: unknown } | undefined;
  const flow = str('iamOidcFlowType');
  return {
    caption: str('iamOidcName'),
    issuer: str('iamOidcAuthenticationUrl'),
    clientId: str('iamOidcClientId'),
    sealedClientSecret: str('iamOidcClientSecret'),
    flowType: (FLOW_TYPES as readonly string[]).includes(flow) ? (flow as FlowType) : 'AUTHENTICATION',
    userAttribute: str('iamOidcUserAttribute'),
    groupClaims: list('iamOidcGroupClaims'),
    groupScopes: list('iamOidcGroupScopes'),
    groupRolesMap: Array.isArray(map?.items) ? map.items : [],
    truststore: str('iamOidcTruststorePath') === '' && str('iamOidcTruststoreContent') === '' ? undefined : {
      type: str('iamOidcTruststoreType') === 'PKCS12' ? 'PKCS12' : 'PEM',
      path: str('iamOidcTruststorePath') || undefined,
      content: str('iamOidcTruststoreContent') || undefined,
      sealedPassword: str('iamOidcTruststorePassword'),
    },
    clockSkewSeconds: typeof o.iamOidcClockSkew === 'number' ? o.iamOidcClockSkew : 30,
    clientCredentialAudience: str('iamOidcClientCredentialAudience') || str('iamOidcClientId'),
    allowInsecureHttpIssuer: o.iamOidcAllowInsecureHttpIssuer === true,
    image: typeof image?.contentType === 'string' && typeof image.hash === 'string' ? { contentType: image.contentType, hash: image.hash } : undefined,
  };
}

/** Stores the image marker written by the icon upload into a stored document (other keys unchanged). */
export function withImageMarker(stored: unknown, image: { contentType: string; hash: string }): Doc {
  return { oidc: { ...storedDoc(stored), iamOidcImage: image } };
}

export const oidcSettingsSpec: ServiceSettingsSpec = {
  parse: (input, previous, secrets) => parseOidcSettingsDocument(input, previous, secrets),
  redact: redactOidcSettingsDocument,
};
