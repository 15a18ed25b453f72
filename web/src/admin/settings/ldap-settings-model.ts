// Form model of the LDAP settings (spec §3.1): reads the stored `{ldap:{simple, expert}}` item into flat form values
// and writes them back. Pure (no DOM, no React), unit-tested in test/unit/web/ldap-settings-model.test.ts.
//
// Simple view: the server derives the URL, StartTLS, bind template, user filter and group attribute from the simple
// fields (as JS7's "fewer options" form does), so those expert keys are left out when saving from it. Expert view:
// every expert key is sent as shown. Secrets are write-only: an empty field sends "********" (= keep the stored one).

export const MASK = '********';

export type LdapView = 'simple' | 'expert';
export type LdapProtocol = 'PLAIN' | 'STARTTLS' | 'SSL';

export interface GroupRow { groupDn: string; roles: string }

export interface LdapValues {
  // simple
  host: string;
  port: string;
  protocol: LdapProtocol;
  activeDirectory: boolean;
  samAccount: boolean;
  memberOf: boolean;
  // expert
  serverUrl: string;
  startTls: boolean;
  hostNameVerification: boolean;
  connectTimeout: string;
  readTimeout: string;
  userDnTemplate: string;
  systemUser: string;
  systemPassword: string;
  hasSystemPassword: boolean;
  searchBase: string;
  userSearchFilter: string;
  userNameAttribute: string;
  groupSearchBase: string;
  groupSearchFilter: string;
  groupNameAttribute: string;
  truststorePath: string;
  truststoreType: 'PEM' | 'PKCS12';
  truststorePassword: string;
  hasTruststorePassword: boolean;
  disableNestedGroups: boolean;
  groups: GroupRow[];
}

/** Request property → visible label; also where server refusals (`field`) are shown. */
export const LDAP_FIELDS = {
  iamLdapHost: 'Host',
  iamLdapPort: 'Port',
  iamLdapProtocol: 'Protocol',
  iamLdapServerUrl: 'Server URL',
  iamLdapUseStartTls: 'Use StartTLS',
  iamLdapHostNameVerification: 'Verify the host name',
  iamLdapConnectTimeout: 'Connect timeout (seconds)',
  iamLdapReadTimeout: 'Read timeout (seconds)',
  iamLdapUserDnTemplate: 'User DN template',
  iamLdapSystemUser: 'System user',
  iamLdapSystemPassword: 'System user password',
  iamLdapSearchBase: 'User search base',
  iamLdapUserSearchFilter: 'User search filter',
  iamLdapUserNameAttribute: 'User name attribute',
  iamLdapGroupSearchBase: 'Group search base',
  iamLdapGroupSearchFilter: 'Group search filter',
  iamLdapGroupNameAttribute: 'Group attribute of the user',
  iamLdapTruststorePath: 'Trust store file',
  iamLdapTruststoreType: 'Trust store type',
  iamLdapTruststorePassword: 'Trust store password',
  iamLdapGroupRolesMap: 'Groups → roles',
  ldapGroupDn: 'Group DN',
  roles: 'Roles',
} as const;

