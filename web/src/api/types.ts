// Wire shapes of the REST calls the console uses (spec §1). Only fields the UI reads or writes are listed.

export type IdentityServiceType =
  | 'JOC'
  | 'LDAP'
  | 'LDAP-JOC'
  | 'KEYCLOAK'
  | 'KEYCLOAK-JOC'
  | 'OIDC'
  | 'OIDC-JOC'
  | 'FIDO'
  | 'CERTIFICATE'
  | 'VAULT'
  | 'VAULT-JOC'
  | 'VAULT-JOC-ACTIVE'
  | 'UNKNOWN';

export type AuthenticationScheme = 'SINGLE-FACTOR' | 'TWO-FACTOR';

/** spec §1.1 SOSAuthCurrentAccountAnswer */
export interface LoginAnswer {
  account?: string;
  accessToken?: string;
  isAuthenticated?: boolean;
  forcePasswordChange?: boolean;
  role?: string;
  sessionTimeout?: number;
  enableTouch?: boolean;
  identityService?: string;
  secondFactoridentityService?: string;
  message?: string;
}

/** spec §1.3 */
export interface OidcProviderItem {
  identityServiceName: string;
  iamOidcName?: string;
  iamOidcAuthenticationUrl?: string;
  iamIconUrl?: string;
}

export interface FidoProviderItem {
  identityServiceName: string;
}

export interface IdentityProviders {
  oidcServiceItems?: OidcProviderItem[];
  fidoServiceItems?: FidoProviderItem[];
  fido2ndFactorServiceItems?: FidoProviderItem[];
  needAccountPassword?: boolean;
  needLoginButton?: boolean;
}

/** spec §1.4 */
export interface IdentityService {
  identityServiceType: IdentityServiceType;
  identityServiceName: string;
  serviceAuthenticationScheme: AuthenticationScheme;
  ordering?: number;
  disabled?: boolean;
  secondFactor?: boolean;
  secondFactorIdentityServiceName?: string;
  required?: boolean;
}

export interface IdentityServicesAnswer {
  identityServiceItems: IdentityService[];
  identityServiceTypes?: IdentityServiceType[];
}

/** spec §1.6 */
export interface Account {
  identityServiceName?: string;
  accountName: string;
  email?: string;
  password?: string;
  forcePasswordChange?: boolean;
  disabled?: boolean;
  blocked?: boolean;
  roles?: string[];
}

/** `/iam/accounts` answer; `totalCount` is a Keyward extension answered when `limit`/`offset`/`search` are sent. */
export interface AccountsAnswer {
  identityServiceName?: string;
  accountItems: Account[];
  totalCount?: number;
}

/** spec §1.7 */
export interface Role {
  identityServiceName?: string;
  roleName: string;
  ordering?: number;
  controllers?: string[];
}

export interface RolesAnswer {
  roles: Role[];
}

/** spec §1.8 */
export interface PermissionRow {
  permissionPath: string;
  excluded?: boolean;
}

export interface PermissionsAnswer {
  controllerId?: string;
  permissions?: PermissionRow[];
}

export interface FolderRow {
  folder: string;
  recursive?: boolean;
}

export interface FoldersAnswer {
  folders?: FolderRow[];
}

/** spec §1.9 */
export interface BlockedAccount {
  accountName: string;
  comment?: string;
  since?: string;
}

export interface ActiveSession {
  id: string;
  accountName: string;
  identityService?: string;
  timeout?: number;
}

/** spec §1.12 */
export interface LoginHistoryItem {
  accountName: string;
  loginDate: string;
  loginSuccess: boolean;
  details?: { loginHistoryItems?: { identityServiceName?: string; message?: string }[] };
}

/** Keyward extension: `POST /audit_log {limit?, accountName?, dateFrom?}`. */
export interface AuditLogItem {
  id: number | string;
  created: string;
  account: string;
  request: string;
  category?: string;
  comment?: string;
  summary?: string;
}

/** spec §2.2: nested object whose leaves are booleans; `roles` is a string list. */
export interface PermissionObject {
  roles?: string[];
  joc?: PermissionBranch;
  controllerDefaults?: PermissionBranch;
  controllers?: Record<string, PermissionBranch>;
}

export interface PermissionBranch {
  [key: string]: boolean | PermissionBranch | undefined;
}

export interface ConfigurationAnswer {
  configuration?: {
    configurationType?: string;
    configurationItem?: string;
    objectType?: string;
    name?: string;
  };
}
