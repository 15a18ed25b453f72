// What a role's rows mean for one node, shown next to every node before saving (spec §2.3 for a single role):
// a node is granted if it or an ancestor is granted, in the default scope or (for a controller tab) in that
// controller's scope, unless it or an ancestor is denied in either scope — a denial always wins.
// Leaf results are computed with the shared engine (compilePermissions) so the editor cannot drift from the server.
import { compilePermissions, type CompiledPermissions } from './permission-model.js';
import { DEFAULT_SCOPE, scopeIds, scopeOf, type RoleRules } from './role-rules.js';
import type { TriState } from './tri-state.js';

export interface RuleRef {
  path: string;
  /** "" = default scope. */
  controllerId: string;
}

export interface NodeExplanation {
  /** State set on this node in the shown scope. */
  explicit: TriState;
  /** Result for this node (and, absent more specific rows, its whole subtree). */
  effective: 'granted' | 'denied' | 'not-granted';
  /** The row deciding `effective`: the nearest denial, else the nearest grant. Undefined when not granted. */
  decidedBy?: RuleRef;
}

/**
 * `a:b:c` → [`a:b:c`, `a:b`, …] nearest first: down to two segments (`sos:products`) in JS7's tree, down to the
 * application root (`shop`) in a catalogue tree, where the root itself can be granted.
 */
export function selfAndAncestors(path: string): string[] {
  const parts = path.split(':');
  const out: string[] = [];
  const min = parts[0] === 'sos' ? Math.min(2, parts.length) : 1;
  for (let n = parts.length; n >= min; n--) out.push(parts.slice(0, n).join(':'));
  return out;
}

export function explainNode(rules: RoleRules, controllerId: string, path: string): NodeExplanation {
  const scopes = controllerId === DEFAULT_SCOPE ? [DEFAULT_SCOPE] : [controllerId, DEFAULT_SCOPE];
  const explicit = scopeOf(rules, controllerId).permissions.get(path) ?? 'unassigned';
  let grant: RuleRef | undefined;
  for (const p of selfAndAncestors(path)) {
    for (const c of scopes) {
      const state = scopeOf(rules, c).permissions.get(p);
      if (state === 'denied') return { explicit, effective: 'denied', decidedBy: { path: p, controllerId: c } };
      if (state === 'granted' && !grant) grant = { path: p, controllerId: c };
    }
  }
  return grant ? { explicit, effective: 'granted', decidedBy: grant } : { explicit, effective: 'not-granted' };
}

/** Compiles one role's rows with the shared engine (one subject, one role). */
export function compileRole(rules: RoleRules, roleName = 'role'): CompiledPermissions {
  const permissions: { path: string; controllerId: string; excluded: boolean }[] = [];
  const folders: { folder: string; controllerId: string; recursive: boolean }[] = [];
  for (const controllerId of scopeIds(rules)) {
    const scope = scopeOf(rules, controllerId);
    for (const [path, state] of scope.permissions) permissions.push({ path, controllerId, excluded: state === 'denied' });
    for (const [folder, recursive] of scope.folders) folders.push({ folder, controllerId, recursive });
  }
  return compilePermissions([{ serviceName: 'editor', roles: [{ roleName, permissions, folders }] }], { memoCapacity: 0 });
}

/** Number of leaves under `leaves` (already filtered to a subtree) that are permitted in a scope. */
export function countPermittedLeaves(compiled: CompiledPermissions, leaves: readonly string[], controllerId: string): number {
  let n = 0;
  for (const leaf of leaves) if (compiled.isPermitted(leaf, controllerId || undefined)) n++;
  return n;
}

/** Leaves relevant to a scope: JOC leaves only exist in the default scope; controller leaves in every scope. */
export function leavesForScope(leaves: readonly string[], controllerId: string): string[] {
  return controllerId === DEFAULT_SCOPE ? [...leaves] : leaves.filter((l) => l.startsWith('sos:products:controller:'));
}
