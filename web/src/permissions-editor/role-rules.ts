// Immutable model of one role's rows (spec §1.8): per scope (controllerId "" = default scope, applies to every
// controller) the explicit permission states and the folder rows. The editor keeps two of them: `base` (what the
// server has) and `draft` (what the user wants); everything shown before saving is derived from the pair.
import type { FolderRow, PermissionRow } from '../api/types.js';
import { normalizePermissionPath } from './permission-model.js';
import type { TriState } from './tri-state.js';

export type Assignment = Exclude<TriState, 'unassigned'>;

export interface ScopeRules {
  /** Explicit states by permission path; absent = unassigned. */
  readonly permissions: ReadonlyMap<string, Assignment>;
  /** Folder path → recursive flag. */
  readonly folders: ReadonlyMap<string, boolean>;
}

export interface RoleRules {
  /** "" (default scope) is always present; other keys are controller IDs, in tab order. */
  readonly scopes: ReadonlyMap<string, ScopeRules>;
}

export const DEFAULT_SCOPE = '';

const EMPTY_SCOPE: ScopeRules = { permissions: new Map(), folders: new Map() };

export function emptyRoleRules(): RoleRules {
  return { scopes: new Map([[DEFAULT_SCOPE, EMPTY_SCOPE]]) };
}

export interface ServerScope {
  controllerId: string;
  permissions: readonly PermissionRow[];
  folders: readonly FolderRow[];
}

/** Builds the model from `/iam/permissions` and `/iam/folders` answers, one per scope. */
export function roleRulesFromServer(scopes: readonly ServerScope[]): RoleRules {
  const map = new Map<string, ScopeRules>([[DEFAULT_SCOPE, EMPTY_SCOPE]]);
  for (const s of scopes) {
    const permissions = new Map<string, Assignment>();
    for (const row of s.permissions) {
      const path = normalizePermissionPath(row.permissionPath);
      if (!path) continue;
      // Two rows for one path cannot both apply: a denial wins (spec §2.3).
      if (row.excluded || permissions.get(path) !== 'denied') permissions.set(path, row.excluded ? 'denied' : 'granted');
    }
    const folders = new Map<string, boolean>();
    for (const f of s.folders) folders.set(f.folder, f.recursive !== false);
    map.set(s.controllerId, { permissions, folders });
  }
  return { scopes: map };
}

export function scopeIds(rules: RoleRules): string[] {
  return [...rules.scopes.keys()];
}

export function scopeOf(rules: RoleRules, controllerId: string): ScopeRules {
  return rules.scopes.get(controllerId) ?? EMPTY_SCOPE;
}

export function explicitState(rules: RoleRules, controllerId: string, path: string): TriState {
  return scopeOf(rules, controllerId).permissions.get(path) ?? 'unassigned';
}

function withScope(rules: RoleRules, controllerId: string, update: (s: ScopeRules) => ScopeRules): RoleRules {
  const scopes = new Map(rules.scopes);
  scopes.set(controllerId, update(scopeOf(rules, controllerId)));
  return { scopes };
}

export function setAssignment(rules: RoleRules, controllerId: string, path: string, state: TriState): RoleRules {
  if (explicitState(rules, controllerId, path) === state) return rules;
  return withScope(rules, controllerId, (s) => {
    const permissions = new Map(s.permissions);
    if (state === 'unassigned') permissions.delete(path);
    else permissions.set(path, state);
    return { ...s, permissions };
  });
}

export function addControllerScope(rules: RoleRules, controllerId: string): RoleRules {
  if (controllerId === DEFAULT_SCOPE || rules.scopes.has(controllerId)) return rules;
  return withScope(rules, controllerId, () => EMPTY_SCOPE);
}

/** Removes a controller tab: all of its rows become unassigned when saved. */
export function removeControllerScope(rules: RoleRules, controllerId: string): RoleRules {
  if (controllerId === DEFAULT_SCOPE || !rules.scopes.has(controllerId)) return rules;
  const scopes = new Map(rules.scopes);
  scopes.delete(controllerId);
  return { scopes };
}

export function setFolder(rules: RoleRules, controllerId: string, folder: string, recursive: boolean): RoleRules {
  if (scopeOf(rules, controllerId).folders.get(folder) === recursive) return rules;
  return withScope(rules, controllerId, (s) => {
    const folders = new Map(s.folders);
    folders.set(folder, recursive);
    return { ...s, folders };
  });
}

export function removeFolder(rules: RoleRules, controllerId: string, folder: string): RoleRules {
  if (!scopeOf(rules, controllerId).folders.has(folder)) return rules;
  return withScope(rules, controllerId, (s) => {
    const folders = new Map(s.folders);
    folders.delete(folder);
    return { ...s, folders };
  });
}
