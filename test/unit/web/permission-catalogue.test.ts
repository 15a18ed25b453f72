// The permission catalogue in the permission editor (web/src/permissions-editor/catalogue.ts): the server's answer
// read as it is produced (src/forward-auth/permission-catalogue.ts), one tree section per application on the default
// tab, the same effective-result rules (a root grant covers the application, a denial wins), and the same save calls.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePermissionCatalogue } from '../../../src/forward-auth/permission-catalogue.js';
import {
  catalogueFromServer,
  catalogueInitialExpansion,
  catalogueInnerPaths,
  catalogueLeafIndex,
  catalogueLeaves,
  catalogueSections,
  editorLeaves,
} from '../../../web/src/permissions-editor/catalogue.js';
import { compileRole, explainNode, selfAndAncestors } from '../../../web/src/permissions-editor/effective-state.js';
import { listLeafPermissions } from '../../../web/src/permissions-editor/permission-model.js';
import { diffRole } from '../../../web/src/permissions-editor/role-diff.js';
import { addControllerScope, emptyRoleRules, setAssignment, type RoleRules } from '../../../web/src/permissions-editor/role-rules.js';
import { planSave } from '../../../web/src/permissions-editor/save-plan.js';
import type { TriState } from '../../../web/src/permissions-editor/tri-state.js';

const YAML = `
applications:
  - root: shop
    title: Web shop
    description: Orders and refunds
    permissions:
      - shop:orders:view
      - shop:orders:create
      - path: shop:refunds:create
        description: Refund an order
  - root: wiki
    permissions: [wiki:edit]
`;

/** Exactly what `POST /joc/api/iam/permission_catalogue` sends: the parsed catalogue's applications as JSON. */
function serverAnswer(): unknown {
  const { applications } = parsePermissionCatalogue(YAML, 'catalogue.yaml');
  return JSON.parse(JSON.stringify({ deliveryDate: '2024-01-01T00:00:00Z', applications }));
}

const APPS = catalogueFromServer(serverAnswer());
const JS7_LEAVES = listLeafPermissions();

function rules(rows: [controllerId: string, path: string, state: TriState][]): RoleRules {
  return rows.reduce((r, [c, p, s]) => setAssignment(addControllerScope(r, c), c, p, s), emptyRoleRules());
}

