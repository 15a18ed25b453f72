import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { hashJs7Password } from '../../../src/crypto/password-hash.js';
import { findAccount, findIdentityService, insertAccount, setAccountRoles } from '../../../src/store/index.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { call, createAccount, login, rootSession, tokenOf } from './helpers.js';

describe('JOC accounts and passwords', () => {
  let kw: TestKeyward;
  let root: string;
  before(async () => { kw = await startKeyward(); root = await rootSession(kw.url); });
  after(async () => { await kw.stop(); });

  it('an account given no password gets the initial password and must change it', async () => {
    assert.equal((await call(kw.url, '/joc/api/iam/account/store', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountName: 'newbie', roles: ['business_user'], email: 'newbie@example.org' } })).status, 200);
    const r = await login(kw.url, 'newbie', 'initial');
    assert.equal(r.status, 200);
    assert.equal(r.body.forcePasswordChange, true);
    const item = await call(kw.url, '/joc/api/iam/account', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountName: 'newbie' } });
    assert.deepEqual(item.body.roles, ['business_user']);
    assert.equal(item.body.email, 'newbie@example.org');
    assert.equal(JSON.stringify(item.body).includes('argon2'), false, 'no hash is ever returned');
    assert.equal('password' in item.body, false);
  });

  it('reset password sets the initial password, forces a change and ends running sessions', async () => {
    await createAccount(kw.url, root, 'JOC-INITIAL', 'forgetful', 'my-password', ['business_user']);
    const t = await tokenOf(kw.url, 'forgetful', 'my-password');
    assert.equal((await call(kw.url, '/joc/api/iam/accounts/resetpassword', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountNames: ['forgetful'] } })).status, 200);
    assert.equal((await call(kw.url, '/joc/api/touch', { token: t })).status, 440);
    assert.equal((await login(kw.url, 'forgetful', 'my-password')).status, 401);
    const r = await login(kw.url, 'forgetful', 'initial');
    assert.equal(r.status, 200);
    assert.equal(r.body.forcePasswordChange, true);
  });

  it('force password change flags the account', async () => {
    await createAccount(kw.url, root, 'JOC-INITIAL', 'flagged', 'flagged-pw', ['business_user']);
    assert.equal((await call(kw.url, '/joc/api/iam/accounts/forcepasswordchange', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountNames: ['flagged'] } })).status, 200);
    assert.equal((await login(kw.url, 'flagged', 'flagged-pw')).body.forcePasswordChange, true);
  });

  it('passwords imported from JS7 verify once and are rehashed to Argon2id', async () => {
    const { db } = kw.server.app.kw.store;
    const service = await findIdentityService(db, 'JOC-INITIAL');
    assert.ok(service);
    const account = await insertAccount(db, service.id, { name: 'imported', passwordHash: await hashJs7Password('js7-password', randomBytes(16), 65536), email: null, forcePasswordChange: false, disabled: false }, Date.now());
    await setAccountRoles(db, account.id, service.id, ['business_user']);
    assert.equal((await login(kw.url, 'imported', 'js7-password')).status, 200);
    const after = await findAccount(db, service.id, 'imported');
    assert.match(String(after?.passwordHash), /^\$argon2id\$/);
    assert.equal((await login(kw.url, 'imported', 'js7-password')).status, 200, 'the new hash verifies too');
    assert.equal((await login(kw.url, 'imported', String(after?.passwordHash))).status, 401, 'no pass-the-hash');
  });

  it('rename, duplicate names refused, delete', async () => {
    await createAccount(kw.url, root, 'JOC-INITIAL', 'old-name', 'pw-old-name', ['business_user']);
    assert.equal((await call(kw.url, '/joc/api/iam/account/rename', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountOldName: 'old-name', accountNewName: 'root' } })).status, 420);
    assert.equal((await call(kw.url, '/joc/api/iam/account/rename', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountOldName: 'old-name', accountNewName: 'new-name' } })).status, 200);
    assert.equal((await login(kw.url, 'new-name', 'pw-old-name')).status, 200);
    assert.equal((await call(kw.url, '/joc/api/iam/accounts/delete', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountNames: ['new-name'] } })).status, 200);
    assert.equal((await login(kw.url, 'new-name', 'pw-old-name')).status, 401);
  });

  it('every change is in the audit log with who, what and the comment — never a password', async () => {
    await call(kw.url, '/joc/api/iam/account/store', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountName: 'audited', password: 'Sup3r-Secret-Value', auditLog: { comment: 'ticket 42', ticketLink: 'https://tickets/42' } } });
    const log = await call(kw.url, '/joc/api/audit_log', { token: root, body: { limit: 50 } });
    const entries = log.body.auditLog as { account: string; summary: string; comment?: string; ticketLink?: string; request: string; category: string }[];
    const e = entries.find((x) => x.summary.includes('audited'));
    assert.ok(e);
    assert.equal(e.account, 'root');
    assert.equal(e.comment, 'ticket 42');
    assert.equal(e.ticketLink, 'https://tickets/42');
    assert.equal(e.category, 'IDENTITY');
    assert.equal(e.request, '/joc/api/iam/account/store');
    assert.equal(JSON.stringify(log.body).includes('Sup3r-Secret-Value'), false);
    assert.ok(entries.some((x) => x.summary.includes('changed password of root')), 'the first-login password change is audited');
  });

  it('paging and search over accounts', async () => {
    for (let i = 0; i < 25; i++) await call(kw.url, '/joc/api/iam/account/store', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountName: `bulk-${String(i).padStart(2, '0')}` } });
    const page = await call(kw.url, '/joc/api/iam/accounts', { token: root, body: { identityServiceName: 'JOC-INITIAL', search: 'bulk-', limit: 10, offset: 20 } });
    assert.equal(page.body.totalCount, 25);
    assert.deepEqual((page.body.accountItems as { accountName: string }[]).map((a) => a.accountName), ['bulk-20', 'bulk-21', 'bulk-22', 'bulk-23', 'bulk-24']);
  });
});

