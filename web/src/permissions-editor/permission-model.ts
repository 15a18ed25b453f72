// The editor's view of the shared permission engine (src/permissions, spec §2): the tree of spec §2.1 and
// compilePermissions for the effective result. Re-exported here so the editor modules have one import site.
export { buildPermissionTree, compilePermissions, listLeafPermissions, normalizePermissionPath, PERMISSION_ROOT } from '../../../src/permissions/index.js';
export type { CompiledPermissions, PermissionNode, Subject } from '../../../src/permissions/index.js';
