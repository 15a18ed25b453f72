import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeLoginName } from '../../../../src/services/ldap/normalize-login-name.js';

describe('normalizeLoginName (spec §3.1)', () => {
  it('Active Directory: DOMAIN\\user and user@DOMAIN become user@DOMAIN; %s is the user part', () => {
    assert.deepEqual(normalizeLoginName('EXAMPLE\\alice', true), { full: 'alice@EXAMPLE', user: 'alice' });
    assert.deepEqual(normalizeLoginName('alice@EXAMPLE', true), { full: 'alice@EXAMPLE', user: 'alice' });
    assert.deepEqual(normalizeLoginName('alice', true), { full: 'alice', user: 'alice' });
  });

  it('Active Directory: names that are not DOMAIN\\user are left alone', () => {
    assert.deepEqual(normalizeLoginName('a\\b\\c', true), { full: 'a\\b\\c', user: 'a\\b\\c' });
    assert.deepEqual(normalizeLoginName('\\alice', true), { full: '\\alice', user: '\\alice' });
  });

  it('other directories: \\ and @ are ordinary characters, so one entry has one account name', () => {
    assert.deepEqual(normalizeLoginName('back\\slash', false), { full: 'back\\slash', user: 'back\\slash' });
    assert.deepEqual(normalizeLoginName('alice@anything', false), { full: 'alice@anything', user: 'alice@anything' });
  });
});
