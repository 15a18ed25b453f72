import type { FolderRow } from './types.js';

/**
 * Folder rows of spec §2.4 for one scope: the inventory folders an account may see there.
 *
 * The restriction is the union of the rows of all roles; if there are no rows at all, the scope is unrestricted.
 * A role without folder rows does not widen a restriction set by another role (spec §2.4 [C]).
 */
export class FolderRestriction {
  /** True if any folder row applies; otherwise every folder is permitted. */
  readonly isRestricted: boolean;
  private readonly exactFolders: ReadonlySet<string>;
  private readonly recursiveFolders: ReadonlySet<string>;

  constructor(rows: readonly FolderRow[]) {
    this.isRestricted = rows.length > 0;
    this.exactFolders = new Set(rows.filter((row) => !row.recursive).map((row) => normalizeFolderPath(row.folder)));
    this.recursiveFolders = new Set(rows.filter((row) => row.recursive).map((row) => normalizeFolderPath(row.folder)));
  }

  /**
   * Spec §2.4: allowed if equal to a listed folder, or if a recursive entry is `/` or a prefix at a `/` boundary
   * (`/a` covers `/a/b`, never `/ab`). Walking the ancestors costs O(depth) set lookups.
   */
  allows(folder: string): boolean {
    if (!this.isRestricted) return true;
    const normalized = normalizeFolderPath(folder);
    if (this.exactFolders.has(normalized) || this.recursiveFolders.has(normalized)) return true;
    for (let end = normalized.lastIndexOf('/'); end > 0; end = normalized.lastIndexOf('/', end - 1)) {
      if (this.recursiveFolders.has(normalized.slice(0, end))) return true;
    }
    return this.recursiveFolders.has('/');
  }
}

/**
 * Leading `/`, no trailing `/` (spec §2.4). Empty and `.` segments are dropped and `..` is resolved (never above
 * `/`), so that `/a/../b` cannot pass as a descendant of a recursive `/a`.
 */
export function normalizeFolderPath(folder: string): string {
  const segments: string[] = [];
  for (const segment of folder.trim().split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}