describe('failed-login throttling (spec §4.5 fixed)', () => {
  let kw: TestKeyward;
  let root: string;
  before(async () => { kw = await startKeyward(); root = await rootSession(kw.url); });
  after(async () => { await kw.stop(); });

  it('after repeated failures the account is refused at once, even with the right password; others are not slowed', async () => {
    await createAccount(kw.url, root, 'JOC-INITIAL', 'target', 'right-password', ['business_user']);
    await createAccount(kw.url, root, 'JOC-INITIAL', 'bystander', 'bystander-pw', ['business_user']);
    for (let i = 0; i < 3; i++) assert.equal((await login(kw.url, 'target', `guess-${i}`)).status, 401);
    const refused = await login(kw.url, 'target', 'right-password');
    assert.equal(refused.status, 401);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    const started = Date.now();
    assert.equal((await login(kw.url, 'bystander', 'bystander-pw')).status, 200);
    assert.ok(Date.now() - started < 1000, 'another account is not delayed');
    const h = await call(kw.url, '/joc/api/audit_log/login_history', { token: root, body: { accountName: 'target', limit: 1 } });
    assert.match(JSON.stringify(h.body), /too many failed logins/);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await login(kw.url, 'target', 'right-password')).status, 200, 'after the window the right password works');
  });

  it('parallel guesses during the window are all refused without checking the password', async () => {
    await createAccount(kw.url, root, 'JOC-INITIAL', 'sprayed', 'sprayed-right', ['business_user']);
    for (let i = 0; i < 3; i++) await login(kw.url, 'sprayed', `bad-${i}`);
    const answers = await Promise.all(Array.from({ length: 10 }, () => login(kw.url, 'sprayed', 'sprayed-right')));
    assert.ok(answers.every((a) => a.status === 401));
  });
});
