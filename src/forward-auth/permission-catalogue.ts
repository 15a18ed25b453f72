import { readFileSync } from 'node:fs';
import type { Node } from 'yaml';
import { YamlSource } from './yaml-source.js';

/**
 * The permission trees of applications other than JS7 (KEYWARD_PERMISSION_CATALOGUE), e.g. `shop:orders:create`.
 * Same segment semantics as spec §2: colon-separated segments, a grant of a node covers its subtree, a denial in
 * any role wins. The catalogue only *declares* names (for the permission editor and for validating the rules
 * file); roles grant them with the ordinary `/iam/permissions/store`, and `compilePermissions` checks them like
 * JS7's own paths.
 */
export interface CatalogueNode {
  readonly path: string;
  readonly name: string;
  readonly description?: string;
  readonly children: readonly CatalogueNode[];
}

export interface CatalogueApplication {
  /** First segment of every permission of the application, e.g. `shop`. */
  readonly root: string;
  readonly title: string;
  readonly description?: string;
  /** The declared permissions, in file order. */
  readonly permissions: readonly string[];
  readonly tree: CatalogueNode;
}

export interface PermissionCatalogue {
  readonly applications: readonly CatalogueApplication[];
  /** True for every node of every tree: roots, inner nodes and declared permissions. */
  has(path: string): boolean;
}

export const EMPTY_CATALOGUE: PermissionCatalogue = { applications: [], has: () => false };

/** Same rule as the role editor's permission paths (http/routes/roles.ts). */
const PERMISSION_PATH = /^[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)*$/;
const RESERVED_ROOTS = new Set(['sos']);

export function loadPermissionCatalogue(file: string): PermissionCatalogue {
  return parsePermissionCatalogue(readFileSync(file, 'utf8'), file);
}

/** Parses and validates a catalogue; throws a ConfigFileError naming the line of the first mistake. */
export function parsePermissionCatalogue(text: string, file: string): PermissionCatalogue {
  const src: YamlSource = new YamlSource(file, text);
  if (src.root === null) return EMPTY_CATALOGUE;
  const top = src.map(src.root, 'the catalogue', ['applications']);
  const apps = top.get('applications');
  if (apps === undefined) src.fail(src.root, 'the catalogue needs a list "applications"');
  const nodes = new Set<string>();
  const roots = new Set<string>();
  const applications: CatalogueApplication[] = [];
  src.seq(apps.value, 'applications').forEach((appNode, index) => {
    const what = `applications[${index}]`;
    const fields = src.map(appNode, what, ['root', 'title', 'description', 'permissions']);
    const rootField = fields.get('root');
    if (rootField === undefined) src.fail(appNode, `${what} needs "root" (the first segment of its permissions, e.g. shop)`);
    const root = src.string(rootField.value, `${what}.root`);
    if (!/^[A-Za-z0-9_-]+$/.test(root)) src.fail(rootField.value, `${what}.root "${root}" must be one segment of letters, digits, "_" or "-"`);
    if (RESERVED_ROOTS.has(root)) src.fail(rootField.value, `${what}.root "${root}" is JS7's own tree (spec §2.1); choose another root`);
    if (roots.has(root)) src.fail(rootField.value, `${what}.root "${root}" is declared twice`);
    roots.add(root);
    const title = fields.has('title') ? src.string(fields.get('title')?.value, `${what}.title`) : root;
    const description = fields.has('description') ? src.string(fields.get('description')?.value, `${what}.description`) : undefined;
    const permsField = fields.get('permissions');
    if (permsField === undefined) src.fail(appNode, `${what} needs a list "permissions"`);
    const descriptions = new Map<string, string>();
    const permissions: string[] = [];
    src.seq(permsField.value, `${what}.permissions`).forEach((permNode, p) => {
      const pw = `${what}.permissions[${p}]`;
      let path: string;
      let at: Node | null = permNode;
      if (isPlainString(permNode)) {
        path = src.string(permNode, pw);
      } else {
        const pf = src.map(permNode, pw, ['path', 'description']);
        const pathField = pf.get('path');
        if (pathField === undefined) src.fail(permNode, `${pw} needs "path"`);
        at = pathField.value;
        path = src.string(pathField.value, `${pw}.path`);
        if (pf.has('description')) descriptions.set(path, src.string(pf.get('description')?.value, `${pw}.description`));
      }
      if (!PERMISSION_PATH.test(path)) src.fail(at, `${pw} "${path}" must be colon-separated segments of letters, digits, "_" or "-"`);
      if (!path.startsWith(`${root}:`)) src.fail(at, `${pw} "${path}" must start with the application's root "${root}:"`);
      if (permissions.includes(path)) src.fail(at, `${pw} "${path}" is declared twice`);
      permissions.push(path);
    });
    for (const path of permissions) for (const prefix of prefixesOf(path)) nodes.add(prefix);
    applications.push({
      root, title, ...(description === undefined ? {} : { description }), permissions,
      tree: buildTree(root, permissions, descriptions),
    });
  });
  return { applications, has: (path) => nodes.has(path) };
}

function isPlainString(node: Node | null): boolean {
  return node !== null && 'value' in node && typeof (node as { value: unknown }).value === 'string';
}

function prefixesOf(path: string): string[] {
  const segments = path.split(':');
  return segments.map((_, i) => segments.slice(0, i + 1).join(':'));
}

function buildTree(root: string, permissions: readonly string[], descriptions: ReadonlyMap<string, string>): CatalogueNode {
  interface MutableNode { path: string; name: string; description?: string; children: MutableNode[] }
  const top: MutableNode = { path: root, name: root, children: [] };
  const byPath = new Map<string, MutableNode>([[root, top]]);
  for (const permission of permissions) {
    let parent = top;
    for (const path of prefixesOf(permission).slice(1)) {
      let node = byPath.get(path);
      if (node === undefined) {
        node = { path, name: path.slice(path.lastIndexOf(':') + 1), children: [] };
        const description = descriptions.get(path);
        if (description !== undefined) node.description = description;
        byPath.set(path, node);
        parent.children.push(node);
      }
      parent = node;
    }
  }
  return top;
}
