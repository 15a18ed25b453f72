/**
 * The LDAP settings document (spec §3.1), as stored in the IAM configuration row of an LDAP or LDAP-JOC service:
 * `{ldap: {simple: {...}, expert: {...}}}`. The server reads `expert`; `simple` is the "fewer options" form that
 * fills expert fields in (`expertFromSimple`). Secrets (`iamLdapSystemPassword`, `iamLdapTruststorePassword`) are
 * stored sealed by the SecretBox and never returned (`redactLdapSettings`).
 */
export type LdapProtocol = 'PLAIN' | 'STARTTLS' | 'SSL';
export type TruststoreType = 'PEM' | 'PKCS12';

export interface LdapSimpleSettings {
  iamLdapHost?: string;
  iamLdapPort?: number;
  iamLdapProtocol?: LdapProtocol;
  /** The directory is Active Directory: `DOMAIN\user` names, `(sAMAccountName=%s)`, matching-rule-in-chain. */
  iamLdapAD?: boolean;
  iamLdapADwithSamAccount?: boolean;
  iamLdapWithMemberOf?: boolean;
}

export interface LdapGroupRolesItem {
  /** A full group DN; compared with the user's groups as normalised DNs. */
  ldapGroupDn: string;
  roles: string[];
}

export interface LdapGroupRolesMap {
  iamLdapDisableNestedGroupSearch: boolean;
  items: LdapGroupRolesItem[];
}

export interface LdapExpertSettings {
  /** `ldap://host:port` or `ldaps://host:port`. */
  iamLdapServerUrl: string;
  /** Negotiate StartTLS on `ldap://` before anything else is sent (spec §5.6 item 6 fixed). */
  iamLdapUseStartTls: boolean;
  /** Check the certificate names the host (default true; JS7's default false is a defect). */
  iamLdapHostNameVerification: boolean;
  /** Seconds to wait for each answer of the server (default 10). */
  iamLdapReadTimeout: number;
  /** Seconds to wait for the TCP connection and the TLS handshake (default 5). */
  iamLdapConnectTimeout: number;
  /** Bind DN of a user; `{0}` is the login name (RFC 4514-escaped unless the template is just `{0}`). */
  iamLdapUserDnTemplate: string;
  iamLdapSystemUser?: string;
  /** Sealed (`enc:v1:...`). */
  iamLdapSystemPassword?: string;
  iamLdapSearchBase?: string;
  /** `%s` = user name, `^s` = full login name (both RFC 4515-escaped). */
  iamLdapUserSearchFilter?: string;
  /** Attribute of the user entry whose value becomes the account name. */
  iamLdapUserNameAttribute?: string;
  iamLdapGroupSearchBase?: string;
  /** Search for the user's groups; `%s`, `^s` and `{dn}` (the user's DN) are RFC 4515-escaped. */
  iamLdapGroupSearchFilter?: string;
  /** Attribute of the user entry listing group DNs (default `memberOf`). */
  iamLdapGroupNameAttribute: string;
  iamLdapTruststorePath?: string;
  /** Sealed. */
  iamLdapTruststorePassword?: string;
  iamLdapTruststoreType?: TruststoreType;
  iamLdapGroupRolesMap: LdapGroupRolesMap;
  /** Kept for JS7 compatibility; not used. */
  iamLdapSysemUserDnTemplate?: string;
  /** Kept for JS7 compatibility; not used. */
  iamLdapSecurityProtocol?: string;
}

export interface LdapSettingsDocument {
  ldap: { simple?: LdapSimpleSettings; expert: LdapExpertSettings };
}

export const LDAP_DEFAULTS = {
  iamLdapUserDnTemplate: '{0}',
  iamLdapGroupNameAttribute: 'memberOf',
  iamLdapReadTimeout: 10,
  iamLdapConnectTimeout: 5,
  iamLdapHostNameVerification: true,
  iamLdapUseStartTls: false,
} as const;

export const SECRET_FIELDS = ['iamLdapSystemPassword', 'iamLdapTruststorePassword'] as const;
