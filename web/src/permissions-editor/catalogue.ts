// The permission catalogue in the editor (issue 8): applications other than JS7 declare their own permission trees
// (KEYWARD_PERMISSION_CATALOGUE), answered by `POST /joc/api/iam/permission_catalogue` as
// `{applications: [{root, title, description?, permissions, tree: {path, name, description?, children}}]}`.
// The editor shows one tree section per application beside JS7's tree, with the same tri-state rows, effective
// results and save calls (/iam/permissions/store|delete). Application permissions are not controller-specific: they
// are shown and counted in the default scope only, like JS7's JOC permissions. Pure, unit-tested.
import type { PermissionNode } from './permission-model.js';
import { DEFAULT_SCOPE } from './role-rules.js';
import { indexLeaves, leavesUnder, pathsToDepth, visibleRows, type TreeRow } from './tree-rows.js';

export interface CatalogueNode extends PermissionNode {
  readonly description?: string;
  readonly children: readonly CatalogueNode[];
}

export interface CatalogueApplication {
  /** First segment of all its permissions, e.g. `shop`. */
  readonly root: string;
  readonly title: string;
  readonly description?: string;
  readonly permissions: readonly string[];
  readonly tree: CatalogueNode;
}

const SEGMENTS = /^[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)*$/;

/**
 * The applications of the server's answer. Defensive: an application or node that does not have the documented
 * shape is left out (with its subtree) rather than breaking the editor; JS7's own root `sos` is never taken.
 */
export function catalogueFromServer(answer: unknown): CatalogueApplication[] {
  const apps = isObject(answer) && Array.isArray(answer.applications) ? answer.applications : [];
  const out: CatalogueApplication[] = [];
  const seen = new Set<string>();
  for (const a of apps) {
    if (!isObject(a) || typeof a.root !== 'string' || !/^[A-Za-z0-9_-]+$/.test(a.root) || a.root === 'sos' || seen.has(a.root)) continue;
    const tree = nodeFrom(a.tree, a.root);
    if (tree === null || tree.path !== a.root) continue;
    seen.add(a.root);
    out.push({
      root: a.root,
      title: typeof a.title === 'string' && a.title !== '' ? a.title : a.root,
      ...(typeof a.description === 'string' && a.description !== '' ? { description: a.description } : {}),
      permissions: Array.isArray(a.permissions) ? a.permissions.filter((p): p is string => typeof p === 'string') : [],
      tree,
    });
  }
  return out;
}

function nodeFrom(value: unknown, root: string): CatalogueNode | null {
  if (!isObject(value) || typeof value.path !== 'string' || !SEGMENTS.test(value.path)) return null;
  const { path } = value;
  if (path !== root && !path.startsWith(`${root}:`)) return null;
  const children: CatalogueNode[] = [];
  if (Array.isArray(value.children)) {
    for (const c of value.children) {
      const child = nodeFrom(c, root);
      if (child !== null && child.path.startsWith(`${path}:`)) children.push(child);
    }
  }
  return {
    path,
    name: typeof value.name === 'string' && value.name !== '' ? value.name : path.slice(path.lastIndexOf(':') + 1),
    ...(typeof value.description === 'string' && value.description !== '' ? { description: value.description } : {}),
    children,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every leaf of every application tree (the permissions the diff's effective result covers). */
export function catalogueLeaves(apps: readonly CatalogueApplication[]): string[] {
  return apps.flatMap((a) => leavesUnder(a.tree));
}

/** JS7's leaf list followed by the catalogue's: the `leaves` argument of diffRole. */
export function editorLeaves(js7Leaves: readonly string[], apps: readonly CatalogueApplication[]): string[] {
  return [...js7Leaves, ...catalogueLeaves(apps)];
}

/** Path → leaves below it for every node of every application tree (the "Granted below" column). */
export function catalogueLeafIndex(apps: readonly CatalogueApplication[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const a of apps) for (const [path, leaves] of indexLeaves(a.tree)) map.set(path, leaves);
  return map;
}

/** Initially expanded: each application's root, so its first level is visible. */
export function catalogueInitialExpansion(apps: readonly CatalogueApplication[]): string[] {
  return apps.flatMap((a) => [...pathsToDepth(a.tree, 1)]);
}

/** Every inner node of every application tree ("Expand all"). */
export function catalogueInnerPaths(apps: readonly CatalogueApplication[]): string[] {
  return apps.flatMap((a) => [...pathsToDepth(a.tree, Number.POSITIVE_INFINITY)]);
}

export interface CatalogueSection {
  app: CatalogueApplication;
  rows: TreeRow[];
}

/**
 * The application sections shown for a scope: none on a controller tab, and none for an application without a
 * row matching the filter. An empty catalogue gives no sections (the editor then looks exactly as without it).
 */
export function catalogueSections(
  apps: readonly CatalogueApplication[],
  options: { controllerId: string; expanded: ReadonlySet<string>; query: string },
): CatalogueSection[] {
  if (options.controllerId !== DEFAULT_SCOPE) return [];
  return apps
    .map((app) => ({ app, rows: visibleRows(app.tree, { expanded: options.expanded, query: options.query }) }))
    .filter((s) => s.rows.length > 0);
}
