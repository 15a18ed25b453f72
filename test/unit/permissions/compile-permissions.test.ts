import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePermissions } from '../../../src/permissions/compile-permissions.js';
import { buildPermissionTree, listLeafPermissions } from '../../../src/permissions/permission-tree.js';
import type { PermissionNode } from '../../../src/permissions/permission-tree.js';
import type { FolderRow, PermissionRow, RoleGrant, Subject } from '../../../src/permissions/types.js';
import { pick, seededRandom } from '../../support/seeded-random.js';

const grant = (path: string, controllerId = ''): PermissionRow => ({ path, controllerId, excluded: false });
const deny = (path: string, controllerId = ''): PermissionRow => ({ path, controllerId, excluded: true });
const folder = (path: string, recursive: boolean, controllerId = ''): FolderRow => ({
  folder: path,
  controllerId,
  recursive,
});
const role = (roleName: string, permissions: PermissionRow[], folders: FolderRow[] = []): RoleGrant => ({
  roleName,
  permissions,
  folders,
});
const subject = (serviceName: string, ...roles: RoleGrant[]): Subject => ({ serviceName, roles });
/** One subject (a single identity service) holding the given roles. */
const oneService = (...roles: RoleGrant[]): Subject[] => [subject('JOC', ...roles)];

interface PermissionCase {
  rule: string;
  subjects: Subject[];
  checks: Array<[path: string, controllerId: string | undefined, expected: boolean]>;
}

const INVENTORY = 'sos:products:joc:inventory';
const RESTART = 'sos:products:controller:restart';
const ORDERS = 'sos:products:controller:orders';

