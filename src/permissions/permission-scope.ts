import { BoundedMemo } from './bounded-memo.js';
import { normalizePermissionPath } from './permission-tree.js';
import { GRANTED, type PermissionTrie } from './permission-trie.js';

/**
 * The permission check for one scope: the JOC scope / controller defaults, or one controller.
 *
 * Spec §2.3: `permitted = (grants(P) || grants(C:P)) && !excluded(P, C)`. The scope of controller C holds the
 * default-scope trie and C's own trie, so the flags gathered from both answer the rule in one pass:
 * - default-scope grants apply to every controller, and C's grants only to C;
 * - a denial from either trie wins over every grant, so a default-scope denial beats C's grants and C's denial
 *   touches C only.
 * Rows of all roles of all subjects sit in the same tries: "true if any subject permits, but exclusions from any
 * subject are applied" is the same as one flat set of rows.
 */
export class PermissionScope {
  private readonly tries: readonly PermissionTrie[];
  private readonly memo: BoundedMemo<boolean>;

  constructor(tries: readonly PermissionTrie[], memoCapacity: number) {
    this.tries = tries;
    this.memo = new BoundedMemo(memoCapacity);
  }

  isPermitted(path: string): boolean {
    const remembered = this.memo.get(path);
    if (remembered !== undefined) return remembered;
    const permitted = this.evaluate(path);
    this.memo.set(path, permitted);
    return permitted;
  }

  private evaluate(path: string): boolean {
    const segments = normalizePermissionPath(path).split(':');
    let flags = 0;
    for (const trie of this.tries) flags |= trie.flagsCovering(segments);
    // Granted and not denied: unassigned < granted < denied (spec §2.3).
    return flags === GRANTED;
  }
}
