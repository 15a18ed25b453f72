// The change summary shown before saving: which rows will be granted / denied / unassigned and which folders change
// per scope, plus the effective result (leaves that become permitted or stop being permitted). Pure.
import { compileRole, leavesForScope } from './effective-state.js';
import { DEFAULT_SCOPE, scopeIds, scopeOf, type RoleRules } from './role-rules.js';

export interface FolderChange {
  folder: string;
  recursive: boolean;
}

export interface ScopeDiff {
  controllerId: string;
  /** Scope exists only in the draft (a new controller tab) / only in the base (a removed tab). */
  added: boolean;
  removed: boolean;
  grant: string[];
  deny: string[];
  /** Paths that had a row and will have none; `was` tells which kind. */
  unassign: { path: string; was: 'granted' | 'denied' }[];
  foldersAdded: FolderChange[];
  foldersChanged: FolderChange[];
  foldersRemoved: string[];
}

export interface EffectChange {
  controllerId: string;
  path: string;
}

export interface RoleDiff {
  scopes: ScopeDiff[];
  /** Leaves permitted after saving that were not before. */
  nowPermitted: EffectChange[];
  /** Leaves permitted before that will not be after saving. */
  noLongerPermitted: EffectChange[];
  isEmpty: boolean;
}

export function diffScope(base: RoleRules, draft: RoleRules, controllerId: string): ScopeDiff {
  const b = scopeOf(base, controllerId);
  const d = scopeOf(draft, controllerId);
  const diff: ScopeDiff = {
    controllerId,
    added: !base.scopes.has(controllerId) && draft.scopes.has(controllerId),
    removed: base.scopes.has(controllerId) && !draft.scopes.has(controllerId),
    grant: [],
    deny: [],
    unassign: [],
    foldersAdded: [],
    foldersChanged: [],
    foldersRemoved: [],
  };
  for (const [path, state] of d.permissions) {
    if (b.permissions.get(path) === state) continue;
    (state === 'granted' ? diff.grant : diff.deny).push(path);
  }
  for (const [path, was] of b.permissions) if (!d.permissions.has(path)) diff.unassign.push({ path, was });
  for (const [folder, recursive] of d.folders) {
    const before = b.folders.get(folder);
    if (before === undefined) diff.foldersAdded.push({ folder, recursive });
    else if (before !== recursive) diff.foldersChanged.push({ folder, recursive });
  }
  for (const folder of b.folders.keys()) if (!d.folders.has(folder)) diff.foldersRemoved.push(folder);
  diff.grant.sort();
  diff.deny.sort();
  diff.unassign.sort((x, y) => x.path.localeCompare(y.path));
  return diff;
}

export function scopeDiffIsEmpty(d: ScopeDiff): boolean {
  return (
    !d.added &&
    !d.removed &&
    d.grant.length + d.deny.length + d.unassign.length + d.foldersAdded.length + d.foldersChanged.length + d.foldersRemoved.length === 0
  );
}

/** Full diff of a role; `leaves` is the complete leaf list (listLeafPermissions()). */
export function diffRole(base: RoleRules, draft: RoleRules, leaves: readonly string[]): RoleDiff {
  const ids = [...new Set([DEFAULT_SCOPE, ...scopeIds(base), ...scopeIds(draft)])];
  const scopes = ids.map((id) => diffScope(base, draft, id)).filter((d) => !scopeDiffIsEmpty(d));
  const nowPermitted: EffectChange[] = [];
  const noLongerPermitted: EffectChange[] = [];
  if (scopes.length > 0) {
    const before = compileRole(base);
    const after = compileRole(draft);
    for (const controllerId of ids) {
      for (const leaf of leavesForScope(leaves, controllerId)) {
        const c = controllerId || undefined;
        const was = before.isPermitted(leaf, c);
        const will = after.isPermitted(leaf, c);
        if (was !== will) (will ? nowPermitted : noLongerPermitted).push({ controllerId, path: leaf });
      }
    }
  }
  return { scopes, nowPermitted, noLongerPermitted, isEmpty: scopes.length === 0 };
}
