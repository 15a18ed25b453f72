import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPermissionTree, listLeafPermissions } from '../../../web/src/permissions-editor/permission-model.js';
import { indexLeaves, leavesUnder, pathsToDepth, visibleRows } from '../../../web/src/permissions-editor/tree-rows.js';

const TREE = buildPermissionTree();

describe('permission tree rows', () => {
  it('shows the root and its expanded children, indented by depth', () => {
    const rows = visibleRows(TREE, { expanded: new Set(['sos:products']) });
    assert.deepEqual(rows.map((r) => [r.node.path, r.depth, r.expanded]), [
      ['sos:products', 0, true],
      ['sos:products:joc', 1, false],
      ['sos:products:controller', 1, false],
    ]);
  });

  it('filters by text and shows the ancestors of every match, expanded', () => {
    const rows = visibleRows(TREE, { expanded: new Set(), query: 'suspend' });
    assert.deepEqual(rows.map((r) => r.node.path), [
      'sos:products',
      'sos:products:controller',
      'sos:products:controller:orders',
      'sos:products:controller:orders:suspend_resume',
    ]);
  });

  it('hides a subtree (JOC permissions on a controller tab)', () => {
    const rows = visibleRows(TREE, { expanded: pathsToDepth(TREE, 99), hidden: ['sos:products:joc'] });
    assert.ok(rows.every((r) => !r.node.path.startsWith('sos:products:joc')));
    assert.ok(rows.some((r) => r.node.path === 'sos:products:controller:orders:view'));
  });

  it('indexes the leaves below every node; together they are the leaf list of spec §2.1', () => {
    const index = indexLeaves(TREE);
    assert.deepEqual([...(index.get('sos:products') ?? [])].sort(), listLeafPermissions().sort());
    assert.deepEqual(index.get('sos:products:controller:noticeboards'), [
      'sos:products:controller:noticeboards:view',
      'sos:products:controller:noticeboards:post',
      'sos:products:controller:noticeboards:delete',
    ]);
    assert.deepEqual(leavesUnder({ path: 'x:y', name: 'y', children: [] }), ['x:y']);
  });
});
