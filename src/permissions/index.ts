export {
  buildPermissionTree,
  CONTROLLER_LEAF_PERMISSIONS,
  isKnownPermissionPath,
  JOC_LEAF_PERMISSIONS,
  listLeafPermissions,
  normalizePermissionPath,
  PERMISSION_ROOT,
} from './permission-tree.js';
export type {
  ControllerLeafPermission,
  JocLeafPermission,
  KnownPermissionPath,
  LeafPermission,
  PermissionNode,
} from './permission-tree.js';
export type { CompiledPermissions, FolderRow, PermissionRow, RoleGrant, Subject } from './types.js';
export { compilePermissions, DEFAULT_MEMO_CAPACITY } from './compile-permissions.js';
export type { CompileOptions } from './compile-permissions.js';
export { normalizeFolderPath } from './folder-restriction.js';
export { toJocCockpitPermissions } from './joc-cockpit-permissions.js';
export type { ControllerPermissions, JocCockpitPermissions, JocPermissions } from './joc-cockpit-permissions.js';
export { DEFAULT_ROLES, SUPER_ROLE_NAME } from './default-roles.js';
export type { DefaultRole } from './default-roles.js';
