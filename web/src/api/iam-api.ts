// Typed wrappers of the IAM administration calls (spec §1.4–§1.9, §1.12) so pages never spell paths or shapes.
import type { ApiClient } from './client.js';
import type {
  Account,
  AccountsAnswer,
  ActiveSession,
  AuditLogItem,
  BlockedAccount,
  ConfigurationAnswer,
  FoldersAnswer,
  FolderRow,
  IdentityService,
  IdentityServicesAnswer,
  LoginHistoryItem,
  PermissionObject,
  PermissionRow,
  PermissionsAnswer,
  Role,
  RolesAnswer,
} from './types.js';

export const iam = {
  // Permission trees of applications other than JS7 (issue 8; answer shape: permissions-editor/catalogue.ts)
  permissionCatalogue: (api: ApiClient) => api.call<unknown>('/iam/permission_catalogue', {}),

  // §1.4 identity services
  services: (api: ApiClient) => api.call<IdentityServicesAnswer>('/iam/identityservices', {}),
  storeService: (api: ApiClient, service: IdentityService) => api.call('/iam/identityservice/store', service),
  renameService: (api: ApiClient, oldName: string, newName: string) =>
    api.call('/iam/identityservice/rename', { identityServiceOldName: oldName, identityServiceNewName: newName }),
  deleteService: (api: ApiClient, name: string) => api.call('/iam/identityservice/delete', { identityServiceName: name }),
  reorderServices: (api: ApiClient, names: string[]) => api.call('/iam/identityservices/reorder', { identityServiceNames: names }),

  // §1.6 accounts; search/limit/offset/totalCount are Keyward extensions for paging large services
  accounts: (api: ApiClient, service: string, page: { search?: string; limit: number; offset: number }) =>
    api.call<AccountsAnswer>('/iam/accounts', {
      identityServiceName: service,
      ...(page.search ? { search: page.search } : {}),
      limit: page.limit,
      offset: page.offset,
    }),
  account: (api: ApiClient, service: string, accountName: string) =>
    api.call<Account>('/iam/account', { identityServiceName: service, accountName }),
  storeAccount: (api: ApiClient, account: Account & { identityServiceName: string }) => api.call('/iam/account/store', account),
  renameAccount: (api: ApiClient, service: string, oldName: string, newName: string) =>
    api.call('/iam/account/rename', { identityServiceName: service, accountOldName: oldName, accountNewName: newName }),
  deleteAccounts: (api: ApiClient, service: string, names: string[]) =>
    api.call('/iam/accounts/delete', { identityServiceName: service, accountNames: names }),
  resetPasswords: (api: ApiClient, service: string, names: string[]) =>
    api.call('/iam/accounts/resetpassword', { identityServiceName: service, accountNames: names }),
  forcePasswordChange: (api: ApiClient, service: string, names: string[]) =>
    api.call('/iam/accounts/forcepasswordchange', { identityServiceName: service, accountNames: names }),
  enableAccounts: (api: ApiClient, service: string, names: string[]) =>
    api.call('/iam/accounts/enable', { identityServiceName: service, accountNames: names }),
  disableAccounts: (api: ApiClient, service: string, names: string[]) =>
    api.call('/iam/accounts/disable', { identityServiceName: service, accountNames: names }),
  accountPermissions: (api: ApiClient, service: string, accountName: string) =>
    api.call<PermissionObject>('/iam/account/permissions', { identityServiceName: service, accountName }),

  // §1.7 roles
  roles: (api: ApiClient, service: string) => api.call<RolesAnswer>('/iam/roles', { identityServiceName: service }),
  role: (api: ApiClient, service: string, roleName: string) => api.call<Role>('/iam/role', { identityServiceName: service, roleName }),
  storeRole: (api: ApiClient, service: string, roleName: string, ordering?: number) =>
    api.call('/iam/role/store', { identityServiceName: service, roleName, ...(ordering !== undefined ? { ordering } : {}) }),
  renameRole: (api: ApiClient, service: string, oldName: string, newName: string) =>
    api.call('/iam/role/rename', { identityServiceName: service, roleOldName: oldName, roleNewName: newName }),
  deleteRoles: (api: ApiClient, service: string, names: string[]) => api.call('/iam/roles/delete', { identityServiceName: service, roleNames: names }),
  reorderRoles: (api: ApiClient, service: string, names: string[]) => api.call('/iam/roles/reorder', { identityServiceName: service, roleNames: names }),

  // §1.8 permissions and folders; controllerId "" = default scope
  permissions: (api: ApiClient, service: string, roleName: string, controllerId: string) =>
    api.call<PermissionsAnswer>('/iam/permissions', { identityServiceName: service, roleName, ...(controllerId ? { controllerId } : {}) }),
  storePermissions: (api: ApiClient, service: string, roleName: string, controllerId: string, permissions: PermissionRow[]) =>
    api.call('/iam/permissions/store', { identityServiceName: service, roleName, controllerId, permissions }),
  deletePermissions: (api: ApiClient, service: string, roleName: string, controllerId: string, permissionPaths: string[]) =>
    api.call('/iam/permissions/delete', { identityServiceName: service, roleName, controllerId, permissionPaths }),
  folders: (api: ApiClient, service: string, roleName: string, controllerId: string) =>
    api.call<FoldersAnswer>('/iam/folders', { identityServiceName: service, roleName, ...(controllerId ? { controllerId } : {}) }),
  storeFolders: (api: ApiClient, service: string, roleName: string, controllerId: string, folders: FolderRow[]) =>
    api.call('/iam/folders/store', { identityServiceName: service, roleName, controllerId, folders }),
  deleteFolders: (api: ApiClient, service: string, roleName: string, controllerId: string, folderNames: string[]) =>
    api.call('/iam/folders/delete', { identityServiceName: service, roleName, controllerId, folderNames }),

  // §1.9 blocklist and sessions
  blockedAccounts: (api: ApiClient, accountName?: string) =>
    api.call<{ blockedAccounts?: BlockedAccount[] }>('/iam/blockedAccounts', accountName ? { accountName } : {}),
  blockAccount: (api: ApiClient, accountName: string, comment: string) => api.call('/iam/blockedAccount/store', { accountName, comment }),
  unblockAccounts: (api: ApiClient, accountNames: string[]) => api.call('/iam/blockedAccounts/delete', { accountNames }),
  sessions: (api: ApiClient, accountName?: string) =>
    api.call<{ activeSessions?: ActiveSession[] }>('/iam/sessions', accountName ? { accountName } : {}),
  cancelSessions: (api: ApiClient, ids: string[]) => api.call('/iam/sessions/cancel', { ids }),

  // §1.12 login history; audit log of changes (Keyward extension)
  loginHistory: (api: ApiClient, filter: { accountName?: string; dateFrom?: string; success?: boolean; limit?: number }) =>
    api.call<{ loginHistoryItems?: LoginHistoryItem[] }>('/audit_log/login_history', compact(filter)),
  auditLog: (api: ApiClient, filter: { limit?: number; accountName?: string; dateFrom?: string }) =>
    api.call<{ auditLog?: AuditLogItem[] }>('/audit_log', compact(filter)),

  // §1.5 settings
  globalSettings: (api: ApiClient) => api.call<ConfigurationAnswer>('/configuration', { configurationType: 'GLOBALS' }),
  saveGlobalSettings: (api: ApiClient, item: string) =>
    api.call('/configuration/save', { configurationType: 'GLOBALS', configurationItem: item }),
  serviceSettings: (api: ApiClient, type: string, name: string) =>
    api.call<ConfigurationAnswer>('/configuration', { configurationType: 'IAM', objectType: type, name }),
  saveServiceSettings: (api: ApiClient, type: string, name: string, item: string) =>
    api.call('/configuration/save', { id: 0, configurationType: 'IAM', objectType: type, name, configurationItem: item }),
};

function compact<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
