/** Domain records returned by the repositories (rows converted: booleans, no SQL types). */
export const SERVICE_TYPES = [
  'JOC', 'LDAP', 'LDAP-JOC', 'OIDC', 'OIDC-JOC', 'CERTIFICATE', 'FIDO', 'KEYCLOAK', 'KEYCLOAK-JOC',
  'VAULT', 'VAULT-JOC', 'VAULT-JOC-ACTIVE',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const AUTHENTICATION_SCHEMES = ['SINGLE-FACTOR', 'TWO-FACTOR'] as const;
export type AuthenticationScheme = (typeof AUTHENTICATION_SCHEMES)[number];

export interface IdentityService {
  readonly id: number;
  readonly name: string;
  /** `UNKNOWN` for a retired type found in the database (e.g. SHIRO): listed, never used for logins. */
  readonly type: ServiceType | 'UNKNOWN';
  readonly scheme: AuthenticationScheme;
  readonly secondFactorServiceId: number | null;
  /** The service is usable only as a second factor (spec §0 SECOND_FACTOR). */
  readonly secondFactor: boolean;
  readonly ordering: number;
  readonly disabled: boolean;
  readonly required: boolean;
}

export interface Account {
  readonly id: number;
  readonly serviceId: number;
  readonly name: string;
  readonly passwordHash: string | null;
  readonly email: string | null;
  readonly forcePasswordChange: boolean;
  readonly disabled: boolean;
}

export interface Role {
  readonly id: number;
  readonly serviceId: number;
  readonly name: string;
  readonly ordering: number;
}

export interface BlockedAccount {
  readonly accountName: string;
  readonly comment: string | null;
  readonly since: number;
}
