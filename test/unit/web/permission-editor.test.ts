import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRole, explainNode, leavesForScope, selfAndAncestors } from '../../../web/src/permissions-editor/effective-state.js';
import { buildPermissionTree, listLeafPermissions } from '../../../web/src/permissions-editor/permission-model.js';
import { diffRole } from '../../../web/src/permissions-editor/role-diff.js';
import {
  addControllerScope,
  DEFAULT_SCOPE,
  emptyRoleRules,
  explicitState,
  removeControllerScope,
  removeFolder,
  roleRulesFromServer,
  scopeIds,
  setAssignment,
  setFolder,
  type RoleRules,
} from '../../../web/src/permissions-editor/role-rules.js';
import { planSave } from '../../../web/src/permissions-editor/save-plan.js';
import { nextTriState, previousTriState, triStateForKey, type TriState } from '../../../web/src/permissions-editor/tri-state.js';

const LEAVES = listLeafPermissions();
const JOC = 'sos:products:joc';
const CTRL = 'sos:products:controller';

function rules(rows: [controllerId: string, path: string, state: TriState][]): RoleRules {
  return rows.reduce((r, [c, p, s]) => setAssignment(addControllerScope(r, c), c, p, s), emptyRoleRules());
}

describe('tri-state cycling', () => {
  it('cycles unassigned → granted → denied → unassigned, and back the other way', () => {
    assert.equal(nextTriState('unassigned'), 'granted');
    assert.equal(nextTriState('granted'), 'denied');
    assert.equal(nextTriState('denied'), 'unassigned');
    for (const s of ['unassigned', 'granted', 'denied'] as const) assert.equal(previousTriState(nextTriState(s)), s);
  });

  it('maps the keyboard shortcuts g / d / u (and Delete, Backspace)', () => {
    assert.equal(triStateForKey('g'), 'granted');
    assert.equal(triStateForKey('D'), 'denied');
    assert.equal(triStateForKey('u'), 'unassigned');
    assert.equal(triStateForKey('Delete'), 'unassigned');
    assert.equal(triStateForKey('Backspace'), 'unassigned');
    assert.equal(triStateForKey('x'), null);
    assert.equal(triStateForKey('Enter'), null);
  });

  it('setting a node never mutates the previous model (the base stays as loaded)', () => {
    const base = emptyRoleRules();
    const draft = setAssignment(base, DEFAULT_SCOPE, JOC, 'granted');
    assert.equal(explicitState(base, DEFAULT_SCOPE, JOC), 'unassigned');
    assert.equal(explicitState(draft, DEFAULT_SCOPE, JOC), 'granted');
    assert.equal(setAssignment(draft, DEFAULT_SCOPE, JOC, 'granted'), draft, 'no-op returns the same object');
    assert.equal(explicitState(setAssignment(draft, DEFAULT_SCOPE, JOC, 'unassigned'), DEFAULT_SCOPE, JOC), 'unassigned');
  });
});

describe('loading a role from the server (spec §1.8)', () => {
  it('normalises the legacy "adminstration" typo, lets a denial win over a duplicate grant, defaults folders to recursive', () => {
    const r = roleRulesFromServer([
      {
        controllerId: '',
        permissions: [
          { permissionPath: 'sos:products:joc:adminstration:accounts:view' },
          { permissionPath: `${CTRL}:orders`, excluded: true },
          { permissionPath: `${CTRL}:orders`, excluded: false },
        ],
        folders: [{ folder: '/prod' }, { folder: '/test', recursive: false }],
      },
      { controllerId: 'c1', permissions: [{ permissionPath: CTRL }], folders: [] },
    ]);
    assert.equal(explicitState(r, '', 'sos:products:joc:administration:accounts:view'), 'granted');
    assert.equal(explicitState(r, '', `${CTRL}:orders`), 'denied');
    assert.deepEqual([...r.scopes.get('')!.folders], [['/prod', true], ['/test', false]]);
    assert.deepEqual(scopeIds(r), ['', 'c1']);
  });
});