// One row per rule of spec §2.3; every row has answers that differ from "always true" and "always false".
const PERMISSION_CASES: PermissionCase[] = [
  {
    rule: 'a leaf grant grants that leaf only, not its siblings or parent',
    subjects: oneService(role('r', [grant(`${INVENTORY}:view`)])),
    checks: [
      [`${INVENTORY}:view`, undefined, true],
      [`${INVENTORY}:manage`, undefined, false],
      [INVENTORY, undefined, false],
    ],
  },
  {
    rule: 'an inner node grant grants itself and every descendant',
    subjects: oneService(role('r', [grant(INVENTORY)])),
    checks: [
      [INVENTORY, undefined, true],
      [`${INVENTORY}:deploy`, undefined, true],
      ['sos:products:joc:calendars:view', undefined, false],
    ],
  },
  {
    rule: 'prefixes match at segment boundaries only (sos:products:joc does not grant sos:products:jocx)',
    subjects: oneService(role('r', [grant('sos:products:joc'), grant('sos:products:controller:orders:view')])),
    checks: [
      ['sos:products:joc:get_log', undefined, true],
      ['sos:products:jocx', undefined, false],
      ['sos:products:jocx:view', undefined, false],
      ['sos:products:controller:orders:viewer', undefined, false],
    ],
  },
  {
    rule: 'the root sos:products grants everything in both scopes and for every controller',
    subjects: oneService(role('all', [grant('sos:products')])),
    checks: [
      ['sos:products', undefined, true],
      ['sos:products:joc:administration:accounts:manage', undefined, true],
      [RESTART, undefined, true],
      [RESTART, 'controller-1', true],
    ],
  },
  {
    rule: 'nothing assigned means nothing permitted',
    subjects: oneService(role('empty', [])),
    checks: [[`${INVENTORY}:view`, undefined, false]],
  },
  {
    rule: 'a denial in one role beats a grant in another role',
    subjects: oneService(role('all', [grant('sos:products')]), role('no-manage', [deny(`${INVENTORY}:manage`)])),
    checks: [
      [`${INVENTORY}:manage`, undefined, false],
      [`${INVENTORY}:view`, undefined, true],
    ],
  },
  {
    rule: 'a denial of an inner node denies its descendants, not its ancestors',
    subjects: oneService(role('r', [grant('sos:products:joc'), deny(INVENTORY)])),
    checks: [
      [`${INVENTORY}:deploy`, undefined, false],
      [INVENTORY, undefined, false],
      ['sos:products:joc', undefined, true],
      ['sos:products:joc:calendars:view', undefined, true],
    ],
  },
  {
    rule: 'a denial of a leaf does not deny its parent node',
    subjects: oneService(role('r', [grant(INVENTORY), deny(`${INVENTORY}:deploy`)])),
    checks: [
      [INVENTORY, undefined, true],
      [`${INVENTORY}:deploy`, undefined, false],
    ],
  },
  {
    rule: 'a denial from one subject beats a grant from another subject',
    subjects: [
      subject('LDAP', role('admins', [grant('sos:products')])),
      subject('JOC', role('restricted', [grant('sos:products:joc:get_log'), deny(RESTART)])),
    ],
    checks: [
      [RESTART, undefined, false],
      [RESTART, 'controller-1', false],
      ['sos:products:controller:terminate', undefined, true],
    ],
  },
  {
    rule: 'a grant from any one subject is enough',
    subjects: [
      subject('LDAP', role('viewers', [grant(`${INVENTORY}:view`)])),
      subject('JOC', role('other', [grant('sos:products:joc:get_log')])),
    ],
    checks: [
      [`${INVENTORY}:view`, undefined, true],
      ['sos:products:joc:get_log', undefined, true],
      [`${INVENTORY}:manage`, undefined, false],
    ],
  },
  {
    rule: 'a default-scope denial beats a controller-specific grant',
    subjects: oneService(role('r', [deny(`${ORDERS}:cancel`), grant(ORDERS, 'controller-1')])),
    checks: [
      [`${ORDERS}:cancel`, 'controller-1', false],
      [`${ORDERS}:create`, 'controller-1', true],
    ],
  },
  {
    rule: 'a controller-specific denial affects that controller only',
    subjects: oneService(role('r', [grant('sos:products:controller'), deny(RESTART, 'controller-1')])),
    checks: [
      [RESTART, 'controller-1', false],
      [RESTART, 'controller-2', true],
      [RESTART, undefined, true],
      [RESTART, '', true],
      ['sos:products:controller:terminate', 'controller-1', true],
    ],
  },
  {
    rule: 'a default-scope grant applies to every controller',
    subjects: oneService(role('r', [grant('sos:products:controller:view')])),
    checks: [
      ['sos:products:controller:view', undefined, true],
      ['sos:products:controller:view', 'controller-1', true],
      [RESTART, 'controller-1', false],
    ],
  },
  {
    rule: 'a controller-specific grant applies to that controller only, not to the defaults',
    subjects: oneService(
      role('r', [grant(RESTART, 'controller-1'), grant('sos:products:controller:view', 'controller-2')]),
    ),
    checks: [
      [RESTART, 'controller-1', true],
      [RESTART, 'controller-2', false],
      [RESTART, undefined, false],
    ],
  },
  {
    rule: 'an unknown controller gets the default scope only',
    subjects: oneService(
      role('r', [
        grant('sos:products:controller:view'),
        grant(RESTART, 'controller-1'),
        deny('sos:products:controller:view', 'controller-1'),
      ]),
    ),
    checks: [
      ['sos:products:controller:view', 'never-configured', true],
      [RESTART, 'never-configured', false],
      ['sos:products:controller:view', 'controller-1', false],
    ],
  },
  {
    rule: 'the legacy alias adminstration is honoured in grants, denials and queries',
    subjects: oneService(
      role('legacy', [
        grant('sos:products:joc:adminstration:accounts'),
        deny('sos:products:joc:adminstration:accounts:manage'),
      ]),
    ),
    checks: [
      ['sos:products:joc:administration:accounts:view', undefined, true],
      ['sos:products:joc:administration:accounts:manage', undefined, false],
      ['sos:products:joc:adminstration:accounts:view', undefined, true],
      ['sos:products:joc:administration:settings:view', undefined, false],
    ],
  },
  {
    rule: 'a trailing colon on a stored denial still denies its subtree',
    subjects: oneService(role('r', [grant('sos:products'), deny('sos:products:joc:')])),
    checks: [
      ['sos:products:joc:get_log', undefined, false],
      [RESTART, undefined, true],
    ],
  },
  {
    rule: 'a bare sos denial denies everything (JS7 ignores it; Keyward fails closed)',
    subjects: oneService(role('r', [grant('sos:products'), deny('sos')])),
    checks: [
      ['sos:products:joc:get_log', undefined, false],
      [RESTART, 'controller-1', false],
    ],
  },
  {
    rule: 'an empty stored path grants nothing',
    subjects: oneService(role('r', [grant(''), grant(' ')])),
    checks: [
      ['sos:products:joc:get_log', undefined, false],
      ['', undefined, false],
    ],
  },
];

