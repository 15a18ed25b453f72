/**
 * A trie of permission entries keyed by path segment (`sos` → `products` → `joc` → …).
 *
 * Spec §2.3 matches an entry `e` against a path `p` when `(p + ":").startsWith(e + ":")`: an entry covers itself
 * and its whole subtree, and only at segment boundaries (`sos:products:joc` does not cover `sos:products:jocx`).
 * In a trie keyed by segment, the entries covering `p` are exactly the marked nodes on the walk from the root
 * along `p`, so a lookup costs O(depth of p) whatever the number of rows.
 */

/** Flag of a node granted by some row. */
export const GRANTED = 1;
/** Flag of a node denied (`excluded`) by some row. */
export const DENIED = 2;

interface TrieNode {
  flags: number;
  readonly children: Map<string, TrieNode>;
}

function createNode(): TrieNode {
  return { flags: 0, children: new Map() };
}

export class PermissionTrie {
  private readonly root: TrieNode = createNode();

  /** Marks the node at `segments` with `flag` (GRANTED or DENIED). */
  add(segments: readonly string[], flag: number): void {
    let node = this.root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = createNode();
        node.children.set(segment, child);
      }
      node = child;
    }
    node.flags |= flag;
  }

  /** The union of the flags of every entry covering `segments` (the entry itself and all its ancestors). */
  flagsCovering(segments: readonly string[]): number {
    let flags = 0;
    let node: TrieNode | undefined = this.root;
    for (const segment of segments) {
      node = node.children.get(segment);
      if (node === undefined) break;
      flags |= node.flags;
    }
    return flags;
  }
}
