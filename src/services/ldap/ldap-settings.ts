import { FilterParser } from 'ldapts';
import type { SecretBox } from '../../crypto/secret-box.js';
import { KeywardError } from '../../errors/index.js';
import { MASKED_SECRET } from '../../settings/global-settings.js';
import type { ServiceSettingsSpec } from '../identity-service-type.js';
import { expertFromSimple } from './expert-from-simple.js';
import {
  LDAP_DEFAULTS, SECRET_FIELDS,
  type LdapExpertSettings, type LdapGroupRolesItem, type LdapProtocol, type LdapSettingsDocument, type LdapSimpleSettings, type TruststoreType,
} from './ldap-settings-types.js';
import { loadTrustStore } from './load-trust-store.js';
import { normalizeDn } from './normalize-dn.js';

/**
 * `settings.parse`/`settings.redact` of the LDAP types (spec §3.1, with the validations JS7 does at login done at
 * save time instead): unknown keys are refused, the simple form fills unset expert fields, defaults are written out,
 * secrets are sealed (`"********"` or an absent key keeps the stored value, `""` removes it), and the trust store
 * is opened once so a wrong path or password is reported when saving, not at the first login.
 */
export function ldapSettingsSpec(options: { groupsMapToRoles: boolean }): ServiceSettingsSpec {
  return {
    parse: (input, previous, secrets) => parseLdapSettings(input, previous, secrets, options),
    redact: redactLdapSettings,
  };
}

const SIMPLE_KEYS = ['iamLdapHost', 'iamLdapPort', 'iamLdapProtocol', 'iamLdapAD', 'iamLdapADwithSamAccount', 'iamLdapWithMemberOf'] as const;
const EXPERT_KEYS = [
  'iamLdapServerUrl', 'iamLdapUseStartTls', 'iamLdapHostNameVerification', 'iamLdapReadTimeout', 'iamLdapConnectTimeout',
  'iamLdapUserDnTemplate', 'iamLdapSystemUser', 'iamLdapSystemPassword', 'iamLdapSearchBase', 'iamLdapUserSearchFilter',
  'iamLdapUserNameAttribute', 'iamLdapGroupSearchBase', 'iamLdapGroupSearchFilter', 'iamLdapGroupNameAttribute',
  'iamLdapTruststorePath', 'iamLdapTruststorePassword', 'iamLdapTruststoreType', 'iamLdapGroupRolesMap',
  'iamLdapSysemUserDnTemplate', 'iamLdapSecurityProtocol',
] as const;

