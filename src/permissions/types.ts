/**
 * Input and output of the permission engine. The input mirrors the IAM_PERMISSIONS rows of spec §0 and §1.8
 * (one table for permission rows and folder rows, `controllerId` '' = default scope).
 */

/** One permission row of a role (spec §1.8). `controllerId` '' = default scope; `excluded` = denial. */
export interface PermissionRow {
  path: string;
  controllerId: string;
  excluded: boolean;
}

/** One folder row of a role (spec §2.4). `controllerId` '' = default scope. */
export interface FolderRow {
  folder: string;
  controllerId: string;
  recursive: boolean;
}

export interface RoleGrant {
  roleName: string;
  permissions: readonly PermissionRow[];
  folders: readonly FolderRow[];
}

/** The roles one identity service granted; one subject per service that authenticated (spec §2.3, §4.6). */
export interface Subject {
  serviceName: string;
  roles: readonly RoleGrant[];
}

/** A session's permissions, compiled once (design.md "Permissions"); every check is pure and O(path depth). */
export interface CompiledPermissions {
  /** Distinct role names in order of appearance. */
  readonly roles: readonly string[];
  /** Controllers with controller-specific permission rows, in order of appearance (spec §2.2 "controllers"). */
  readonly controllerIds: readonly string[];
  /** No granting row at all: login must fail with "no permission assignment found" (spec §4.1). */
  readonly isEmpty: boolean;
  /** Spec §2.3. `controllerId` undefined or '' = JOC scope / controller defaults. */
  isPermitted(path: string, controllerId?: string): boolean;
  /** Spec §2.4 with per-controller folder rows (docs/decisions/0002-per-controller-folders.md). */
  isFolderPermitted(folder: string, controllerId?: string): boolean;
  /** True if any folder row exists in any scope; when false, every folder is permitted everywhere. */
  readonly isFolderRestricted: boolean;
}