describe('inheritance display (each node shows its effective state given its ancestors)', () => {
  it('a grant on an inner node is inherited by every descendant', () => {
    const r = rules([['', JOC, 'granted']]);
    const leaf = explainNode(r, '', `${JOC}:inventory:view`);
    assert.equal(leaf.explicit, 'unassigned');
    assert.equal(leaf.effective, 'granted');
    assert.deepEqual(leaf.decidedBy, { path: JOC, controllerId: '' });
    assert.equal(explainNode(r, '', `${CTRL}:view`).effective, 'not-granted');
  });

  it('a denial on an ancestor beats a grant set directly on the node', () => {
    const r = rules([
      ['', `${JOC}:inventory`, 'denied'],
      ['', `${JOC}:inventory:view`, 'granted'],
    ]);
    const e = explainNode(r, '', `${JOC}:inventory:view`);
    assert.equal(e.explicit, 'granted');
    assert.equal(e.effective, 'denied');
    assert.deepEqual(e.decidedBy, { path: `${JOC}:inventory`, controllerId: '' });
  });

  it('matches by whole segments only', () => {
    const r = rules([['', `${CTRL}:orders:view`, 'granted']]);
    assert.equal(explainNode(r, '', `${CTRL}:orders:view`).effective, 'granted');
    assert.equal(explainNode(r, '', `${CTRL}:orders`).effective, 'not-granted');
    assert.deepEqual(selfAndAncestors(`${CTRL}:orders:view`), [`${CTRL}:orders:view`, `${CTRL}:orders`, CTRL, 'sos:products']);
  });

  it('agrees with the shared engine (compilePermissions) for every leaf of many random roles', () => {
    const tree = buildPermissionTree();
    const nodes: string[] = [];
    const walk = (n: typeof tree) => {
      nodes.push(n.path);
      n.children.forEach(walk);
    };
    walk(tree);
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const states: TriState[] = ['granted', 'denied'];
    for (let round = 0; round < 60; round++) {
      const rows: [string, string, TriState][] = [];
      const count = 1 + rand(8);
      for (let i = 0; i < count; i++) rows.push([rand(3) === 0 ? 'c1' : '', nodes[rand(nodes.length)]!, states[rand(2)]!]);
      const r = rules(rows);
      const compiled = compileRole(r);
      for (const controllerId of ['', 'c1', 'other']) {
        for (const leaf of leavesForScope(LEAVES, controllerId)) {
          const shown = explainNode(r, controllerId === 'other' ? '' : controllerId, leaf).effective === 'granted';
          assert.equal(shown, compiled.isPermitted(leaf, controllerId || undefined), `round ${round} ${controllerId} ${leaf} ${JSON.stringify(rows)}`);
        }
      }
    }
  });
});

describe('controller scopes', () => {
  it('default-scope grants apply on a controller tab and say where they come from', () => {
    const r = rules([['', CTRL, 'granted']]);
    const withTab = addControllerScope(r, 'c1');
    const e = explainNode(withTab, 'c1', `${CTRL}:orders:cancel`);
    assert.equal(e.effective, 'granted');
    assert.deepEqual(e.decidedBy, { path: CTRL, controllerId: '' });
  });

  it('a controller-specific denial touches only that controller', () => {
    const r = rules([
      ['', CTRL, 'granted'],
      ['c1', `${CTRL}:orders:cancel`, 'denied'],
    ]);
    assert.equal(explainNode(r, 'c1', `${CTRL}:orders:cancel`).effective, 'denied');
    assert.equal(explainNode(r, '', `${CTRL}:orders:cancel`).effective, 'granted');
    const compiled = compileRole(r);
    assert.equal(compiled.isPermitted(`${CTRL}:orders:cancel`, 'c1'), false);
    assert.equal(compiled.isPermitted(`${CTRL}:orders:cancel`, 'c2'), true);
  });

  it('a default-scope denial beats a controller-specific grant', () => {
    const r = rules([
      ['', `${CTRL}:restart`, 'denied'],
      ['c1', CTRL, 'granted'],
    ]);
    assert.equal(explainNode(r, 'c1', `${CTRL}:restart`).effective, 'denied');
    assert.equal(explainNode(r, 'c1', `${CTRL}:view`).effective, 'granted');
  });

  it('adding a tab adds an empty scope; removing it unassigns all of its rows on save', () => {
    const base = rules([['c1', `${CTRL}:view`, 'granted']]);
    assert.equal(addControllerScope(base, 'c1'), base);
    assert.equal(addControllerScope(base, ''), base);
    const draft = removeControllerScope(base, 'c1');
    assert.deepEqual(scopeIds(draft), ['']);
    const diff = diffRole(base, draft, LEAVES);
    assert.equal(diff.scopes.length, 1);
    assert.equal(diff.scopes[0]!.removed, true);
    assert.deepEqual(diff.scopes[0]!.unassign, [{ path: `${CTRL}:view`, was: 'granted' }]);
    assert.deepEqual(diff.noLongerPermitted, [{ controllerId: 'c1', path: `${CTRL}:view` }]);
  });

  it('JOC leaves are only evaluated in the default scope', () => {
    assert.ok(leavesForScope(LEAVES, 'c1').every((l) => l.startsWith(`${CTRL}:`)));
    assert.equal(leavesForScope(LEAVES, '').length, LEAVES.length);
  });
});