export function parseLdapSettings(input: unknown, previous: unknown, secrets: SecretBox, options: { groupsMapToRoles: boolean }): LdapSettingsDocument {
  const root = record(input, '');
  onlyKeys(root, ['ldap'], '');
  const ldap = record(root.ldap ?? {}, 'ldap');
  onlyKeys(ldap, ['simple', 'expert'], 'ldap');
  const simpleIn = record(ldap.simple ?? {}, 'ldap.simple');
  const expertIn = record(ldap.expert ?? {}, 'ldap.expert');
  onlyKeys(simpleIn, SIMPLE_KEYS, 'ldap.simple');
  onlyKeys(expertIn, EXPERT_KEYS, 'ldap.expert');

  const simple = parseSimple(simpleIn);
  const derived = expertFromSimple(simple);
  const f = (key: string): string => `ldap.expert.${key}`;
  const text = (key: (typeof EXPERT_KEYS)[number]): string | undefined => {
    const v = expertIn[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw invalid(`${key} must be a string`, f(key));
    if (v.length > 4000) throw invalid(`${key} is too long`, f(key));
    return v.trim() === '' ? undefined : v.trim();
  };

  const serverUrl = text('iamLdapServerUrl') ?? derived.iamLdapServerUrl;
  if (serverUrl === undefined) throw invalid('iamLdapServerUrl (or the simple form\'s host) is required', f('iamLdapServerUrl'));
  const url = checkServerUrl(serverUrl, f('iamLdapServerUrl'));
  const useStartTls = bool(expertIn.iamLdapUseStartTls, f('iamLdapUseStartTls')) ?? derived.iamLdapUseStartTls ?? LDAP_DEFAULTS.iamLdapUseStartTls;
  if (useStartTls && url.protocol === 'ldaps:') throw invalid('StartTLS is for ldap:// URLs; an ldaps:// connection is already encrypted', f('iamLdapUseStartTls'));

  const expert: LdapExpertSettings = {
    iamLdapServerUrl: serverUrl,
    iamLdapUseStartTls: useStartTls,
    iamLdapHostNameVerification: bool(expertIn.iamLdapHostNameVerification, f('iamLdapHostNameVerification')) ?? LDAP_DEFAULTS.iamLdapHostNameVerification,
    iamLdapReadTimeout: seconds(expertIn.iamLdapReadTimeout, f('iamLdapReadTimeout')) ?? LDAP_DEFAULTS.iamLdapReadTimeout,
    iamLdapConnectTimeout: seconds(expertIn.iamLdapConnectTimeout, f('iamLdapConnectTimeout')) ?? LDAP_DEFAULTS.iamLdapConnectTimeout,
    iamLdapUserDnTemplate: text('iamLdapUserDnTemplate') ?? derived.iamLdapUserDnTemplate ?? LDAP_DEFAULTS.iamLdapUserDnTemplate,
    iamLdapGroupNameAttribute: text('iamLdapGroupNameAttribute') ?? derived.iamLdapGroupNameAttribute ?? LDAP_DEFAULTS.iamLdapGroupNameAttribute,
    iamLdapGroupRolesMap: parseGroupRolesMap(expertIn.iamLdapGroupRolesMap, f('iamLdapGroupRolesMap')),
  };
  const optional = {
    iamLdapSystemUser: text('iamLdapSystemUser'),
    iamLdapSearchBase: text('iamLdapSearchBase'),
    iamLdapUserSearchFilter: text('iamLdapUserSearchFilter') ?? derived.iamLdapUserSearchFilter,
    iamLdapUserNameAttribute: text('iamLdapUserNameAttribute'),
    iamLdapGroupSearchBase: text('iamLdapGroupSearchBase'),
    iamLdapGroupSearchFilter: text('iamLdapGroupSearchFilter'),
    iamLdapTruststorePath: text('iamLdapTruststorePath'),
    iamLdapSysemUserDnTemplate: text('iamLdapSysemUserDnTemplate'),
    iamLdapSecurityProtocol: text('iamLdapSecurityProtocol'),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (expert as unknown as Record<string, unknown>)[k] = v;

  // Validations (spec §3.1 "config validation errors", checked when saving).
  if (!expert.iamLdapUserDnTemplate.includes('{0}')) throw invalid('iamLdapUserDnTemplate must contain {0} (the login name)', f('iamLdapUserDnTemplate'));
  if ((expert.iamLdapUserDnTemplate.match(/\{0\}/g) ?? []).length > 1) throw invalid('iamLdapUserDnTemplate may contain {0} only once', f('iamLdapUserDnTemplate'));
  for (const key of ['iamLdapSearchBase', 'iamLdapGroupSearchBase'] as const) {
    const v = expert[key];
    if (v !== undefined && normalizeDn(v) === undefined) throw invalid(`${key} is not a DN`, f(key));
  }
  for (const key of ['iamLdapUserSearchFilter', 'iamLdapGroupSearchFilter'] as const) {
    const v = expert[key];
    if (v !== undefined) checkFilterTemplate(v, f(key));
  }
  for (const key of ['iamLdapGroupNameAttribute', 'iamLdapUserNameAttribute'] as const) {
    const v = expert[key];
    if (v !== undefined && !/^[A-Za-z][A-Za-z0-9-]*$/.test(v)) throw invalid(`${key} must be an attribute name`, f(key));
  }
  if (expert.iamLdapGroupSearchFilter !== undefined && expert.iamLdapGroupSearchBase === undefined) {
    throw invalid('iamLdapGroupSearchFilter needs iamLdapGroupSearchBase', f('iamLdapGroupSearchBase'));
  }
  if (options.groupsMapToRoles && expert.iamLdapGroupSearchFilter === undefined && expert.iamLdapSearchBase === undefined) {
    throw invalid('an LDAP service reads the user\'s groups from the user entry: iamLdapSearchBase is required', f('iamLdapSearchBase'));
  }

  // Secrets: sealed at rest; "********" or an absent key keeps the stored value, "" removes it.
  const before = previousExpert(previous);
  const systemPassword = secretField(expertIn.iamLdapSystemPassword, before?.iamLdapSystemPassword, secrets, f('iamLdapSystemPassword'));
  if (expert.iamLdapSystemUser !== undefined) {
    if (systemPassword === undefined) throw invalid('iamLdapSystemPassword is required with iamLdapSystemUser (an empty password would be an anonymous bind)', f('iamLdapSystemPassword'));
    expert.iamLdapSystemPassword = systemPassword;
  }
  if (expert.iamLdapTruststorePath !== undefined) {
    const type = truststoreType(expertIn.iamLdapTruststoreType, expert.iamLdapTruststorePath, f('iamLdapTruststoreType'));
    expert.iamLdapTruststoreType = type;
    const password = secretField(expertIn.iamLdapTruststorePassword, before?.iamLdapTruststorePassword, secrets, f('iamLdapTruststorePassword'));
    if (password !== undefined && type === 'PKCS12') expert.iamLdapTruststorePassword = password;
    try {
      loadTrustStore(expert.iamLdapTruststorePath, type, password === undefined ? undefined : secrets.decrypt(password));
    } catch (err) {
      throw invalid(err instanceof Error ? err.message : String(err), f('iamLdapTruststorePath'));
    }
  } else if (expertIn.iamLdapTruststoreType !== undefined && expertIn.iamLdapTruststoreType !== '') {
    truststoreType(expertIn.iamLdapTruststoreType, '', f('iamLdapTruststoreType'));
  }
  return { ldap: { ...(Object.keys(simple).length === 0 ? {} : { simple }), expert } };
}

/** The document as the API shows it: every stored secret replaced by `"********"`. */
export function redactLdapSettings(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null) return stored;
  const doc = stored as { ldap?: { expert?: Record<string, unknown> } };
  if (doc.ldap?.expert === undefined) return stored;
  const expert = { ...doc.ldap.expert };
  for (const key of SECRET_FIELDS) if (typeof expert[key] === 'string' && expert[key] !== '') expert[key] = MASKED_SECRET;
  return { ...doc, ldap: { ...doc.ldap, expert } };
}

function parseSimple(s: Record<string, unknown>): LdapSimpleSettings {
  const out: LdapSimpleSettings = {};
  const field = (k: string): string => `ldap.simple.${k}`;
  if (typeof s.iamLdapHost === 'string' && s.iamLdapHost.trim() !== '') {
    const host = s.iamLdapHost.trim();
    if (!/^[A-Za-z0-9.\-:[\]_]+$/.test(host)) throw invalid('iamLdapHost must be a host name or address', field('iamLdapHost'));
    out.iamLdapHost = host;
  } else if (s.iamLdapHost !== undefined && s.iamLdapHost !== null && s.iamLdapHost !== '') throw invalid('iamLdapHost must be a string', field('iamLdapHost'));
  const port = s.iamLdapPort === '' || s.iamLdapPort === null ? undefined : s.iamLdapPort;
  if (port !== undefined) {
    const n = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) throw invalid('iamLdapPort must be a port number', field('iamLdapPort'));
    out.iamLdapPort = n;
  }
  if (s.iamLdapProtocol !== undefined && s.iamLdapProtocol !== null && s.iamLdapProtocol !== '') {
    if (s.iamLdapProtocol !== 'PLAIN' && s.iamLdapProtocol !== 'STARTTLS' && s.iamLdapProtocol !== 'SSL') throw invalid('iamLdapProtocol must be PLAIN, STARTTLS or SSL', field('iamLdapProtocol'));
    out.iamLdapProtocol = s.iamLdapProtocol as LdapProtocol;
  }
  for (const k of ['iamLdapAD', 'iamLdapADwithSamAccount', 'iamLdapWithMemberOf'] as const) {
    const v = bool(s[k], field(k));
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function parseGroupRolesMap(v: unknown, field: string): LdapExpertSettings['iamLdapGroupRolesMap'] {
  if (v === undefined || v === null || v === '') return { iamLdapDisableNestedGroupSearch: false, items: [] };
  const m = record(v, field);
  onlyKeys(m, ['iamLdapDisableNestedGroupSearch', 'items'], field);
  const itemsIn = m.items ?? [];
  if (!Array.isArray(itemsIn)) throw invalid('items must be a list', `${field}.items`);
  if (itemsIn.length > 1000) throw invalid('at most 1000 group mappings', `${field}.items`);
  const items = itemsIn.map((raw, i): LdapGroupRolesItem => {
    const at = `${field}.items.${i}`;
    const item = record(raw, at);
    onlyKeys(item, ['ldapGroupDn', 'roles'], at);
    if (typeof item.ldapGroupDn !== 'string' || normalizeDn(item.ldapGroupDn) === undefined || normalizeDn(item.ldapGroupDn) === '') {
      throw invalid('ldapGroupDn must be the group\'s full DN, e.g. cn=admins,ou=groups,dc=example,dc=org (groups are compared by DN, never by name)', `${at}.ldapGroupDn`);
    }
    const roles = item.roles ?? [];
    if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string' || r === '' || r.length > 255 || /[<>]/.test(r))) {
      throw invalid('roles must be a list of role names', `${at}.roles`);
    }
    return { ldapGroupDn: item.ldapGroupDn.trim(), roles: [...new Set(roles as string[])] };
  });
  return { iamLdapDisableNestedGroupSearch: bool(m.iamLdapDisableNestedGroupSearch, `${field}.iamLdapDisableNestedGroupSearch`) ?? false, items };
}

function checkServerUrl(text: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('iamLdapServerUrl must be a URL such as ldaps://ldap.example.com:636', field);
  }
  if (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:') throw invalid('iamLdapServerUrl must start with ldap:// or ldaps://', field);
  if (url.hostname === '') throw invalid('iamLdapServerUrl must name a host', field);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.username !== '' || url.password !== '') {
    throw invalid('iamLdapServerUrl must be only scheme, host and port (put the search base into iamLdapSearchBase)', field);
  }
  return url;
}

