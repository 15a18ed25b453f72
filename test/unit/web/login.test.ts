import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basicAuthorization } from '../../../web/src/api/basic-auth.js';
import { interpretLoginAnswer, LOGIN_FAILED_MESSAGE } from '../../../web/src/login/login-outcome.js';
import { loadSession, saveSession, splitIdentityService, splitRoles } from '../../../web/src/session/session-storage.js';

const headers = (h: Record<string, string> = {}) => new Headers(h);

describe('login request and answer (spec §1.1)', () => {
  it('encodes Basic credentials as base64 of UTF-8 "account:password" (password may contain ":")', () => {
    assert.equal(basicAuthorization('root', 'root'), 'Basic cm9vdDpyb290');
    assert.equal(basicAuthorization('jürgen', 'pä:ss'), `Basic ${Buffer.from('jürgen:pä:ss', 'utf8').toString('base64')}`);
  });

  it('takes token and timeout from the body, falling back to the headers', () => {
    const ok = interpretLoginAnswer(200, { accessToken: 'tok', sessionTimeout: 900_000, account: 'root' }, headers());
    assert.deepEqual(ok.kind === 'signed-in' && [ok.accessToken, ok.sessionTimeoutMs], ['tok', 900_000]);
    const viaHeader = interpretLoginAnswer(200, { account: 'root' }, headers({ 'X-Access-Token': 'h-tok', 'X-JOC-Timeout': '5000' }));
    assert.deepEqual(viaHeader.kind === 'signed-in' && [viaHeader.accessToken, viaHeader.sessionTimeoutMs], ['h-tok', 5000]);
  });

  it('recognises "second factor needed" (empty token + secondFactoridentityService)', () => {
    const r = interpretLoginAnswer(200, { accessToken: '', isAuthenticated: true, identityService: 'JOC:first', secondFactoridentityService: 'FIDO-2FA' }, headers());
    assert.deepEqual(r, { kind: 'second-factor', secondFactorService: 'FIDO-2FA', firstIdentityService: 'JOC:first' });
  });

  it('never says which service refused: 401, 403 and 420 read the same', () => {
    for (const status of [401, 403, 420]) {
      const r = interpretLoginAnswer(status, { message: 'LDAP-1: user not found; JOC: wrong password' }, headers());
      assert.deepEqual(r, { kind: 'failed', message: LOGIN_FAILED_MESSAGE });
    }
    assert.match((interpretLoginAnswer(429, {}, headers()) as { message: string }).message, /Too many/);
    assert.match((interpretLoginAnswer(503, {}, headers()) as { message: string }).message, /HTTP 503/);
  });
});

describe('session storage', () => {
  it('keeps the token and login facts but no password', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) } as unknown as Storage;
    saveSession(storage, { accessToken: 't', account: 'a', identityService: 'JOC:X', roles: ['r'], idleTimeoutMs: 5000, forcePasswordChange: false, enableTouch: true });
    assert.ok(![...store.values()].join('').includes('password"'));
    assert.deepEqual(loadSession(storage)?.roles, ['r']);
    store.set('keyward.session', '{broken');
    assert.equal(loadSession(storage), null);
  });

  it('splits "TYPE:name" and the role list', () => {
    assert.deepEqual(splitIdentityService('JOC:JOC-INITIAL'), { type: 'JOC', name: 'JOC-INITIAL' });
    assert.deepEqual(splitIdentityService('LDAP-JOC:corp:eu'), { type: 'LDAP-JOC', name: 'corp:eu' });
    assert.deepEqual(splitRoles('all, administrator'), ['all', 'administrator']);
    assert.deepEqual(splitRoles(undefined), []);
  });
});
