/**
 * The JS7 permission tree (spec §2.1), declared as data so that a typo in a permission name does not compile.
 *
 * The leaves are listed in full, in the order of spec §2.1; `POST /authentication/permissions` returns them as
 * `{sosPermissions}`. Inner nodes (`sos:products:joc:inventory`, `sos:products:controller`, `sos:products`) are not
 * listed: they are every proper prefix of a leaf, and may be granted or denied like a leaf (spec §2.1, §2.3).
 */

/** The root of the tree; granting it is the conventional super-role `all` (spec §2.1, §2.5). */
export const PERMISSION_ROOT = 'sos:products';

/** JOC scope leaves, `sos:products:joc:…` (spec §2.1). */
export const JOC_LEAF_PERMISSIONS = [
  'sos:products:joc:get_log',
  'sos:products:joc:administration:accounts:view',
  'sos:products:joc:administration:accounts:manage',
  'sos:products:joc:administration:certificates:view',
  'sos:products:joc:administration:certificates:manage',
  'sos:products:joc:administration:controllers:view',
  'sos:products:joc:administration:controllers:manage',
  'sos:products:joc:administration:customization:view',
  'sos:products:joc:administration:customization:manage',
  'sos:products:joc:administration:customization:share',
  'sos:products:joc:administration:settings:view',
  'sos:products:joc:administration:settings:manage',
  'sos:products:joc:auditlog:view',
  'sos:products:joc:calendars:view',
  'sos:products:joc:cluster:manage',
  'sos:products:joc:dailyplan:view',
  'sos:products:joc:dailyplan:manage',
  'sos:products:joc:documentations:view',
  'sos:products:joc:documentations:manage',
  'sos:products:joc:filetransfer:view',
  'sos:products:joc:filetransfer:manage',
  'sos:products:joc:inventory:view',
  'sos:products:joc:inventory:manage',
  'sos:products:joc:inventory:deploy',
  'sos:products:joc:notification:view',
  'sos:products:joc:notification:manage',
  'sos:products:joc:reports:view',
  'sos:products:joc:reports:manage',
  'sos:products:joc:others:view',
  'sos:products:joc:others:manage',
  'sos:products:joc:encipherment:encrypt',
] as const;

/** Controller scope leaves, `sos:products:controller:…` (spec §2.1). */
export const CONTROLLER_LEAF_PERMISSIONS = [
  'sos:products:controller:view',
  'sos:products:controller:restart',
  'sos:products:controller:terminate',
  'sos:products:controller:switch_over',
  'sos:products:controller:get_log',
  'sos:products:controller:agents:view',
  'sos:products:controller:deployment:view',
  'sos:products:controller:deployment:deploy',
  'sos:products:controller:locks:view',
  'sos:products:controller:workflows:view',
  'sos:products:controller:noticeboards:view',
  'sos:products:controller:noticeboards:post',
  'sos:products:controller:noticeboards:delete',
  'sos:products:controller:orders:view',
  'sos:products:controller:orders:create',
  'sos:products:controller:orders:cancel',
  'sos:products:controller:orders:modify',
  'sos:products:controller:orders:suspend_resume',
  'sos:products:controller:orders:resume_failed',
  'sos:products:controller:orders:confirm',
  'sos:products:controller:orders:manage_positions',
] as const;

export type JocLeafPermission = (typeof JOC_LEAF_PERMISSIONS)[number];
export type ControllerLeafPermission = (typeof CONTROLLER_LEAF_PERMISSIONS)[number];
export type LeafPermission = JocLeafPermission | ControllerLeafPermission;

/** `'a:b:c'` → `'a' | 'a:b' | 'a:b:c'`. */
type PathPrefixes<Path extends string> = Path extends `${infer Head}:${infer Rest}`
  ? Head | `${Head}:${PathPrefixes<Rest>}`
  : Path;

/** Every node of the tree: the root `sos:products`, inner nodes and leaves. A bare `sos` is not a node. */
export type KnownPermissionPath = Exclude<PathPrefixes<LeafPermission>, 'sos'>;

/** A node for a permission editor: `name` is the last segment, `children` keep the order of spec §2.1. */
export interface PermissionNode {
  readonly path: string;
  readonly name: string;
  readonly children: readonly PermissionNode[];
}

const ALL_LEAF_PERMISSIONS: readonly LeafPermission[] = [...JOC_LEAF_PERMISSIONS, ...CONTROLLER_LEAF_PERMISSIONS];

const KNOWN_PERMISSION_PATHS: ReadonlySet<string> = new Set(ALL_LEAF_PERMISSIONS.flatMap(listNodePathsOf));

/** The complete leaf list of spec §2.1, JOC scope first; a fresh array each call. */
export function listLeafPermissions(): string[] {
  return [...ALL_LEAF_PERMISSIONS];
}

/**
 * True for the root, inner nodes and leaves of spec §2.1. Canonical spelling only: normalise stored paths first
 * with {@link normalizePermissionPath} (the legacy `adminstration` typo is not a known path).
 */
export function isKnownPermissionPath(path: string): path is KnownPermissionPath {
  return KNOWN_PERMISSION_PATHS.has(path);
}

const LEGACY_ADMINISTRATION = 'sos:products:joc:adminstration';
const ADMINISTRATION = 'sos:products:joc:administration';

/**
 * Maps the stored legacy typo `sos:products:joc:adminstration…` to `administration` (spec §1.8, §2.1: still
 * honoured). Also trims blanks and trailing `:`, so that a sloppy denial such as `sos:products:joc:` still denies
 * its subtree instead of silently matching nothing (under the segment-prefix rule of spec §2.3 it would).
 */
export function normalizePermissionPath(path: string): string {
  let normalized = path.trim();
  while (normalized.endsWith(':')) normalized = normalized.slice(0, -1);
  if (normalized === LEGACY_ADMINISTRATION || normalized.startsWith(`${LEGACY_ADMINISTRATION}:`)) {
    return ADMINISTRATION + normalized.slice(LEGACY_ADMINISTRATION.length);
  }
  return normalized;
}

/** The tree of spec §2.1 rooted at `sos:products`, for a permission editor; a fresh tree each call. */
export function buildPermissionTree(): PermissionNode {
  interface MutableNode {
    path: string;
    name: string;
    children: MutableNode[];
  }
  const root: MutableNode = { path: PERMISSION_ROOT, name: lastSegmentOf(PERMISSION_ROOT), children: [] };
  const nodesByPath = new Map<string, MutableNode>([[root.path, root]]);
  for (const leaf of ALL_LEAF_PERMISSIONS) {
    let parent = root;
    for (const path of listNodePathsOf(leaf).slice(1)) {
      let node = nodesByPath.get(path);
      if (node === undefined) {
        node = { path, name: lastSegmentOf(path), children: [] };
        nodesByPath.set(path, node);
        parent.children.push(node);
      }
      parent = node;
    }
  }
  return root;
}

/** `sos:products:joc:get_log` → `['sos:products', 'sos:products:joc', 'sos:products:joc:get_log']`. */
function listNodePathsOf(leaf: string): string[] {
  const segments = leaf.split(':');
  const paths: string[] = [];
  for (let length = 2; length <= segments.length; length++) paths.push(segments.slice(0, length).join(':'));
  return paths;
}

function lastSegmentOf(path: string): string {
  return path.slice(path.lastIndexOf(':') + 1);
}
