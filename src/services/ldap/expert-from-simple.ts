import type { LdapExpertSettings, LdapSimpleSettings } from './ldap-settings-types.js';

/**
 * The "simple" form's mapping onto expert fields, as JS7's GUI does it (spec §3.1):
 * - URL := (`SSL` ? `ldaps://` : `ldap://`) + host + ":" + port (default 389, 636 for SSL);
 * - `iamLdapUseStartTls` := protocol is `STARTTLS`;
 * - sAMAccountName ⇒ `iamLdapUserDnTemplate` = `{0}` (bind with the `user@DOMAIN` name);
 * - memberOf ⇒ `iamLdapGroupNameAttribute` = `memberOf`; with memberOf, non-AD ⇒ user filter `(uid=%s)`, AD ⇒ none
 *   (the default `(sAMAccountName=%s)` applies).
 * Returns only the fields the simple form decides; explicit expert values win over them (see parse).
 */
export function expertFromSimple(simple: LdapSimpleSettings): Partial<LdapExpertSettings> {
  const out: Partial<LdapExpertSettings> = {};
  const ssl = simple.iamLdapProtocol === 'SSL';
  if (simple.iamLdapHost !== undefined && simple.iamLdapHost !== '') {
    const port = simple.iamLdapPort ?? (ssl ? 636 : 389);
    const host = simple.iamLdapHost.includes(':') && !simple.iamLdapHost.startsWith('[') ? `[${simple.iamLdapHost}]` : simple.iamLdapHost;
    out.iamLdapServerUrl = `${ssl ? 'ldaps' : 'ldap'}://${host}:${port}`;
  }
  if (simple.iamLdapProtocol !== undefined) out.iamLdapUseStartTls = simple.iamLdapProtocol === 'STARTTLS';
  if (simple.iamLdapADwithSamAccount === true) out.iamLdapUserDnTemplate = '{0}';
  if (simple.iamLdapWithMemberOf === true) {
    out.iamLdapGroupNameAttribute = 'memberOf';
    if (simple.iamLdapAD !== true) out.iamLdapUserSearchFilter = '(uid=%s)';
  }
  return out;
}
