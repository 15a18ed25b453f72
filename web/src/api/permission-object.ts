// Helpers over the effective-permission object of spec §2.2 (pure).
import type { PermissionBranch, PermissionObject } from './types.js';

/** Reads a dotted path such as "joc.administration.accounts.view"; anything but `true` is false. */
export function hasPermission(perms: PermissionObject | null | undefined, dottedPath: string): boolean {
  let node: unknown = perms;
  for (const key of dottedPath.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node === true;
}

export interface PermissionObjectNode {
  key: string;
  /** Dotted path from the object root, e.g. "joc.administration.accounts.view". */
  path: string;
  granted?: boolean;
  children: PermissionObjectNode[];
  grantedLeaves: number;
  totalLeaves: number;
}

/** Turns a §2.2 branch into a tree for display, counting granted leaves per subtree. */
export function permissionBranchToTree(branch: PermissionBranch | undefined, prefix: string): PermissionObjectNode[] {
  if (!branch) return [];
  const nodes: PermissionObjectNode[] = [];
  for (const [key, value] of Object.entries(branch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'boolean') {
      nodes.push({ key, path, granted: value, children: [], grantedLeaves: value ? 1 : 0, totalLeaves: 1 });
    } else if (value && typeof value === 'object') {
      const children = permissionBranchToTree(value, path);
      nodes.push({
        key,
        path,
        children,
        grantedLeaves: children.reduce((n, c) => n + c.grantedLeaves, 0),
        totalLeaves: children.reduce((n, c) => n + c.totalLeaves, 0),
      });
    }
  }
  return nodes;
}

/** "getLog" -> "Get log", "suspendResume" -> "Suspend resume". */
export function humanizeKey(key: string): string {
  const spaced = key.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