function checkFilterTemplate(template: string, field: string): void {
  const sample = template.replaceAll('%s', 'x').replaceAll('^s', 'x').replaceAll('{dn}', 'cn=x');
  try {
    if (!sample.startsWith('(')) throw new Error('not parenthesised');
    FilterParser.parseString(sample);
  } catch {
    throw invalid(`not a valid LDAP filter (RFC 4515), e.g. (uid=%s): ${template}`, field);
  }
}

function truststoreType(v: unknown, file: string, field: string): TruststoreType {
  if (v === undefined || v === null || v === '') return /\.(p12|pfx)$/i.test(file) ? 'PKCS12' : 'PEM';
  if (v === 'PEM' || v === 'PKCS12') return v;
  if (v === 'JKS') throw invalid('JKS trust stores cannot be read outside Java: convert with keytool -importkeystore -deststoretype PKCS12', field);
  throw invalid('iamLdapTruststoreType must be PEM or PKCS12', field);
}

function secretField(v: unknown, stored: unknown, secrets: SecretBox, field: string): string | undefined {
  const kept = typeof stored === 'string' && stored !== '' && secrets.isSealed(stored) ? stored : undefined;
  if (v === undefined || v === null || v === MASKED_SECRET) return kept;
  if (typeof v !== 'string') throw invalid('must be a string', field);
  if (v === '') return undefined;
  return secrets.encrypt(v);
}

function previousExpert(previous: unknown): Partial<LdapExpertSettings> | undefined {
  if (typeof previous !== 'object' || previous === null) return undefined;
  const expert = (previous as { ldap?: { expert?: unknown } }).ldap?.expert;
  return typeof expert === 'object' && expert !== null ? (expert as Partial<LdapExpertSettings>) : undefined;
}

function bool(v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalid('must be true or false', field);
}

function seconds(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > 300) throw invalid('must be a number of seconds between 0 and 300', field);
  return n;
}

function record(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`${field || 'the settings'} must be an object`, field || undefined);
  return v as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], field: string): void {
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw invalid(`unknown setting "${unknown.join('", "')}"`, field === '' ? unknown[0] : `${field}.${unknown[0] ?? ''}`);
}

function invalid(message: string, field?: string): KeywardError {
  return new KeywardError('KW_VALIDATION', message, field === undefined ? undefined : { field });
}
