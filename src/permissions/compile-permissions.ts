import { FolderRestriction } from './folder-restriction.js';
import { PermissionScope } from './permission-scope.js';
import { normalizePermissionPath } from './permission-tree.js';
import { DENIED, GRANTED, PermissionTrie } from './permission-trie.js';
import type { CompiledPermissions, FolderRow, Subject } from './types.js';

export interface CompileOptions {
  /**
   * (Optional) Answers remembered per scope (JOC scope and each controller with rows), oldest dropped first.
   * 0 turns memoisation off (benchmarks, tests). Defaults to {@link DEFAULT_MEMO_CAPACITY}.
   */
  readonly memoCapacity?: number;
}

/** Far above the few hundred distinct paths the GUI and the route guard ask; small enough to never matter. */
export const DEFAULT_MEMO_CAPACITY = 1024;

/**
 * Compiles the roles of every subject (one per identity service that authenticated) into one object that answers
 * permission and folder checks for the whole session (spec §2.3, §2.4; design.md "Permissions").
 *
 * Rows are normalised (legacy `adminstration` alias, spec §1.8) and put in one trie per scope: the default scope
 * and each controller with controller-specific rows. A check walks at most two tries along the path, and its
 * answer is memoised per (controller, path).
 */
export function compilePermissions(subjects: readonly Subject[], options: CompileOptions = {}): CompiledPermissions {
  const memoCapacity = options.memoCapacity ?? DEFAULT_MEMO_CAPACITY;
  const roleNames = new Set<string>();
  const defaultTrie = new PermissionTrie();
  const controllerTries = new Map<string, PermissionTrie>();
  const defaultFolderRows: FolderRow[] = [];
  const controllerFolderRows = new Map<string, FolderRow[]>();
  let hasGrant = false;

  for (const subject of subjects) {
    for (const role of subject.roles) {
      roleNames.add(role.roleName);
      for (const row of role.permissions) {
        const path = normalizePermissionPath(row.path);
        if (path === '') continue; // covers nothing under spec §2.3; never let it become a root-wide entry
        const trie = row.controllerId === '' ? defaultTrie : getOrAdd(controllerTries, row.controllerId, createTrie);
        trie.add(path.split(':'), row.excluded ? DENIED : GRANTED);
        hasGrant ||= !row.excluded;
      }
      for (const row of role.folders) {
        if (row.controllerId === '') defaultFolderRows.push(row);
        else getOrAdd(controllerFolderRows, row.controllerId, () => []).push(row);
      }
    }
  }

  const defaultScope = new PermissionScope([defaultTrie], memoCapacity);
  const controllerScopes = new Map<string, PermissionScope>();
  for (const [controllerId, trie] of controllerTries) {
    controllerScopes.set(controllerId, new PermissionScope([defaultTrie, trie], memoCapacity));
  }

  // docs/decisions/0002-per-controller-folders.md: controller C sees default-scope rows ∪ rows of C.
  const defaultFolders = new FolderRestriction(defaultFolderRows);
  const controllerFolders = new Map<string, FolderRestriction>();
  for (const [controllerId, rows] of controllerFolderRows) {
    controllerFolders.set(controllerId, new FolderRestriction([...defaultFolderRows, ...rows]));
  }

  return new CompiledPermissionSet({
    roles: [...roleNames],
    controllerIds: [...controllerTries.keys()],
    isEmpty: !hasGrant,
    isFolderRestricted: defaultFolderRows.length > 0 || controllerFolderRows.size > 0,
    defaultScope,
    controllerScopes,
    defaultFolders,
    controllerFolders,
  });
}

interface CompiledParts {
  readonly roles: readonly string[];
  readonly controllerIds: readonly string[];
  readonly isEmpty: boolean;
  readonly isFolderRestricted: boolean;
  readonly defaultScope: PermissionScope;
  readonly controllerScopes: ReadonlyMap<string, PermissionScope>;
  readonly defaultFolders: FolderRestriction;
  readonly controllerFolders: ReadonlyMap<string, FolderRestriction>;
}

/**
 * The checks are arrow-function fields so that `const { isPermitted } = compiled` and passing
 * `compiled.isPermitted` as a callback keep working.
 */
class CompiledPermissionSet implements CompiledPermissions {
  readonly roles: readonly string[];
  readonly controllerIds: readonly string[];
  readonly isEmpty: boolean;
  readonly isFolderRestricted: boolean;
  private readonly parts: CompiledParts;

  constructor(parts: CompiledParts) {
    this.parts = parts;
    this.roles = Object.freeze([...parts.roles]);
    this.controllerIds = Object.freeze([...parts.controllerIds]);
    this.isEmpty = parts.isEmpty;
    this.isFolderRestricted = parts.isFolderRestricted;
  }

  /**
   * A controller without controller-specific rows (including an unknown one) gets the default scope: only
   * default-scope rows apply to it (spec §2.3). This also keeps the memos bounded by the controllers in the rows,
   * not by the controller ids callers send.
   */
  readonly isPermitted = (path: string, controllerId?: string): boolean => {
    const scope = controllerId ? this.parts.controllerScopes.get(controllerId) : undefined;
    return (scope ?? this.parts.defaultScope).isPermitted(path);
  };

  readonly isFolderPermitted = (folder: string, controllerId?: string): boolean => {
    const restriction = controllerId ? this.parts.controllerFolders.get(controllerId) : undefined;
    return (restriction ?? this.parts.defaultFolders).allows(folder);
  };
}

function createTrie(): PermissionTrie {
  return new PermissionTrie();
}

function getOrAdd<Value>(map: Map<string, Value>, key: string, create: () => Value): Value {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