describe('compilePermissions: isPermitted (spec §2.3)', () => {
  for (const { rule, subjects, checks } of PERMISSION_CASES) {
    it(rule, () => {
      for (const memoCapacity of [0, 1024]) {
        const compiled = compilePermissions(subjects, { memoCapacity });
        for (const [path, controllerId, expected] of checks) {
          assert.equal(compiled.isPermitted(path, controllerId), expected, `${path} @ ${controllerId ?? '(default)'}`);
        }
      }
    });
  }
});

interface FolderCase {
  rule: string;
  roles: RoleGrant[];
  checks: Array<[folder: string, controllerId: string | undefined, expected: boolean]>;
}

const anyPermission = [grant('sos:products:joc:inventory:view')];

// One row per rule of spec §2.4 and of docs/decisions/0002-per-controller-folders.md.
const FOLDER_CASES: FolderCase[] = [
  {
    rule: 'no folder rows: every folder is permitted',
    roles: [role('r', anyPermission)],
    checks: [
      ['/', undefined, true],
      ['/any/where', 'controller-1', true],
    ],
  },
  {
    rule: 'a non-recursive folder permits itself, not its sub-folders',
    roles: [role('r', anyPermission, [folder('/a', false)])],
    checks: [
      ['/a', undefined, true],
      ['/a/b', undefined, false],
      ['/', undefined, false],
    ],
  },
  {
    rule: 'a recursive folder permits itself and every sub-folder',
    roles: [role('r', anyPermission, [folder('/a', true)])],
    checks: [
      ['/a', undefined, true],
      ['/a/b/c', undefined, true],
      ['/b', undefined, false],
    ],
  },
  {
    rule: 'a recursive prefix matches at a / boundary only (/a does not permit /ab)',
    roles: [role('r', anyPermission, [folder('/a', true)])],
    checks: [
      ['/ab', undefined, false],
      ['/ab/c', undefined, false],
      ['/a/b', undefined, true],
    ],
  },
  {
    rule: 'a recursive / permits everything',
    roles: [role('r', anyPermission, [folder('/', true)])],
    checks: [
      ['/', undefined, true],
      ['/x/y', undefined, true],
    ],
  },
  {
    rule: 'a non-recursive / permits the root folder only',
    roles: [role('r', anyPermission, [folder('/', false)])],
    checks: [
      ['/', undefined, true],
      ['/x', undefined, false],
    ],
  },
  {
    rule: 'folders of all roles are united',
    roles: [role('r1', anyPermission, [folder('/a', false)]), role('r2', anyPermission, [folder('/b', true)])],
    checks: [
      ['/a', undefined, true],
      ['/b/c', undefined, true],
      ['/c', undefined, false],
    ],
  },
  {
    rule: 'a role without folder rows does not widen the restriction of another role',
    roles: [role('restricted', anyPermission, [folder('/a', true)]), role('unrestricted', [grant('sos:products')])],
    checks: [
      ['/a/x', undefined, true],
      ['/b', undefined, false],
    ],
  },
  {
    rule: 'rows and queries are normalised to a leading / and no trailing /',
    roles: [role('r', anyPermission, [folder('a/b/', true), folder('c//', false)])],
    checks: [
      ['/a/b', undefined, true],
      ['a/b/x/', undefined, true],
      ['//a//b//y', undefined, true],
      ['c', undefined, true],
      ['/c/', undefined, true],
      ['/a', undefined, false],
    ],
  },
  {
    rule: 'dot segments cannot climb out of a recursive folder',
    roles: [role('r', anyPermission, [folder('/a', true)])],
    checks: [
      ['/a/../b', undefined, false],
      ['/a/./x', undefined, true],
      ['/a/x/..', undefined, true],
      ['/a/../../a/y', undefined, true],
    ],
  },
  {
    rule: 'controller-specific folder rows apply to that controller only, together with the default rows (ADR 0002)',
    roles: [role('r', anyPermission, [folder('/shared', true), folder('/c1', true, 'controller-1')])],
    checks: [
      ['/c1/x', 'controller-1', true],
      ['/shared/x', 'controller-1', true],
      ['/other', 'controller-1', false],
      ['/c1/x', 'controller-2', false],
      ['/shared/x', 'controller-2', true],
      ['/c1/x', undefined, false],
    ],
  },
  {
    rule: 'controller-specific folder rows alone leave the other controllers and the JOC scope unrestricted (ADR 0002)',
    roles: [role('r', anyPermission, [folder('/c1', true, 'controller-1')])],
    checks: [
      ['/c1', 'controller-1', true],
      ['/elsewhere', 'controller-1', false],
      ['/elsewhere', 'controller-2', true],
      ['/elsewhere', undefined, true],
    ],
  },
];

