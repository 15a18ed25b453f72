import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePermissions } from '../../../src/permissions/compile-permissions.js';
import { DEFAULT_ROLES } from '../../../src/permissions/default-roles.js';
import { toJocCockpitPermissions } from '../../../src/permissions/joc-cockpit-permissions.js';
import { listLeafPermissions } from '../../../src/permissions/permission-tree.js';
import type { PermissionRow, Subject } from '../../../src/permissions/types.js';

function permissionsOfRole(roleName: string, permissions: readonly PermissionRow[]) {
  const subjects: Subject[] = [{ serviceName: 'JOC', roles: [{ roleName, permissions, folders: [] }] }];
  return toJocCockpitPermissions(compilePermissions(subjects));
}

function defaultRole(roleName: string) {
  const role = DEFAULT_ROLES.find((candidate) => candidate.roleName === roleName);
  assert.ok(role, `default role ${roleName}`);
  return permissionsOfRole(roleName, role.permissions);
}

/** `{a: {b: true}}` → `[['a.b', true]]`. */
function listBooleanFields(value: unknown, prefix = ''): Array<[field: string, value: boolean]> {
  if (typeof value === 'boolean') return [[prefix, value]];
  assert.equal(typeof value, 'object', `${prefix} is a boolean or a nested object`);
  return Object.entries(value as object).flatMap(([key, child]) =>
    listBooleanFields(child, prefix ? `${prefix}.${key}` : key),
  );
}

function listJocAndDefaultFields(permissions: { joc: unknown; controllerDefaults: unknown }) {
  return listBooleanFields({ joc: permissions.joc, controllerDefaults: permissions.controllerDefaults });
}

const BUSINESS_USER_CONTROLLER = {
  view: true,
  restart: false,
  terminate: false,
  getLog: false,
  switchOver: false,
  deployments: { view: false, deploy: false },
  orders: {
    view: true,
    create: false,
    cancel: false,
    suspendResume: false,
    resumeFailed: false,
    modify: false,
    managePositions: false,
    confirm: false,
  },
  agents: { view: true },
  noticeBoards: { view: true, post: false, delete: false },
  locks: { view: true },
  workflows: { view: true },
};

// Spec §2.2 field for field; the business_user role of spec §2.5 (read-only).
const BUSINESS_USER = {
  roles: ['business_user'],
  joc: {
    getLog: false,
    administration: {
      accounts: { view: false, manage: false },
      settings: { view: false, manage: false },
      controllers: { view: false, manage: false },
      certificates: { view: false, manage: false },
      customization: { view: true, manage: false, share: false },
    },
    cluster: { manage: false },
    inventory: { view: false, manage: false, deploy: false },
    calendars: { view: true },
    documentations: { view: true, manage: false },
    auditLog: { view: true },
    dailyPlan: { view: true, manage: false },
    fileTransfer: { view: true, manage: false },
    notification: { view: false, manage: false },
    encipherment: { encrypt: false },
    reports: { view: true, manage: false },
    others: { view: false, manage: false },
  },
  controllerDefaults: BUSINESS_USER_CONTROLLER,
  controllers: {},
};

describe('toJocCockpitPermissions (spec §2.2)', () => {
  it('gives business_user exactly the spec §2.2 object with its read-only grants', () => {
    assert.deepEqual(defaultRole('business_user'), BUSINESS_USER);
  });

  it('gives role all every field of the spec §2.2 object, all true', () => {
    const permissions = defaultRole('all');
    assert.deepEqual(permissions.roles, ['all']);
    assert.deepEqual(permissions.controllers, {});
    assert.deepEqual(
      listJocAndDefaultFields(permissions),
      listJocAndDefaultFields(BUSINESS_USER).map(([field]) => [field, true]),
    );
  });

  it('adds a controllers entry per controller with specific rows, applying its grants and denials', () => {
    const permissions = permissionsOfRole('mixed', [
      { path: 'sos:products:controller:view', controllerId: '', excluded: false },
      { path: 'sos:products:controller:orders', controllerId: '', excluded: false },
      { path: 'sos:products:controller:restart', controllerId: 'primary', excluded: false },
      { path: 'sos:products:controller:orders:cancel', controllerId: 'standby', excluded: true },
      { path: 'sos:products:joc:get_log', controllerId: '', excluded: false },
    ]);
    assert.deepEqual(Object.keys(permissions.controllers), ['primary', 'standby']);
    const { primary, standby } = permissions.controllers;
    assert.ok(primary && standby);

    assert.equal(permissions.controllerDefaults.restart, false);
    assert.equal(primary.restart, true);
    assert.equal(standby.restart, false);

    assert.equal(permissions.controllerDefaults.orders.cancel, true);
    assert.equal(primary.orders.cancel, true);
    assert.equal(standby.orders.cancel, false);
    assert.equal(standby.orders.create, true);
    assert.equal(standby.view, true);

    assert.equal(permissions.joc.getLog, true);
  });

  it('keeps a controller id such as __proto__ as a plain key', () => {
    const permissions = permissionsOfRole('odd', [
      { path: 'sos:products:controller:view', controllerId: '__proto__', excluded: false },
    ]);
    assert.deepEqual(Object.keys(permissions.controllers), ['__proto__']);
    assert.equal(Object.getPrototypeOf(permissions.controllers), Object.prototype);
  });

  it('maps every leaf of the tree to exactly one field, and every field to a leaf', () => {
    const allFields = listJocAndDefaultFields(BUSINESS_USER).map(([field]) => field);
    const fieldsReached = new Set<string>();
    for (const leaf of listLeafPermissions()) {
      const permissions = permissionsOfRole('one-leaf', [{ path: leaf, controllerId: '', excluded: false }]);
      const trueFields = listJocAndDefaultFields(permissions)
        .filter(([, value]) => value)
        .map(([field]) => field);
      assert.equal(trueFields.length, 1, `${leaf} turns on exactly one field, got ${trueFields.join(', ') || 'none'}`);
      fieldsReached.add(trueFields[0] ?? '');
    }
    assert.deepEqual([...fieldsReached].sort(), [...allFields].sort());
    assert.equal(allFields.length, listLeafPermissions().length);
  });
});
