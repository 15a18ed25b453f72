import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildPermissionTree,
  isKnownPermissionPath,
  listLeafPermissions,
  normalizePermissionPath,
} from '../../../src/permissions/permission-tree.js';
import type { PermissionNode } from '../../../src/permissions/permission-tree.js';

function listTreeLeaves(node: PermissionNode): string[] {
  return node.children.length === 0 ? [node.path] : node.children.flatMap(listTreeLeaves);
}

describe('permission tree (spec §2.1)', () => {
  it('lists 31 JOC and 21 controller leaves, each once', () => {
    const leaves = listLeafPermissions();
    assert.equal(new Set(leaves).size, leaves.length);
    assert.equal(leaves.filter((leaf) => leaf.startsWith('sos:products:joc:')).length, 31);
    assert.equal(leaves.filter((leaf) => leaf.startsWith('sos:products:controller:')).length, 21);
    assert.equal(leaves.length, 52);
  });

  it('returns a fresh list each call', () => {
    listLeafPermissions().pop();
    assert.equal(listLeafPermissions().length, 52);
  });

  it('builds a tree rooted at sos:products whose leaves are the leaf list, in order', () => {
    const tree = buildPermissionTree();
    assert.equal(tree.path, 'sos:products');
    assert.equal(tree.name, 'products');
    assert.deepEqual(
      tree.children.map((child) => child.path),
      ['sos:products:joc', 'sos:products:controller'],
    );
    assert.deepEqual(listTreeLeaves(tree), listLeafPermissions());
    const orders = tree.children[1]?.children.find((child) => child.name === 'orders');
    assert.equal(orders?.path, 'sos:products:controller:orders');
    assert.equal(orders?.children.length, 8);
  });

  it('knows the root, inner nodes and leaves, and nothing else', () => {
    const known = [
      'sos:products',
      'sos:products:joc',
      'sos:products:joc:administration:accounts',
      'sos:products:controller:orders:confirm',
    ];
    for (const path of known) {
      assert.equal(isKnownPermissionPath(path), true, path);
    }
    const unknown = [
      'sos',
      '',
      'sos:products:jocx',
      'sos:products:joc:adminstration',
      'sos:products:joc:inventory:view:x',
      'sos:products:joc:',
    ];
    for (const path of unknown) {
      assert.equal(isKnownPermissionPath(path), false, path);
    }
  });

  it('normalises the legacy adminstration typo at segment boundaries only', () => {
    assert.equal(normalizePermissionPath('sos:products:joc:adminstration'), 'sos:products:joc:administration');
    assert.equal(
      normalizePermissionPath('sos:products:joc:adminstration:accounts:view'),
      'sos:products:joc:administration:accounts:view',
    );
    assert.equal(normalizePermissionPath('sos:products:joc:adminstration:'), 'sos:products:joc:administration');
    assert.equal(normalizePermissionPath('sos:products:joc:adminstrationx'), 'sos:products:joc:adminstrationx');
    assert.equal(normalizePermissionPath(' sos:products:joc:inventory:: '), 'sos:products:joc:inventory');
    assert.equal(normalizePermissionPath('sos:products:controller:view'), 'sos:products:controller:view');
  });
});