describe('compilePermissions: isFolderPermitted (spec §2.4)', () => {
  for (const { rule, roles, checks } of FOLDER_CASES) {
    it(rule, () => {
      const compiled = compilePermissions(oneService(...roles));
      for (const [path, controllerId, expected] of checks) {
        const where = `${path} @ ${controllerId ?? '(default)'}`;
        assert.equal(compiled.isFolderPermitted(path, controllerId), expected, where);
      }
    });
  }

  it('folders of several subjects are united', () => {
    const compiled = compilePermissions([
      subject('LDAP', role('a', anyPermission, [folder('/a', true)])),
      subject('JOC', role('b', anyPermission, [folder('/b', false)])),
    ]);
    assert.equal(compiled.isFolderPermitted('/a/x'), true);
    assert.equal(compiled.isFolderPermitted('/b'), true);
    assert.equal(compiled.isFolderPermitted('/c'), false);
  });

  it('isFolderRestricted says whether any folder row exists in any scope', () => {
    const isRestricted = (folders: FolderRow[]) =>
      compilePermissions(oneService(role('r', anyPermission, folders))).isFolderRestricted;
    assert.equal(isRestricted([]), false);
    assert.equal(isRestricted([folder('/a', true)]), true);
    assert.equal(isRestricted([folder('/a', true, 'controller-1')]), true);
  });
});

describe('compilePermissions: session facts', () => {
  it('lists distinct role names in order of appearance across subjects', () => {
    const compiled = compilePermissions([
      subject('LDAP', role('b', []), role('a', [])),
      subject('JOC', role('c', []), role('b', [])),
    ]);
    assert.deepEqual(compiled.roles, ['b', 'a', 'c']);
  });

  it('lists controllers with controller-specific permission rows, in order of appearance, once each', () => {
    const compiled = compilePermissions([
      subject(
        'LDAP',
        role('r1', [grant(RESTART, 'c2'), grant(RESTART), deny(RESTART, 'c1')], [folder('/x', true, 'c3')]),
      ),
      subject('JOC', role('r2', [grant(RESTART, 'c1'), grant(RESTART, 'c2')])),
    ]);
    assert.deepEqual(compiled.controllerIds, ['c2', 'c1']);
  });

  it('isEmpty is true without any granting row, even with denials or folders', () => {
    assert.equal(compilePermissions([]).isEmpty, true);
    assert.equal(compilePermissions(oneService(role('r', [deny(RESTART)], [folder('/a', true)]))).isEmpty, true);
    assert.equal(compilePermissions(oneService(role('r', [grant(RESTART, 'c1')]))).isEmpty, false);
    assert.equal(compilePermissions(oneService(role('r', [grant(RESTART)]))).isEmpty, false);
  });

  it('checks still work when detached from the compiled object', () => {
    const compiled = compilePermissions(oneService(role('r', [grant(RESTART)], [folder('/a', false)])));
    const { isPermitted, isFolderPermitted } = compiled;
    assert.equal(isPermitted(RESTART), true);
    assert.equal(isFolderPermitted('/b'), false);
  });
});

