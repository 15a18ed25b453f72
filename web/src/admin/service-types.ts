// Facts about identity service types the forms need (spec §1.4, §3).
import type { IdentityServiceType } from '../api/types.js';

export const CREATABLE_TYPES: IdentityServiceType[] = ['JOC', 'LDAP', 'LDAP-JOC', 'KEYCLOAK', 'KEYCLOAK-JOC', 'OIDC', 'OIDC-JOC', 'FIDO', 'CERTIFICATE'];

/** Types whose accounts and passwords are stored by Keyward (password fields shown). */
export const storesPasswords = (t: string) => t === 'JOC';

/** Types that can serve as second factor of a TWO-FACTOR service. */
export const isSecondFactorType = (t: string) => t === 'FIDO' || t === 'CERTIFICATE';

/** OIDC services "cannot be set to be required" (spec §1.4). */
export const canBeRequired = (t: string) => t !== 'OIDC' && t !== 'OIDC-JOC';

/** Types that have a per-service settings form (JOC and CERTIFICATE have none). */
export const hasSettings = (t: string) => t !== 'JOC' && t !== 'CERTIFICATE' && t !== 'UNKNOWN';

/** Types whose accounts are kept in Keyward's database (enable/disable/force change apply). */
export const managesAccounts = (t: string) => t === 'JOC' || t.endsWith('-JOC') || t === 'FIDO' || t === 'CERTIFICATE';

export function describeType(t: string): string {
  switch (t) {
    case 'JOC':
      return 'Accounts and passwords stored in Keyward';
    case 'LDAP':
      return 'LDAP directory; roles from directory groups';
    case 'LDAP-JOC':
      return 'LDAP directory; roles assigned in Keyward';
    case 'KEYCLOAK':
      return 'Keycloak; roles from Keycloak';
    case 'KEYCLOAK-JOC':
      return 'Keycloak; roles assigned in Keyward';
    case 'OIDC':
      return 'OpenID Connect provider; roles from token claims';
    case 'OIDC-JOC':
      return 'OpenID Connect provider; roles assigned in Keyward';
    case 'FIDO':
      return 'Security keys and passkeys (FIDO2)';
    case 'CERTIFICATE':
      return 'Client certificates (mutual TLS)';
    default:
      return t;
  }
}