describe('diff before save ("will grant / will deny")', () => {
  it('is empty when nothing changed', () => {
    const base = rules([['', JOC, 'granted']]);
    const diff = diffRole(base, base, LEAVES);
    assert.equal(diff.isEmpty, true);
    assert.deepEqual(diff.nowPermitted, []);
  });

  it('lists rows to grant, deny and unassign, and the leaves whose result changes', () => {
    const base = rules([
      ['', `${JOC}:auditlog:view`, 'granted'],
      ['', `${JOC}:calendars:view`, 'granted'],
    ]);
    let draft = setAssignment(base, '', `${CTRL}:orders`, 'granted');
    draft = setAssignment(draft, '', `${CTRL}:orders:cancel`, 'denied');
    draft = setAssignment(draft, '', `${JOC}:auditlog:view`, 'denied');
    draft = setAssignment(draft, '', `${JOC}:calendars:view`, 'unassigned');
    const diff = diffRole(base, draft, LEAVES);
    const s = diff.scopes[0]!;
    assert.deepEqual(s.grant, [`${CTRL}:orders`]);
    assert.deepEqual(s.deny, [`${CTRL}:orders:cancel`, `${JOC}:auditlog:view`]);
    assert.deepEqual(s.unassign, [{ path: `${JOC}:calendars:view`, was: 'granted' }]);
    const now = diff.nowPermitted.map((e) => e.path);
    assert.ok(now.includes(`${CTRL}:orders:view`));
    assert.ok(!now.includes(`${CTRL}:orders:cancel`), 'denied leaf is not newly permitted');
    assert.deepEqual(diff.noLongerPermitted.map((e) => e.path).sort(), [`${JOC}:auditlog:view`, `${JOC}:calendars:view`]);
  });

  it('a change that alters no result still shows as a row change with no effect', () => {
    const base = rules([['', JOC, 'granted']]);
    const draft = setAssignment(base, '', `${JOC}:inventory`, 'granted');
    const diff = diffRole(base, draft, LEAVES);
    assert.equal(diff.isEmpty, false);
    assert.deepEqual(diff.scopes[0]!.grant, [`${JOC}:inventory`]);
    assert.deepEqual(diff.nowPermitted, []);
    assert.deepEqual(diff.noLongerPermitted, []);
  });
});

describe('folders (spec §2.4)', () => {
  it('tracks added, changed (recursive flag) and removed folders per scope', () => {
    let base = setFolder(emptyRoleRules(), '', '/prod', true);
    base = setFolder(base, '', '/old', true);
    let draft = setFolder(base, '', '/prod', false);
    draft = removeFolder(draft, '', '/old');
    draft = setFolder(draft, '', '/new', true);
    draft = setFolder(addControllerScope(draft, 'c1'), 'c1', '/c1only', false);
    assert.equal(setFolder(draft, '', '/new', true), draft);
    assert.equal(removeFolder(draft, '', '/missing'), draft);
    const diff = diffRole(base, draft, LEAVES);
    const def = diff.scopes.find((s) => s.controllerId === '')!;
    assert.deepEqual(def.foldersAdded, [{ folder: '/new', recursive: true }]);
    assert.deepEqual(def.foldersChanged, [{ folder: '/prod', recursive: false }]);
    assert.deepEqual(def.foldersRemoved, ['/old']);
    const c1 = diff.scopes.find((s) => s.controllerId === 'c1')!;
    assert.equal(c1.added, true);
    assert.deepEqual(c1.foldersAdded, [{ folder: '/c1only', recursive: false }]);
  });
});

describe('save plan (spec §1.8 calls)', () => {
  it('builds store/delete calls per scope, narrowing before widening', () => {
    const base = setFolder(
      rules([
        ['', `${JOC}:calendars`, 'granted'],
        ['', `${JOC}:inventory`, 'denied'],
      ]),
      '',
      '/old',
      true,
    );
    let draft = setAssignment(base, '', `${JOC}:calendars`, 'unassigned');
    draft = setAssignment(draft, '', `${JOC}:inventory`, 'unassigned');
    draft = setAssignment(draft, '', `${CTRL}:view`, 'granted');
    draft = setAssignment(draft, '', `${CTRL}:restart`, 'denied');
    draft = removeFolder(setFolder(draft, '', '/prod', true), '', '/old');
    draft = setAssignment(addControllerScope(draft, 'c1'), 'c1', `${CTRL}:terminate`, 'granted');
    const calls = planSave('JOC-2', 'ops', diffRole(base, draft, LEAVES));
    const common = { identityServiceName: 'JOC-2', roleName: 'ops', controllerId: '' };
    assert.deepEqual(
      calls.map((c) => [c.path, c.body]),
      [
        ['/iam/permissions/store', { ...common, permissions: [{ permissionPath: `${CTRL}:restart`, excluded: true }] }],
        ['/iam/folders/store', { ...common, folders: [{ folder: '/prod', recursive: true }] }],
        ['/iam/permissions/delete', { ...common, permissionPaths: [`${JOC}:calendars`] }],
        ['/iam/permissions/store', { ...common, permissions: [{ permissionPath: `${CTRL}:view`, excluded: false }] }],
        ['/iam/permissions/delete', { ...common, permissionPaths: [`${JOC}:inventory`] }],
        ['/iam/folders/delete', { ...common, folderNames: ['/old'] }],
        ['/iam/permissions/store', { ...common, controllerId: 'c1', permissions: [{ permissionPath: `${CTRL}:terminate`, excluded: false }] }],
      ],
    );
    assert.ok(calls.every((c) => c.description.length > 0));
  });

  it('plans nothing when there is nothing to save', () => {
    const base = rules([['', JOC, 'granted']]);
    assert.deepEqual(planSave('s', 'r', diffRole(base, base, LEAVES)), []);
  });
});