describe('compilePermissions: memoisation', () => {
  const subjects = oneService(
    role('r', [grant('sos:products:controller'), deny(RESTART, 'c1'), grant('sos:products:joc:get_log', 'c2')]),
  );

  it('repeated calls give the same answer', () => {
    const compiled = compilePermissions(subjects);
    for (let round = 0; round < 3; round++) {
      assert.equal(compiled.isPermitted(RESTART), true);
      assert.equal(compiled.isPermitted(RESTART, 'c1'), false);
      assert.equal(compiled.isPermitted('sos:products:joc:get_log'), false);
    }
  });

  it('remembers answers per controller, not per path only', () => {
    const compiled = compilePermissions(subjects);
    assert.equal(compiled.isPermitted(RESTART, 'c2'), true);
    assert.equal(compiled.isPermitted(RESTART, 'c1'), false);
    assert.equal(compiled.isPermitted(RESTART), true);
    assert.equal(compiled.isPermitted('sos:products:joc:get_log', 'c2'), true);
    assert.equal(compiled.isPermitted('sos:products:joc:get_log', 'c1'), false);
  });

  it('a tiny memo that keeps evicting gives the same answers as no memo', () => {
    const random = seededRandom(7);
    const rows = randomRows(random, 300, ['', 'c1', 'c2']);
    const unmemoised = compilePermissions(oneService(role('r', rows)), { memoCapacity: 0 });
    const tiny = compilePermissions(oneService(role('r', rows)), { memoCapacity: 3 });
    const paths = listAllNodePaths();
    for (let round = 0; round < 3; round++) {
      for (const path of paths) {
        for (const controllerId of [undefined, 'c1', 'c2', 'c3']) {
          const expected = unmemoised.isPermitted(path, controllerId);
          assert.equal(tiny.isPermitted(path, controllerId), expected, `${path} @ ${controllerId}`);
        }
      }
    }
  });

  it('rejects a memo capacity that is not a non-negative integer', () => {
    assert.throws(() => compilePermissions(subjects, { memoCapacity: -1 }), TypeError);
    assert.throws(() => compilePermissions(subjects, { memoCapacity: 1.5 }), TypeError);
  });
});

describe('compilePermissions agrees with the literal spec §2.3 formula', () => {
  /**
   * Spec §2.3 word for word: rows flattened to `[-][C:]path` per subject; `grants(p)` = some entry e with
   * `(p + ":").startsWith(e + ":")`; `permitted = OR over subjects (grants(P) || grants(C:P))` and no `-Q` or
   * `-C:Q` of any subject matches P.
   */
  function specIsPermitted(subjects: readonly Subject[], path: string, controllerId: string): boolean {
    const flatten = (s: Subject) =>
      s.roles.flatMap((r) =>
        r.permissions.map((p) => `${p.excluded ? '-' : ''}${p.controllerId ? `${p.controllerId}:` : ''}${p.path}`),
      );
    const matches = (p: string, e: string) => `${p}:`.startsWith(`${e}:`);
    const matchesHere = (e: string) =>
      matches(path, e) || (controllerId !== '' && matches(`${controllerId}:${path}`, e));
    const excluded = subjects.flatMap(flatten).some((e) => e.startsWith('-') && matchesHere(e.slice(1)));
    const granted = subjects.some((s) => flatten(s).some((e) => !e.startsWith('-') && matchesHere(e)));
    return granted && !excluded;
  }

  it('on random role sets over every node of the tree and several controllers', () => {
    const random = seededRandom(42);
    const paths = listAllNodePaths();
    for (let trial = 0; trial < 40; trial++) {
      const subjects = [
        subject(
          'A',
          role('a1', randomRows(random, 12, ['', 'c1', 'c2'])),
          role('a2', randomRows(random, 12, ['', 'c1'])),
        ),
        subject('B', role('b1', randomRows(random, 12, ['', 'c2']))),
      ];
      const compiled = compilePermissions(subjects);
      for (const path of paths) {
        for (const controllerId of ['', 'c1', 'c2', 'c3']) {
          const expected = specIsPermitted(subjects, path, controllerId);
          assert.equal(compiled.isPermitted(path, controllerId), expected, `trial ${trial}: ${path} @ ${controllerId}`);
        }
      }
    }
  });
});

function listAllNodePaths(): string[] {
  const paths: string[] = [];
  const visit = (node: PermissionNode): void => {
    paths.push(node.path);
    node.children.forEach(visit);
  };
  visit(buildPermissionTree());
  return paths;
}

function randomRows(random: () => number, count: number, controllerIds: readonly string[]): PermissionRow[] {
  const paths = listAllNodePaths();
  const leaves = listLeafPermissions();
  return Array.from({ length: count }, () => {
    const pool = random() < 0.5 ? leaves : paths;
    return {
      path: pick(random, pool),
      controllerId: pick(random, controllerIds),
      excluded: random() < 0.25,
    };
  });
}