export type LdapField = keyof typeof LDAP_FIELDS;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function readLdapValues(item: Record<string, unknown>): LdapValues {
  const ldap = rec(item.ldap);
  const s = rec(ldap.simple);
  const e = rec(ldap.expert);
  const map = rec(e.iamLdapGroupRolesMap);
  const items = Array.isArray(map.items) ? map.items.map(rec) : [];
  const protocol = s.iamLdapProtocol === 'STARTTLS' || s.iamLdapProtocol === 'SSL' ? s.iamLdapProtocol : e.iamLdapUseStartTls === true ? 'STARTTLS' : str(e.iamLdapServerUrl).startsWith('ldaps:') ? 'SSL' : 'PLAIN';
  let host = str(s.iamLdapHost);
  let port = str(s.iamLdapPort);
  if (host === '' && str(e.iamLdapServerUrl) !== '') {
    try {
      const url = new URL(str(e.iamLdapServerUrl));
      host = url.hostname.replace(/^\[|\]$/g, '');
      port = url.port;
    } catch { /* shown as is in the expert view */ }
  }
  return {
    host,
    port,
    protocol,
    activeDirectory: s.iamLdapAD === true,
    samAccount: s.iamLdapADwithSamAccount === true,
    memberOf: s.iamLdapWithMemberOf === true || (Object.keys(s).length === 0 && str(e.iamLdapGroupNameAttribute || 'memberOf') === 'memberOf'),
    serverUrl: str(e.iamLdapServerUrl),
    startTls: e.iamLdapUseStartTls === true,
    hostNameVerification: e.iamLdapHostNameVerification !== false,
    connectTimeout: str(e.iamLdapConnectTimeout) || '5',
    readTimeout: str(e.iamLdapReadTimeout) || '10',
    userDnTemplate: str(e.iamLdapUserDnTemplate) || '{0}',
    systemUser: str(e.iamLdapSystemUser),
    systemPassword: '',
    hasSystemPassword: e.iamLdapSystemPassword === MASK,
    searchBase: str(e.iamLdapSearchBase),
    userSearchFilter: str(e.iamLdapUserSearchFilter),
    userNameAttribute: str(e.iamLdapUserNameAttribute),
    groupSearchBase: str(e.iamLdapGroupSearchBase),
    groupSearchFilter: str(e.iamLdapGroupSearchFilter),
    groupNameAttribute: str(e.iamLdapGroupNameAttribute) || 'memberOf',
    truststorePath: str(e.iamLdapTruststorePath),
    truststoreType: e.iamLdapTruststoreType === 'PKCS12' ? 'PKCS12' : 'PEM',
    truststorePassword: '',
    hasTruststorePassword: e.iamLdapTruststorePassword === MASK,
    disableNestedGroups: map.iamLdapDisableNestedGroupSearch === true,
    groups: items.map((i) => ({ groupDn: str(i.ldapGroupDn), roles: Array.isArray(i.roles) ? i.roles.map(str).join(', ') : '' })),
  };
}

/** The view a stored item opens in: simple when it was saved from the simple form, else expert. */
export function initialView(item: Record<string, unknown>): LdapView {
  const s = rec(rec(item.ldap).simple);
  return str(s.iamLdapHost) !== '' || Object.keys(rec(item.ldap)).length === 0 ? 'simple' : 'expert';
}

const splitRoles = (text: string): string[] => text.split(/[\s,]+/).map((r) => r.trim()).filter(Boolean);
const secret = (typed: string, stored: boolean): string => (typed !== '' ? typed : stored ? MASK : '');

export function writeLdapItem(v: LdapValues, view: LdapView): Record<string, unknown> {
  const simple: Record<string, unknown> = {
    iamLdapHost: v.host.trim(),
    ...(v.port.trim() === '' ? {} : { iamLdapPort: Number(v.port) }),
    iamLdapProtocol: v.protocol,
    iamLdapAD: v.activeDirectory,
    ...(v.activeDirectory ? { iamLdapADwithSamAccount: v.samAccount } : {}),
    iamLdapWithMemberOf: v.memberOf,
  };
  const common: Record<string, unknown> = {
    iamLdapHostNameVerification: v.hostNameVerification,
    iamLdapConnectTimeout: Number(v.connectTimeout),
    iamLdapReadTimeout: Number(v.readTimeout),
    ...(v.systemUser.trim() === '' ? {} : { iamLdapSystemUser: v.systemUser.trim(), iamLdapSystemPassword: secret(v.systemPassword, v.hasSystemPassword) }),
    ...(v.searchBase.trim() === '' ? {} : { iamLdapSearchBase: v.searchBase.trim() }),
    ...(v.groupSearchBase.trim() === '' ? {} : { iamLdapGroupSearchBase: v.groupSearchBase.trim() }),
    ...(v.userNameAttribute.trim() === '' ? {} : { iamLdapUserNameAttribute: v.userNameAttribute.trim() }),
    ...(v.truststorePath.trim() === '' ? {} : {
      iamLdapTruststorePath: v.truststorePath.trim(),
      iamLdapTruststoreType: v.truststoreType,
      ...(v.truststoreType === 'PKCS12' ? { iamLdapTruststorePassword: secret(v.truststorePassword, v.hasTruststorePassword) } : {}),
    }),
    iamLdapGroupRolesMap: {
      iamLdapDisableNestedGroupSearch: v.disableNestedGroups,
      items: v.groups.filter((g) => g.groupDn.trim() !== '').map((g) => ({ ldapGroupDn: g.groupDn.trim(), roles: splitRoles(g.roles) })),
    },
  };
  if (view === 'simple') {
    // URL, StartTLS, template, user filter and group attribute come from the simple fields (server side).
    const samTemplate = v.activeDirectory && v.samAccount ? {} : v.userDnTemplate.trim() !== '{0}' && v.userDnTemplate.trim() !== '' ? { iamLdapUserDnTemplate: v.userDnTemplate.trim() } : {};
    return { ldap: { simple, expert: { ...common, ...samTemplate, ...(v.memberOf ? {} : { iamLdapGroupNameAttribute: v.groupNameAttribute.trim() || 'memberOf' }) } } };
  }
  return {
    ldap: {
      simple,
      expert: {
        iamLdapServerUrl: v.serverUrl.trim(),
        iamLdapUseStartTls: v.serverUrl.trim().startsWith('ldaps:') ? false : v.startTls,
        iamLdapUserDnTemplate: v.userDnTemplate.trim() || '{0}',
        ...(v.userSearchFilter.trim() === '' ? {} : { iamLdapUserSearchFilter: v.userSearchFilter.trim() }),
        ...(v.groupSearchFilter.trim() === '' ? {} : { iamLdapGroupSearchFilter: v.groupSearchFilter.trim() }),
        iamLdapGroupNameAttribute: v.groupNameAttribute.trim() || 'memberOf',
        ...common,
      },
    },
  };
}

