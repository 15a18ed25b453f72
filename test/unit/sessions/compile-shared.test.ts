import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoleGrant } from '../../../src/permissions/index.js';
import { compileShared } from '../../../src/sessions/session-manager.js';

const operator = (): RoleGrant[] => [{
  roleName: 'operator',
  permissions: [{ path: 'sos:products:controller:view', controllerId: '', excluded: false }],
  folders: [],
}];
const auditor = (): RoleGrant[] => [{
  roleName: 'auditor',
  permissions: [{ path: 'sos:products:joc:auditlog:view', controllerId: '', excluded: false }],
  folders: [],
}];

describe('compiled permissions shared between sessions', () => {
  it('sessions handed the same grant array (the login cache hit) share one compiled object', () => {
    const grants = operator();
    const a = compileShared([{ serviceName: 'JOC-INITIAL', roles: grants }]);
    const b = compileShared([{ serviceName: 'JOC-INITIAL', roles: grants }]);
    assert.equal(a, b);
    assert.equal(a.isPermitted('sos:products:controller:view'), true);
    assert.equal(a.isPermitted('sos:products:joc:auditlog:view'), false);
  });

  it('a new grant array (a role change empties the login cache) is compiled anew, even with equal rows', () => {
    const before = compileShared([{ serviceName: 'JOC-INITIAL', roles: operator() }]);
    const after = compileShared([{ serviceName: 'JOC-INITIAL', roles: operator() }]);
    assert.notEqual(before, after);
    const changed = compileShared([{ serviceName: 'JOC-INITIAL', roles: auditor() }]);
    assert.equal(changed.isPermitted('sos:products:controller:view'), false);
    assert.equal(changed.isPermitted('sos:products:joc:auditlog:view'), true);
  });

  it('keeps services apart and compiles multi-service sessions per session', () => {
    const grants = operator();
    assert.notEqual(compileShared([{ serviceName: 'A', roles: grants }]), compileShared([{ serviceName: 'B', roles: grants }]));
    const two = [{ serviceName: 'A', roles: grants }, { serviceName: 'B', roles: auditor() }];
    const x = compileShared(two);
    assert.notEqual(x, compileShared(two));
    assert.equal(x.isPermitted('sos:products:controller:view'), true);
    assert.equal(x.isPermitted('sos:products:joc:auditlog:view'), true);
  });
});
