import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRoute, paths } from '../../../web/src/routes.js';
import { validateAccountName, validateControllerId, validateEmail, validateFolderPath, validatePasswordChange, validateServiceName } from '../../../web/src/validation/names.js';

describe('form validation mirrors the server', () => {
  it('account names: required, no ":" (spec §4.3), no < or > (spec §1.0)', () => {
    assert.equal(validateAccountName('alice'), null);
    assert.equal(validateAccountName(''), 'Enter an account name.');
    assert.equal(validateAccountName('a:b'), 'An account name cannot contain ":".');
    assert.equal(validateAccountName('<script>'), 'Account name cannot contain < or >.');
    assert.match(validateAccountName(' alice') ?? '', /space/);
  });

  it('service names, e-mail, controller IDs and folders', () => {
    assert.equal(validateServiceName('JOC-2'), null);
    assert.match(validateServiceName('a:b') ?? '', /":"/);
    assert.equal(validateEmail(''), null);
    assert.match(validateEmail('nope') ?? '', /e-mail address/);
    assert.equal(validateControllerId('controller-1', []), null);
    assert.match(validateControllerId('controller-1', ['controller-1']) ?? '', /already/);
    assert.match(validateControllerId('a b', []) ?? '', /letters, digits/);
    assert.equal(validateFolderPath('/prod/eu', []), null);
    assert.equal(validateFolderPath('/', []), null);
    assert.match(validateFolderPath('prod', []) ?? '', /starts with "\/"/);
    assert.match(validateFolderPath('/prod/', []) ?? '', /trailing/);
  });

  it('password change: current password when unknown, equal repeat, must differ', () => {
    assert.deepEqual(validatePasswordChange({ password: 'n', repeatedPassword: 'n', needOldPassword: false, oldPassword: 'o' }), {});
    assert.deepEqual(Object.keys(validatePasswordChange({ password: '', repeatedPassword: '', needOldPassword: true })).sort(), ['oldPassword', 'password']);
    assert.equal(validatePasswordChange({ password: 'a', repeatedPassword: 'b', needOldPassword: false }).repeatedPassword, 'The passwords do not match.');
    assert.match(validatePasswordChange({ password: 'same', repeatedPassword: 'same', oldPassword: 'same', needOldPassword: true }).password ?? '', /differ/);
  });
});

describe('routes', () => {
  it('round-trips service and role names with special characters', () => {
    assert.deepEqual(parseRoute(paths.role('JOC 2/x', 'ops & dev')), { name: 'role', service: 'JOC 2/x', role: 'ops & dev' });
    assert.deepEqual(parseRoute('/admin/services/'), { name: 'services' });
    assert.deepEqual(parseRoute('/admin/services/A/accounts'), { name: 'accounts', service: 'A' });
    assert.equal(parseRoute('/nope').name, 'not-found');
  });
});
