// Turns a role diff into the REST calls of spec §1.8, ordered so that a failure part-way never leaves the role with
// more access than either the old or the new state: narrowing calls (denials, new folder restrictions, removed
// grants) run before widening ones (grants, removed denials, removed folders). After any failure the editor reloads
// the server state and keeps the draft, so the remaining difference is shown and can be saved again.
import type { RoleDiff } from './role-diff.js';

export interface SaveCall {
  path: string;
  body: Record<string, unknown>;
  /** Plain-words description for progress and error messages. */
  description: string;
}

export function planSave(serviceName: string, roleName: string, diff: RoleDiff): SaveCall[] {
  const narrowing: SaveCall[] = [];
  const widening: SaveCall[] = [];
  for (const s of diff.scopes) {
    const base = { identityServiceName: serviceName, roleName, controllerId: s.controllerId };
    const where = s.controllerId ? `controller ${s.controllerId}` : 'the default scope';
    if (s.deny.length > 0) {
      narrowing.push({
        path: '/iam/permissions/store',
        body: { ...base, permissions: s.deny.map((p) => ({ permissionPath: p, excluded: true })) },
        description: `deny ${s.deny.length} permission(s) in ${where}`,
      });
    }
    const folderStores = [...s.foldersAdded, ...s.foldersChanged];
    if (folderStores.length > 0) {
      narrowing.push({
        path: '/iam/folders/store',
        body: { ...base, folders: folderStores.map((f) => ({ folder: f.folder, recursive: f.recursive })) },
        description: `store ${folderStores.length} folder(s) in ${where}`,
      });
    }
    const removedGrants = s.unassign.filter((u) => u.was === 'granted').map((u) => u.path);
    if (removedGrants.length > 0) {
      narrowing.push({
        path: '/iam/permissions/delete',
        body: { ...base, permissionPaths: removedGrants },
        description: `remove ${removedGrants.length} grant(s) in ${where}`,
      });
    }
    if (s.grant.length > 0) {
      widening.push({
        path: '/iam/permissions/store',
        body: { ...base, permissions: s.grant.map((p) => ({ permissionPath: p, excluded: false })) },
        description: `grant ${s.grant.length} permission(s) in ${where}`,
      });
    }
    const removedDenials = s.unassign.filter((u) => u.was === 'denied').map((u) => u.path);
    if (removedDenials.length > 0) {
      widening.push({
        path: '/iam/permissions/delete',
        body: { ...base, permissionPaths: removedDenials },
        description: `remove ${removedDenials.length} denial(s) in ${where}`,
      });
    }
    if (s.foldersRemoved.length > 0) {
      widening.push({
        path: '/iam/folders/delete',
        body: { ...base, folderNames: s.foldersRemoved },
        description: `remove ${s.foldersRemoved.length} folder(s) in ${where}`,
      });
    }
  }
  return [...narrowing, ...widening];
}
