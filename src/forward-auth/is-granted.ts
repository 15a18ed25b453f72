import type { CompiledPermissions } from '../permissions/index.js';

export interface PermissionQuestion {
  readonly permission: string;
  /** Controller scope (spec §2.3); undefined or '' = JOC scope / controller defaults. */
  readonly controllerId?: string | undefined;
  /** Inventory folder the action concerns (spec §2.4); undefined = no folder check. */
  readonly folder?: string | undefined;
}

/** Spec §2.3 for the permission, and §2.4 (per-controller folders, ADR 0002) when a folder is named. */
export function isGranted(permissions: CompiledPermissions, q: PermissionQuestion): boolean {
  if (!permissions.isPermitted(q.permission, q.controllerId)) return false;
  return q.folder === undefined || !permissions.isFolderRestricted || permissions.isFolderPermitted(q.folder, q.controllerId);
}
