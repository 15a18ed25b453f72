import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { call, createAccount, errorCode, login, rootSession, setGlobals, tokenOf } from './helpers.js';

describe('sessions: idle timeout, touch, logout, cancel, block, disable', () => {
  let kw: TestKeyward;
  let root: string;
  before(async () => {
    kw = await startKeyward();
    root = await rootSession(kw.url);
    await createAccount(kw.url, root, 'JOC-INITIAL', 'alice', 'alice-password', ['business_user']);
  });
  after(async () => { await kw.stop(); });

  it('an idle session expires (440) and touch keeps it alive', async () => {
    await setGlobals(kw.url, root, { idle_session_timeout: { value: '2s' } });
    const t1 = await tokenOf(kw.url, 'alice', 'alice-password');
    const t2 = await tokenOf(kw.url, 'alice', 'alice-password');
    assert.ok(Number((await login(kw.url, 'alice', 'alice-password')).body.sessionTimeout) <= 2000);
    for (let i = 0; i < 3; i++) {
      await sleep(900);
      assert.equal((await call(kw.url, '/joc/api/touch', { token: t1 })).status, 200);
    }
    // t2 saw no touch for ~2.7 s: gone; t1 was touched: alive. Ordinary calls do not count as activity (spec §4.2).
    const expired = await call(kw.url, '/joc/api/iam/account/changepassword', { token: t2, body: { identityServiceName: 'JOC-INITIAL', accountName: 'alice', oldPassword: 'x', password: 'y', repeatedPassword: 'y' } });
    assert.equal(expired.status, 440);
    assert.equal(errorCode(expired.body), 'KW_SESSION_EXPIRED');
    assert.equal((await call(kw.url, '/joc/api/touch', { token: t1 })).status, 200);
    await setGlobals(kw.url, root, { idle_session_timeout: { value: '15m' } });
  });

  it('logout ends the session: the next request answers 440', async () => {
    const t = await tokenOf(kw.url, 'alice', 'alice-password');
    const out = await call(kw.url, '/joc/api/authentication/logout', { token: t });
    assert.equal(out.status, 200);
    assert.equal(out.body.isAuthenticated, false);
    assert.equal((await call(kw.url, '/joc/api/touch', { token: t })).status, 440);
    assert.equal((await call(kw.url, '/joc/api/touch', {})).status, 401, 'no token at all is 401');
    assert.equal((await call(kw.url, '/joc/api/authentication/logout', {})).status, 420, 'logout without a token');
  });

  it('an administrator lists and cancels sessions', async () => {
    const t = await tokenOf(kw.url, 'alice', 'alice-password');
    const list = await call(kw.url, '/joc/api/iam/sessions', { token: root, body: { accountName: 'alice' } });
    const sessions = list.body.activeSessions as { id: string; accountName: string; identityService: string; timeout: number }[];
    assert.ok(sessions.length >= 1);
    assert.ok(sessions.every((s) => s.accountName === 'alice' && s.identityService === 'JOC:JOC-INITIAL' && s.timeout > 0));
    assert.equal(JSON.stringify(list.body).includes(t), false, 'tokens are never listed');
    assert.equal((await call(kw.url, '/joc/api/iam/sessions/cancel', { token: root, body: { ids: sessions.map((s) => s.id) } })).status, 200);
    assert.equal((await call(kw.url, '/joc/api/touch', { token: t })).status, 440);
  });

  it('blocking ends running sessions and stops logins; unblocking allows them again', async () => {
    const t = await tokenOf(kw.url, 'alice', 'alice-password');
    assert.equal((await call(kw.url, '/joc/api/iam/blockedAccount/store', { token: root, body: { accountName: 'alice', comment: 'left the company' } })).status, 200);
    assert.equal((await call(kw.url, '/joc/api/touch', { token: t })).status, 440);
    const refused = await login(kw.url, 'alice', 'alice-password');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.message, 'Access denied');
    const blocked = await call(kw.url, '/joc/api/iam/blockedAccounts', { token: root });
    assert.deepEqual((blocked.body.blockedAccounts as { accountName: string; comment: string }[]).map((b) => [b.accountName, b.comment]), [['alice', 'left the company']]);
    const accounts = await call(kw.url, '/joc/api/iam/accounts', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountName: 'alice' } });
    assert.equal((accounts.body.accountItems as { blocked: boolean }[])[0]?.blocked, true);
    assert.equal((await call(kw.url, '/joc/api/iam/blockedAccounts/delete', { token: root, body: { accountNames: ['alice'] } })).status, 200);
    assert.equal((await login(kw.url, 'alice', 'alice-password')).status, 200);
  });

  it('disabling ends running sessions and stops logins', async () => {
    const t = await tokenOf(kw.url, 'alice', 'alice-password');
    assert.equal((await call(kw.url, '/joc/api/iam/accounts/disable', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountNames: ['alice'] } })).status, 200);
    assert.equal((await call(kw.url, '/joc/api/touch', { token: t })).status, 440);
    assert.equal((await login(kw.url, 'alice', 'alice-password')).status, 401);
    const history = await call(kw.url, '/joc/api/audit_log/login_history', { token: root, body: { accountName: 'alice', success: false, limit: 1 } });
    const item = (history.body.loginHistoryItems as { details: { loginHistoryItems: { message: string }[] } }[])[0];
    assert.equal(item?.details.loginHistoryItems[0]?.message, 'account is disabled');
    assert.equal((await call(kw.url, '/joc/api/iam/accounts/enable', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountNames: ['alice'] } })).status, 200);
    assert.equal((await login(kw.url, 'alice', 'alice-password')).status, 200);
  });

  it('sessions survive a restart of the server (they live in the database)', async () => {
    const t = await tokenOf(kw.url, 'alice', 'alice-password');
    const dataDir = kw.dataDir;
    await kw.server.close();
    const again = await startKeyward({ env: { KEYWARD_DATA_DIR: dataDir } });
    try {
      assert.equal((await call(again.url, '/joc/api/touch', { token: t })).status, 200);
      assert.equal(again.server.createdInitialSetup, false, 'no second initial setup');
    } finally {
      await again.server.close();
    }
    kw = await startKeyward({ env: { KEYWARD_DATA_DIR: dataDir } });
  });
});
