import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { call, errorCode, rootSession } from './helpers.js';

// Bad input gets a clear 4xx naming the problem and changes nothing; no input yields a 500.
describe('request validation', () => {
  let kw: TestKeyward;
  let root: string;
  before(async () => { kw = await startKeyward(); root = await rootSession(kw.url); });
  after(async () => { await kw.stop(); });

  const accountsNow = async (): Promise<number> => Number((await call(kw.url, '/joc/api/iam/accounts', { token: root, body: { identityServiceName: 'JOC-INITIAL' } })).body.totalCount);

  const cases: Array<{ name: string; path: string; body?: unknown; raw?: string; contentType?: string; status: number; code: string; field?: string }> = [
    { name: 'malformed JSON', path: '/joc/api/iam/account/store', raw: '{"identityServiceName": "JOC-INITIAL", ', status: 420, code: 'KW_MALFORMED_JSON' },
    { name: 'wrong type', path: '/joc/api/iam/account/store', body: { identityServiceName: 'JOC-INITIAL', accountName: 42 }, status: 420, code: 'KW_VALIDATION', field: 'accountName' },
    { name: 'missing field', path: '/joc/api/iam/account/store', body: { identityServiceName: 'JOC-INITIAL' }, status: 420, code: 'KW_VALIDATION', field: 'accountName' },
    { name: 'unknown field', path: '/joc/api/iam/account/store', body: { identityServiceName: 'JOC-INITIAL', accountName: 'x', pasword: 'typo' }, status: 420, code: 'KW_VALIDATION', field: 'pasword' },
    { name: 'account name with a colon', path: '/joc/api/iam/account/store', body: { identityServiceName: 'JOC-INITIAL', accountName: 'a:b' }, status: 420, code: 'KW_VALIDATION', field: 'accountName' },
    { name: 'markup in a name', path: '/joc/api/iam/account/store', body: { identityServiceName: 'JOC-INITIAL', accountName: '<script>' }, status: 420, code: 'KW_VALIDATION', field: 'accountName' },
    { name: 'unknown identity service', path: '/joc/api/iam/account/store', body: { identityServiceName: 'NOPE', accountName: 'x' }, status: 420, code: 'KW_NOT_FOUND', field: 'identityServiceName' },
    { name: 'unknown role', path: '/joc/api/iam/account/store', body: { identityServiceName: 'JOC-INITIAL', accountName: 'x', roles: ['ghost'] }, status: 420, code: 'KW_NOT_FOUND', field: 'roles' },
    { name: 'password below the minimum length', path: '/joc/api/iam/account/store', body: { identityServiceName: 'JOC-INITIAL', accountName: 'x', password: 'a' }, status: 420, code: 'KW_PASSWORD_POLICY', field: 'password' },
    { name: 'oversized body', path: '/joc/api/iam/account/store', raw: JSON.stringify({ identityServiceName: 'JOC-INITIAL', accountName: 'x', email: 'a'.repeat(2 * 1024 * 1024) }), status: 413, code: 'KW_BODY_TOO_LARGE' },
    { name: 'not JSON at all', path: '/joc/api/iam/account/store', raw: 'accountName=x', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'KW_UNSUPPORTED_MEDIA_TYPE' },
    { name: 'unknown account on delete', path: '/joc/api/iam/accounts/delete', body: { identityServiceName: 'JOC-INITIAL', accountNames: ['ghost'] }, status: 420, code: 'KW_NOT_FOUND' },
    { name: 'bad permission path', path: '/joc/api/iam/permissions/store', body: { identityServiceName: 'JOC-INITIAL', roleName: 'all', permissions: [{ permissionPath: 'sos::x' }] }, status: 420, code: 'KW_VALIDATION' },
    { name: 'two-factor without a second factor', path: '/joc/api/iam/identityservice/store', body: { identityServiceName: 'TF', identityServiceType: 'JOC', serviceAuthenticationScheme: 'TWO-FACTOR' }, status: 420, code: 'KW_VALIDATION', field: 'secondFactorIdentityServiceName' },
    { name: 'bad duration', path: '/joc/api/configuration/save', body: { configurationType: 'GLOBALS', configurationItem: JSON.stringify({ identityService: { idle_session_timeout: { value: '10 minutes' } } }) }, status: 420, code: 'KW_VALIDATION', field: 'idle_session_timeout' },
    { name: 'configuration item not JSON', path: '/joc/api/configuration/save', body: { configurationType: 'GLOBALS', configurationItem: '{oops' }, status: 420, code: 'KW_MALFORMED_JSON' },
    { name: 'unknown endpoint', path: '/joc/api/iam/nothing', body: {}, status: 404, code: 'KW_ROUTE_NOT_FOUND' },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}, nothing changed`, async () => {
      const saved = await call(kw.url, '/joc/api/configuration/save', { token: root, body: { configurationType: 'GLOBALS', configurationItem: JSON.stringify({ identityService: { minimum_password_length: { value: '6' } } }) } });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const before = await accountsNow();
      const r = await call(kw.url, c.path, { token: root, ...(c.raw === undefined ? { body: c.body } : { rawBody: c.raw }), ...(c.contentType === undefined ? {} : { headers: { 'content-type': c.contentType } }) });
      assert.equal(r.status, c.status, JSON.stringify(r.body).slice(0, 300));
      assert.equal(errorCode(r.body), c.code);
      if (c.field !== undefined) assert.equal((r.body.error as { field?: string }).field, c.field);
      assert.ok(String((r.body.error as { message: string }).message).length > 5, 'the message says what is wrong');
      assert.equal(await accountsNow(), before);
    });
  }

  it('an invalid global setting leaves the others unchanged', async () => {
    const r = await call(kw.url, '/joc/api/configuration/save', { token: root, body: { configurationType: 'GLOBALS', configurationItem: JSON.stringify({ identityService: { minimum_password_length: { value: '3' }, idle_session_timeout: { value: 'x' } } }) } });
    assert.equal(r.status, 420);
    const g = await call(kw.url, '/joc/api/configuration', { token: root, body: { configurationType: 'GLOBALS' } });
    assert.match(String((g.body.configuration as { configurationItem: string }).configurationItem), /"minimum_password_length":\{"value":"6"\}/);
  });

  it('the minimum length applies to the initial password too (seed 001)', async () => {
    const r = await call(kw.url, '/joc/api/configuration/save', { token: root, body: { configurationType: 'GLOBALS', configurationItem: JSON.stringify({ identityService: { minimum_password_length: { value: '12' } } }) } });
    assert.equal(r.status, 420);
    assert.equal((r.body.error as { field?: string }).field, 'initial_password');
  });

  it('the last identity service cannot be deleted', async () => {
    const r = await call(kw.url, '/joc/api/iam/identityservice/delete', { token: root, body: { identityServiceName: 'JOC-INITIAL' } });
    assert.equal(r.status, 420);
    assert.equal(errorCode(r.body), 'KW_LAST_IDENTITY_SERVICE');
    assert.equal(((await call(kw.url, '/joc/api/iam/identityservices', { token: root })).body.identityServiceItems as unknown[]).length, 1);
  });

  it('the last enabled identity service cannot be disabled', async () => {
    const r = await call(kw.url, '/joc/api/iam/identityservice/store', { token: root, body: { identityServiceName: 'JOC-INITIAL', disabled: true } });
    assert.equal(r.status, 420);
    assert.equal(errorCode(r.body), 'KW_CONFLICT');
    assert.equal((await call(kw.url, '/joc/api/touch', { token: root })).status, 200);
  });

  it('missing or undecodable Basic credentials at login → 420', async () => {
    assert.equal((await call(kw.url, '/joc/api/authentication/login', {})).status, 420);
    assert.equal((await call(kw.url, '/joc/api/authentication/login', { headers: { authorization: 'Bearer x' } })).status, 420);
  });
});
