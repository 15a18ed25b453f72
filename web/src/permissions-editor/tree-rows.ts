// Flattens the permission tree into the rows the editor table shows: expansion, text filter, and subtrees hidden
// in a scope (JOC permissions are not controller-specific). Pure.
import type { PermissionNode } from './permission-model.js';

export interface TreeRow {
  node: PermissionNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

/** All leaf paths below (and including, if it is a leaf) `node`. */
export function leavesUnder(node: PermissionNode): string[] {
  if (node.children.length === 0) return [node.path];
  return node.children.flatMap(leavesUnder);
}

/** Map path → leaves below it, for every node. */
export function indexLeaves(root: PermissionNode): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const walk = (n: PermissionNode): string[] => {
    const leaves = n.children.length === 0 ? [n.path] : n.children.flatMap(walk);
    map.set(n.path, leaves);
    return leaves;
  };
  walk(root);
  return map;
}

/** Paths of inner nodes down to `depth` (for the initial expansion). */
export function pathsToDepth(root: PermissionNode, depth: number): Set<string> {
  const out = new Set<string>();
  const walk = (n: PermissionNode, d: number) => {
    if (d >= depth || n.children.length === 0) return;
    out.add(n.path);
    for (const c of n.children) walk(c, d + 1);
  };
  walk(root, 0);
  return out;
}

export function allInnerPaths(root: PermissionNode): Set<string> {
  return pathsToDepth(root, Number.POSITIVE_INFINITY);
}

export interface RowOptions {
  expanded: ReadonlySet<string>;
  /** Case-insensitive text; when set, matching nodes and their ancestors are shown, fully expanded. */
  query?: string;
  /** Paths whose subtrees are not shown (e.g. "sos:products:joc" on a controller tab). */
  hidden?: readonly string[];
}

export function visibleRows(root: PermissionNode, options: RowOptions): TreeRow[] {
  const query = options.query?.trim().toLowerCase() ?? '';
  const hidden = new Set(options.hidden ?? []);
  const matches = (n: PermissionNode) => n.path.toLowerCase().includes(query) || n.name.replace(/_/g, ' ').toLowerCase().includes(query);
  const keep = new Set<string>();
  if (query) {
    const mark = (n: PermissionNode, ancestors: string[]): void => {
      if (hidden.has(n.path)) return;
      if (matches(n)) for (const p of [...ancestors, n.path]) keep.add(p);
      for (const c of n.children) mark(c, [...ancestors, n.path]);
    };
    mark(root, []);
  }
  const rows: TreeRow[] = [];
  const walk = (n: PermissionNode, depth: number) => {
    if (hidden.has(n.path)) return;
    if (query && !keep.has(n.path)) return;
    const hasChildren = n.children.length > 0;
    const expanded = hasChildren && (query ? true : options.expanded.has(n.path));
    rows.push({ node: n, depth, hasChildren, expanded });
    if (expanded) for (const c of n.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return rows;
}

/** "suspend_resume" → "suspend resume". */
export function nodeLabel(node: PermissionNode): string {
  return node.name.replace(/_/g, ' ');
}