/** The server URL the simple fields stand for (shown as a preview in the simple view). */
export function urlFromSimple(v: Pick<LdapValues, 'host' | 'port' | 'protocol'>): string {
  if (v.host.trim() === '') return '';
  const host = v.host.includes(':') && !v.host.startsWith('[') ? `[${v.host.trim()}]` : v.host.trim();
  return `${v.protocol === 'SSL' ? 'ldaps' : 'ldap'}://${host}:${v.port.trim() || (v.protocol === 'SSL' ? '636' : '389')}`;
}

export function validateLdapValues(v: LdapValues, view: LdapView): Partial<Record<LdapField, string>> {
  const errors: Partial<Record<LdapField, string>> = {};
  if (view === 'simple') {
    if (v.host.trim() === '') errors.iamLdapHost = 'Enter the directory server\'s host name.';
    if (v.port.trim() !== '' && (!/^\d{1,5}$/.test(v.port.trim()) || Number(v.port) < 1 || Number(v.port) > 65535)) errors.iamLdapPort = 'A port number from 1 to 65535.';
  } else if (!/^ldaps?:\/\/[^/\s]+$/.test(v.serverUrl.trim().replace(/\/$/, ''))) {
    errors.iamLdapServerUrl = 'Enter ldap://host:port or ldaps://host:port.';
  }
  for (const [key, field] of [['connectTimeout', 'iamLdapConnectTimeout'], ['readTimeout', 'iamLdapReadTimeout']] as const) {
    const n = Number(v[key]);
    if (!/^\d+(\.\d+)?$/.test(v[key].trim()) || n <= 0 || n > 300) errors[field] = 'A number of seconds from 1 to 300.';
  }
  if (v.systemUser.trim() !== '' && v.systemPassword === '' && !v.hasSystemPassword) errors.iamLdapSystemPassword = 'Enter the system user\'s password.';
  if (v.truststorePath.trim() !== '' && v.truststoreType === 'PKCS12' && v.truststorePassword === '' && !v.hasTruststorePassword) {
    errors.iamLdapTruststorePassword = 'Enter the trust store password.';
  }
  const badGroup = v.groups.find((g) => g.groupDn.trim() !== '' && !/^\s*[A-Za-z0-9.-]+\s*=.*[,;]\s*[A-Za-z0-9.-]+\s*=/.test(g.groupDn));
  if (badGroup) errors.iamLdapGroupRolesMap = `"${badGroup.groupDn}" is not a DN: enter the group's full DN, e.g. cn=admins,ou=groups,dc=example,dc=org.`;
  return errors;
}
