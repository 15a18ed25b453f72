import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePermissions } from '../../../src/permissions/compile-permissions.js';
import { DEFAULT_ROLES, SUPER_ROLE_NAME } from '../../../src/permissions/default-roles.js';
import {
  CONTROLLER_LEAF_PERMISSIONS,
  isKnownPermissionPath,
  listLeafPermissions,
} from '../../../src/permissions/permission-tree.js';
import type { CompiledPermissions } from '../../../src/permissions/types.js';

function compileDefaultRole(roleName: string): CompiledPermissions {
  const role = DEFAULT_ROLES.find((candidate) => candidate.roleName === roleName);
  assert.ok(role, `default role ${roleName}`);
  const roles = [{ roleName, permissions: role.permissions, folders: [] }];
  return compilePermissions([{ serviceName: 'JOC', roles }]);
}

function listRolesPermitted(path: string): string[] {
  return DEFAULT_ROLES.map((role) => role.roleName)
    .filter((roleName) => compileDefaultRole(roleName).isPermitted(path))
    .sort();
}

function listGrantedLeaves(roleName: string): string[] {
  const compiled = compileDefaultRole(roleName);
  return listLeafPermissions().filter((leaf) => compiled.isPermitted(leaf));
}

describe('default roles (spec §2.5)', () => {
  it('are exactly the roles of spec §2.5, each named once', () => {
    assert.deepEqual(DEFAULT_ROLES.map((role) => role.roleName).sort(), [
      'administrator',
      'all',
      'api_user',
      'application_manager',
      'business_user',
      'incident_manager',
      'it_operator',
    ]);
  });

  it('use known paths only, as default-scope grants without duplicates', () => {
    for (const role of DEFAULT_ROLES) {
      const paths = role.permissions.map((row) => row.path);
      assert.equal(new Set(paths).size, paths.length, `${role.roleName} has no duplicate rows`);
      for (const row of role.permissions) {
        assert.ok(isKnownPermissionPath(row.path), `${role.roleName}: ${row.path} is a known path`);
        assert.equal(row.controllerId, '', `${role.roleName}: ${row.path} is in the default scope`);
        assert.equal(row.excluded, false, `${role.roleName}: ${row.path} is a grant`);
      }
    }
  });

  it('all grants every leaf, for every controller', () => {
    assert.equal(SUPER_ROLE_NAME, 'all');
    const compiled = compileDefaultRole('all');
    for (const leaf of listLeafPermissions()) {
      assert.equal(compiled.isPermitted(leaf), true, leaf);
      assert.equal(compiled.isPermitted(leaf, 'any-controller'), true, leaf);
    }
  });

  it('every role grants something and no role but all grants everything', () => {
    for (const { roleName } of DEFAULT_ROLES) {
      const granted = listGrantedLeaves(roleName);
      assert.ok(granted.length > 0, `${roleName} grants something`);
      if (roleName !== 'all') assert.ok(granted.length < listLeafPermissions().length, `${roleName} is not all`);
    }
  });

  it('business_user is read-only: every granted leaf is a view', () => {
    const granted = listGrantedLeaves('business_user');
    assert.deepEqual(
      granted.filter((leaf) => !leaf.endsWith(':view')),
      [],
    );
    assert.equal(compileDefaultRole('business_user').isPermitted('sos:products:joc:inventory:manage'), false);
  });

  it('api_user is view-only, as in the spec §2.5 table', () => {
    assert.deepEqual(
      listGrantedLeaves('api_user').filter((leaf) => !leaf.endsWith(':view')),
      [],
    );
  });

  it('only administrator, incident_manager and all may restart a controller', () => {
    assert.deepEqual(listRolesPermitted('sos:products:controller:restart'), [
      'administrator',
      'all',
      'incident_manager',
    ]);
  });

  it('application_manager manages the inventory but not accounts', () => {
    const compiled = compileDefaultRole('application_manager');
    assert.equal(compiled.isPermitted('sos:products:joc:inventory:deploy'), true);
    assert.equal(compiled.isPermitted('sos:products:joc:administration:accounts:view'), false);
    assert.equal(compiled.isPermitted('sos:products:joc:administration:accounts:manage'), false);
  });

  it('incident_manager has every controller permission and reads logs', () => {
    const compiled = compileDefaultRole('incident_manager');
    for (const leaf of CONTROLLER_LEAF_PERMISSIONS) assert.equal(compiled.isPermitted(leaf), true, leaf);
    assert.equal(compiled.isPermitted('sos:products:joc:get_log'), true);
  });

  it('administrator, it_operator and api_user view reports (later leaf added by analogy)', () => {
    for (const roleName of ['administrator', 'it_operator', 'api_user']) {
      assert.equal(compileDefaultRole(roleName).isPermitted('sos:products:joc:reports:view'), true, roleName);
      assert.equal(compileDefaultRole(roleName).isPermitted('sos:products:joc:reports:manage'), false, roleName);
    }
  });

  it('administrator (all of administration), incident_manager and all manage accounts', () => {
    assert.deepEqual(listRolesPermitted('sos:products:joc:administration:accounts:manage'), [
      'administrator',
      'all',
      'incident_manager',
    ]);
  });
});