describe('permission catalogue in the editor', () => {
  it('reads the server answer: applications, titles, descriptions and trees', () => {
    assert.deepEqual(APPS.map((a) => [a.root, a.title, a.description]), [['shop', 'Web shop', 'Orders and refunds'], ['wiki', 'wiki', undefined]]);
    const shop = APPS[0]!;
    assert.deepEqual(shop.tree.children.map((c) => c.path), ['shop:orders', 'shop:refunds']);
    assert.deepEqual(shop.tree.children[1]!.children.map((c) => [c.path, c.name, c.description]), [['shop:refunds:create', 'create', 'Refund an order']]);
    assert.deepEqual(catalogueLeaves(APPS), ['shop:orders:view', 'shop:orders:create', 'shop:refunds:create', 'wiki:edit']);
  });

  it('an empty or malformed answer gives no applications; JS7\'s root and foreign nodes are never taken', () => {
    assert.deepEqual(catalogueFromServer({ applications: [] }), []);
    assert.deepEqual(catalogueFromServer(undefined), []);
    assert.deepEqual(catalogueFromServer({ applications: 'x' }), []);
    const odd = catalogueFromServer({
      applications: [
        { root: 'sos', title: 'JS7?', tree: { path: 'sos', name: 'sos', children: [] } },
        { root: 'bad root', tree: { path: 'bad root', children: [] } },
        { root: 'crm', tree: { path: 'crm', children: [{ path: 'other:x', children: [] }, { path: 'crm:deals', children: [{ path: 'crm:deals:view' }] }] } },
        { root: 'crm', tree: { path: 'crm', children: [] } },
      ],
    });
    assert.deepEqual(odd.map((a) => a.root), ['crm']);
    assert.deepEqual(catalogueLeaves(odd), ['crm:deals:view']);
    assert.equal(odd[0]!.title, 'crm');
  });

  it('editor leaves are JS7\'s plus the catalogue\'s; every node knows its leaves', () => {
    const leaves = editorLeaves(JS7_LEAVES, APPS);
    assert.equal(leaves.length, JS7_LEAVES.length + 4);
    assert.deepEqual(leaves.slice(-4), catalogueLeaves(APPS));
    const index = catalogueLeafIndex(APPS);
    assert.deepEqual(index.get('shop'), ['shop:orders:view', 'shop:orders:create', 'shop:refunds:create']);
    assert.deepEqual(index.get('shop:orders'), ['shop:orders:view', 'shop:orders:create']);
    assert.deepEqual(index.get('wiki:edit'), ['wiki:edit']);
    assert.deepEqual(catalogueInitialExpansion(APPS), ['shop', 'wiki']);
    assert.deepEqual(catalogueInnerPaths(APPS).sort(), ['shop', 'shop:orders', 'shop:refunds', 'wiki']);
  });

  it('one section per application on the default tab, filtered like JS7\'s tree; none on controller tabs', () => {
    const expanded = new Set(['shop']);
    const all = catalogueSections(APPS, { controllerId: '', expanded, query: '' });
    assert.deepEqual(all.map((s) => [s.app.root, s.rows.map((r) => r.node.path)]), [
      ['shop', ['shop', 'shop:orders', 'shop:refunds']],
      ['wiki', ['wiki']],
    ]);
    const filtered = catalogueSections(APPS, { controllerId: '', expanded, query: 'refund' });
    assert.deepEqual(filtered.map((s) => [s.app.root, s.rows.map((r) => r.node.path)]), [['shop', ['shop', 'shop:refunds', 'shop:refunds:create']]]);
    assert.deepEqual(catalogueSections(APPS, { controllerId: 'controller-eu', expanded, query: '' }), []);
    assert.deepEqual(catalogueSections([], { controllerId: '', expanded, query: '' }), []);
  });

  it('effective result: the application root can be granted, inner grants cover their subtree, a denial wins', () => {
    assert.deepEqual(selfAndAncestors('shop:orders:view'), ['shop:orders:view', 'shop:orders', 'shop']);
    assert.deepEqual(selfAndAncestors('sos:products:joc'), ['sos:products:joc', 'sos:products']);
    const r = rules([['', 'shop', 'granted'], ['', 'shop:orders:create', 'denied']]);
    assert.deepEqual(explainNode(r, '', 'shop:orders:view'), { explicit: 'unassigned', effective: 'granted', decidedBy: { path: 'shop', controllerId: '' } });
    assert.equal(explainNode(r, '', 'shop:orders:create').effective, 'denied');
    assert.equal(explainNode(r, '', 'wiki:edit').effective, 'not-granted');
    const compiled = compileRole(r);
    assert.equal(compiled.isPermitted('shop:refunds:create'), true);
    assert.equal(compiled.isPermitted('shop:orders:create'), false);
    assert.equal(compiled.isPermitted('wiki:edit'), false);
    // The super-role path of JS7 does not include application trees.
    assert.equal(compileRole(rules([['', 'sos:products', 'granted']])).isPermitted('shop:orders:view'), false);
  });

  it('granting a catalogue node shows its effect before saving and saves with /iam/permissions/store', () => {
    const base = rules([['', 'sos:products:joc:auditlog:view', 'granted']]);
    const draft = setAssignment(base, '', 'shop:orders', 'granted');
    const diff = diffRole(base, draft, editorLeaves(JS7_LEAVES, APPS));
    assert.deepEqual(diff.scopes.map((s) => [s.controllerId, s.grant]), [['', ['shop:orders']]]);
    assert.deepEqual(diff.nowPermitted, [
      { controllerId: '', path: 'shop:orders:view' },
      { controllerId: '', path: 'shop:orders:create' },
    ]);
    assert.deepEqual(diff.noLongerPermitted, []);
    assert.deepEqual(planSave('JOC-INITIAL', 'shoppers', diff), [
      {
        path: '/iam/permissions/store',
        body: { identityServiceName: 'JOC-INITIAL', roleName: 'shoppers', controllerId: '', permissions: [{ permissionPath: 'shop:orders', excluded: false }] },
        description: 'grant 1 permission(s) in the default scope',
      },
    ]);
    // Removing it again: a delete call, and the effect listed as no longer permitted.
    const back = diffRole(draft, base, editorLeaves(JS7_LEAVES, APPS));
    assert.deepEqual(back.noLongerPermitted.map((e) => e.path), ['shop:orders:view', 'shop:orders:create']);
    assert.deepEqual(planSave('JOC-INITIAL', 'shoppers', back).map((c) => [c.path, c.body.permissionPaths]), [['/iam/permissions/delete', ['shop:orders']]]);
  });
});
