import { createHash } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { LdapExpertSettings, LdapSettingsDocument } from './ldap-settings-types.js';
import { loadTrustStore } from './load-trust-store.js';
import { normalizeDn } from './normalize-dn.js';

/**
 * What one login needs from a stored settings document: secrets opened, trust store loaded, defaults applied,
 * the group→roles map keyed by normalised DN. Throws `LdapConfigError` (→ SERVICE_MISCONFIGURED) when the
 * document is missing or unusable.
 */
export interface LdapConfig {
  readonly url: string;
  readonly host: string;
  /** `ldaps://`: TLS from the first byte. */
  readonly secure: boolean;
  /** StartTLS on `ldap://` before anything else. */
  readonly startTls: boolean;
  /** TLS options for ldaps:// and StartTLS (CA bundle, hostname check, TLS ≥ 1.2). */
  readonly tls: tls.ConnectionOptions;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly userDnTemplate: string;
  readonly system: { readonly dn: string; readonly password: string } | undefined;
  readonly searchBase: string | undefined;
  readonly userFilter: string;
  readonly userNameAttribute: string | undefined;
  /**
   * The attribute whose value becomes the account name: `iamLdapUserNameAttribute`, or outside Active Directory the
   * attribute a plain `(attr=%s)` filter or a `attr={0},…` template names. Directories match names without regard to
   * case, so taking the entry's own spelling keeps one account name per entry (`ALICE` logs in as `alice`), which
   * the name-based blocklist and LDAP-JOC's account lookup rely on. On AD the JS7 `user@DOMAIN` name is kept.
   */
  readonly accountNameAttribute: string | undefined;
  readonly groupSearchBase: string | undefined;
  readonly groupSearchFilter: string | undefined;
  readonly groupNameAttribute: string;
  readonly activeDirectory: boolean;
  readonly nestedGroups: boolean;
  readonly groupRoles: ReadonlyMap<string, { readonly dn: string; readonly roles: readonly string[] }>;
  /** Identity of the system-user connection: a pooled connection is reused only while this is unchanged. */
  readonly fingerprint: string;
}

export class LdapConfigError extends Error {
  override readonly name = 'LdapConfigError';
}

export function resolveLdapConfig(stored: unknown, secrets: SecretBox): LdapConfig {
  const doc = stored as Partial<LdapSettingsDocument> | undefined;
  const expert = doc?.ldap?.expert as LdapExpertSettings | undefined;
  if (expert === undefined || typeof expert.iamLdapServerUrl !== 'string') {
    throw new LdapConfigError('no LDAP settings are stored for this identity service');
  }
  const url = new URL(expert.iamLdapServerUrl);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const open = (sealed: string | undefined, what: string): string | undefined => {
    if (sealed === undefined || sealed === '') return undefined;
    try {
      return secrets.decrypt(sealed);
    } catch {
      throw new LdapConfigError(`${what} cannot be decrypted (was the secret key file replaced?)`);
    }
  };
  let ca: string | undefined;
  if (expert.iamLdapTruststorePath !== undefined) {
    try {
      ca = loadTrustStore(expert.iamLdapTruststorePath, expert.iamLdapTruststoreType ?? 'PEM', open(expert.iamLdapTruststorePassword, 'iamLdapTruststorePassword'));
    } catch (err) {
      throw new LdapConfigError(err instanceof Error ? err.message : String(err));
    }
  }
  const verifyHost = expert.iamLdapHostNameVerification !== false;
  const tlsOptions: tls.ConnectionOptions = {
    host,
    ...(net.isIP(host) === 0 ? { servername: host } : {}),
    ...(ca === undefined ? {} : { ca }),
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
    // The chain is always verified; only the name check can be switched off (for servers reached by an alias).
    checkServerIdentity: verifyHost ? tls.checkServerIdentity : () => undefined,
  };
  const systemPassword = open(expert.iamLdapSystemPassword, 'iamLdapSystemPassword');
  const system = expert.iamLdapSystemUser !== undefined && systemPassword !== undefined ? { dn: expert.iamLdapSystemUser, password: systemPassword } : undefined;
  const activeDirectory = (doc?.ldap?.simple?.iamLdapAD ?? false) === true;
  const userFilter = expert.iamLdapUserSearchFilter
    ?? (expert.iamLdapUserNameAttribute !== undefined ? `(${expert.iamLdapUserNameAttribute}=%s)` : activeDirectory ? '(sAMAccountName=%s)' : '(uid=%s)');
  const groupRoles = new Map<string, { dn: string; roles: string[] }>();
  for (const item of expert.iamLdapGroupRolesMap?.items ?? []) {
    const key = normalizeDn(item.ldapGroupDn);
    if (key === undefined) continue;
    const existing = groupRoles.get(key);
    groupRoles.set(key, { dn: item.ldapGroupDn, roles: [...new Set([...(existing?.roles ?? []), ...item.roles])] });
  }
  const connectTimeoutMs = Math.round((expert.iamLdapConnectTimeout ?? 5) * 1000);
  const readTimeoutMs = Math.round((expert.iamLdapReadTimeout ?? 10) * 1000);
  const startTls = url.protocol === 'ldap:' && expert.iamLdapUseStartTls === true;
  const fingerprint = createHash('sha256').update(JSON.stringify([
    expert.iamLdapServerUrl, startTls, verifyHost, ca ?? '', connectTimeoutMs, readTimeoutMs, system?.dn ?? '', system?.password ?? '',
  ])).digest('hex');
  const userDnTemplate = expert.iamLdapUserDnTemplate ?? '{0}';
  const accountNameAttribute = expert.iamLdapUserNameAttribute ?? (activeDirectory ? undefined
    : userDnTemplate !== '{0}' ? /^\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*\{0\}\s*,/.exec(userDnTemplate)?.[1]
      : /^\(\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*(%s|\^s)\s*\)$/.exec(userFilter)?.[1]);
  return {
    url: `${url.protocol}//${url.host}`,
    host,
    secure: url.protocol === 'ldaps:',
    startTls,
    tls: tlsOptions,
    connectTimeoutMs,
    readTimeoutMs,
    userDnTemplate,
    system,
    searchBase: expert.iamLdapSearchBase,
    userFilter,
    userNameAttribute: expert.iamLdapUserNameAttribute,
    accountNameAttribute,
    groupSearchBase: expert.iamLdapGroupSearchBase,
    groupSearchFilter: expert.iamLdapGroupSearchFilter,
    groupNameAttribute: expert.iamLdapGroupNameAttribute ?? 'memberOf',
    activeDirectory,
    nestedGroups: expert.iamLdapGroupRolesMap?.iamLdapDisableNestedGroupSearch !== true,
    groupRoles,
    fingerprint,
  };
}
