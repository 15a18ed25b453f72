import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readIdentityGlobals, UNCHANGED_SECRET, validateIdentityGlobals, writeIdentityGlobals } from '../../../web/src/admin/global-settings-model.js';

const ITEM = JSON.stringify({
  joc: { title: { value: 'Prod' } },
  identityService: {
    idle_session_timeout: { value: '15m' },
    initial_password: { value: '********' },
    minimum_password_length: { value: '0' },
  },
});

describe('global identity settings (spec §1.5 GLOBALS item)', () => {
  it('reads the identityService section; the initial password is never shown', () => {
    const doc = readIdentityGlobals(ITEM);
    assert.deepEqual(doc.values, { idleSessionTimeout: '15m', initialPassword: '', minimumPasswordLength: '0' });
    assert.equal(doc.hasInitialPassword, true);
  });

  it('writes back "********" for an untouched initial password and keeps every other section', () => {
    const doc = readIdentityGlobals(ITEM);
    const out = JSON.parse(writeIdentityGlobals(doc, { ...doc.values, idleSessionTimeout: '5s' }));
    assert.deepEqual(out.joc, { title: { value: 'Prod' } });
    assert.deepEqual(out.identityService, {
      idle_session_timeout: { value: '5s' },
      initial_password: { value: UNCHANGED_SECRET },
      minimum_password_length: { value: '0' },
    });
  });

  it('writes a new initial password in clear only when one was typed', () => {
    const doc = readIdentityGlobals(ITEM);
    const out = JSON.parse(writeIdentityGlobals(doc, { ...doc.values, initialPassword: 'Welcome-1' }));
    assert.equal(out.identityService.initial_password.value, 'Welcome-1');
  });

  it('starts from defaults when the item is empty or not JSON', () => {
    for (const text of [undefined, '', '{not json']) {
      const doc = readIdentityGlobals(text);
      assert.equal(doc.values.idleSessionTimeout, '15m');
      assert.equal(doc.hasInitialPassword, false);
    }
  });

  it('validates like the server: duration pattern, non-negative integer, initial password length', () => {
    assert.deepEqual(validateIdentityGlobals({ idleSessionTimeout: '5s', initialPassword: '', minimumPasswordLength: '8' }), {});
    const errors = validateIdentityGlobals({ idleSessionTimeout: '5', initialPassword: 'abc', minimumPasswordLength: '-1' });
    assert.match(errors.idleSessionTimeout ?? '', /s, m, h or d/);
    assert.match(errors.minimumPasswordLength ?? '', /whole number/);
    assert.match(validateIdentityGlobals({ idleSessionTimeout: '1m', initialPassword: 'abc', minimumPasswordLength: '8' }).initialPassword ?? '', /at least 8/);
  });
});

describe('server refusals of the settings form', () => {
  it('names the field in words and places it next to the snake_case field the server names', async () => {
    const { humanizeSettingsMessage } = await import('../../../web/src/admin/global-settings-model.js');
    const { ApiError, fieldForError } = await import('../../../web/src/api/api-error.js');
    assert.equal(humanizeSettingsMessage('Initial_password is shorter than minimum_password_length (8).'), 'The initial password is shorter than the minimum password length (8).');
    assert.equal(humanizeSettingsMessage('initial_password is shorter than minimum_password_length (8)'), 'The initial password is shorter than the minimum password length (8)');
    const fields = { idleSessionTimeout: 'Idle session timeout', initialPassword: 'Initial password', minimumPasswordLength: 'Minimum password length' };
    assert.equal(fieldForError(new ApiError('rejected', 'x', 420, 'KW_VALIDATION', 'initial_password'), fields), 'initialPassword');
    assert.equal(fieldForError(new ApiError('rejected', 'Initial_password is shorter than minimum_password_length (8).', 420), fields), 'initialPassword');
  });
});
