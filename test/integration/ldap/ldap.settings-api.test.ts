import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, login } from '../../support/api-client.js';
import { GROUP, READER_PASSWORD, USERS } from '../../support/ldap-directory.js';
import { startSlapd, type Slapd } from '../../support/slapd-fixture.js';
import { createMappedRoles, openLdapSettings, startLdapKit, type LdapKit } from './ldap-kit.js';

/**
 * LDAP settings through JS7's configuration API (spec §1.5, §3.1) and the "test settings" diagnostic:
 * secrets sealed at rest and never returned (spec §5.4 fixed), the masked value round-trips, the simple form fills
 * the expert one, bad settings are refused with the field, and the test call explains a login without creating a
 * session.
 */
let slapd: Slapd;
let kit: LdapKit;
before(async () => {
  slapd = await startSlapd();
  kit = await startLdapKit();
  await kit.createService('Directory', 'LDAP', { ordering: 0 });
  await createMappedRoles(kit, 'Directory');
  await kit.createService('DirectoryJOC', 'LDAP-JOC', { ordering: 1 });
  await kit.createRole('DirectoryJOC', 'operator', 'sos:products:joc:dailyplan:view');
  await kit.createAccount('DirectoryJOC', 'bob', ['operator']);
});
after(async () => {
  await kit?.stop();
  await slapd?.stop();
});

type Expert = Record<string, unknown>;
const expertOf = (item: Record<string, unknown>): Expert => (item.ldap as { expert: Expert }).expert;

describe('settings through /joc/api/configuration', () => {
  it('stores the system password sealed and returns it masked', async () => {
    assert.equal((await kit.saveSettings('Directory', openLdapSettings(slapd))).status, 200);
    const shown = await kit.readSettings('Directory');
    assert.equal(expertOf(shown).iamLdapSystemPassword, '********');
    assert.ok(!JSON.stringify(shown).includes(READER_PASSWORD));
    const row = await kit.kw.server.app.kw.store.db.selectFrom('settings').select('item').where('scope', '=', 'IAM').execute();
    const raw = row.map((r) => r.item).join('\n');
    assert.ok(!raw.includes(READER_PASSWORD), 'the password is not in the database in clear');
    assert.match(raw, /"iamLdapSystemPassword":"enc:v1:/);
  });

  it('keeps the stored password when the masked document is saved back (the GUI round trip)', async () => {
    const shown = await kit.readSettings('Directory');
    expertOf(shown).iamLdapReadTimeout = 3;
    assert.equal((await kit.saveSettings('Directory', shown)).status, 200);
    assert.equal(expertOf(await kit.readSettings('Directory')).iamLdapReadTimeout, 3);
    const r = await kit.login(USERS.alice.login, USERS.alice.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('alice')));
  });

  it('fills the expert settings from the simple form', async () => {
    const item = openLdapSettings(slapd, {}, { iamLdapHost: '127.0.0.1', iamLdapPort: slapd.port, iamLdapProtocol: 'PLAIN', iamLdapWithMemberOf: true });
    const expert = expertOf(item);
    delete expert.iamLdapServerUrl;
    delete expert.iamLdapUserSearchFilter;
    expert.iamLdapSystemPassword = '********';
    assert.equal((await kit.saveSettings('Directory', item)).status, 200);
    const shown = await kit.readSettings('Directory');
    assert.equal(expertOf(shown).iamLdapServerUrl, `ldap://127.0.0.1:${slapd.port}`);
    assert.equal(expertOf(shown).iamLdapUserSearchFilter, '(uid=%s)');
    assert.equal(expertOf(shown).iamLdapUseStartTls, false);
    assert.deepEqual((shown.ldap as { simple: unknown }).simple, { iamLdapHost: '127.0.0.1', iamLdapPort: slapd.port, iamLdapProtocol: 'PLAIN', iamLdapWithMemberOf: true });
    assert.equal((await kit.login(USERS.bob.login, USERS.bob.password)).status, 200);
  });

  it('refuses bad settings with the field at fault, and keeps the previous ones', async () => {
    const bad = openLdapSettings(slapd, { iamLdapGroupRolesMap: { items: [{ ldapGroupDn: 'admins', roles: ['all'] }] } });
    const r = await kit.saveSettings('Directory', bad);
    assert.equal(r.status, 420);
    const error = r.body.error as { code: string; field: string };
    assert.equal(error.code, 'KW_VALIDATION');
    assert.equal(error.field, 'ldap.expert.iamLdapGroupRolesMap.items.0.ldapGroupDn');
    assert.equal((await kit.login(USERS.alice.login, USERS.alice.password)).status, 200);
  });

  it('does not show the settings to a session without accounts:view', async () => {
    await kit.createRole('JOC-INITIAL', 'plain', 'sos:products:joc:dailyplan:view');
    await kit.createAccount('JOC-INITIAL', 'plainuser', ['plain'], 'plain-User-1');
    const session = await login(kit.kw.url, 'plainuser', 'plain-User-1');
    assert.equal(session.status, 200);
    const token = String(session.body.accessToken);
    const read = await call(kit.kw.url, '/joc/api/configuration', { token, body: { configurationType: 'IAM', name: 'Directory' } });
    assert.equal(read.status, 403);
    const test = await call(kit.kw.url, '/joc/api/iam/ldap/test', { token, body: { identityServiceName: 'Directory', accountName: 'alice', password: USERS.alice.password } });
    assert.equal(test.status, 403);
  });
});

describe('"test settings": POST /joc/api/iam/ldap/test', () => {
  before(async () => {
    assert.equal((await kit.saveSettings('Directory', openLdapSettings(slapd))).status, 200);
    assert.equal((await kit.saveSettings('DirectoryJOC', openLdapSettings(slapd))).status, 200);
  });

  it('shows the bind DN, the direct and nested groups and the resulting roles', async () => {
    const r = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'Directory', accountName: 'carol', password: USERS.carol.password });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.ok, true);
    assert.equal(r.body.bindDn, USERS.carol.dn);
    assert.deepEqual([...(r.body.rawGroups as string[])].sort(), [GROUP.cycleA, GROUP.teamA].sort());
    assert.deepEqual([...(r.body.nestedGroups as string[])].sort(), [GROUP.cycleB, GROUP.engineering, GROUP.staff].sort());
    assert.deepEqual([...(r.body.roles as string[])].sort(), ['cycler', 'staff']);
  });

  it('creates no session and writes no login history', async () => {
    const sessions = async (): Promise<number> => {
      const r = await kit.api<{ activeSessions?: unknown[] }>('/joc/api/iam/sessions', {});
      assert.equal(r.status, 200);
      assert.ok(Array.isArray(r.body.activeSessions), JSON.stringify(r.body));
      return r.body.activeSessions.length;
    };
    const history = async (): Promise<number> => (await kit.api<{ loginHistoryItems: unknown[] }>('/joc/api/audit_log/login_history', { accountName: 'bob' })).body.loginHistoryItems.length;
    const [sessionsBefore, historyBefore] = [await sessions(), await history()];
    const r = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'Directory', accountName: 'bob', password: USERS.bob.password });
    assert.equal(r.body.ok, true);
    assert.ok(!('accessToken' in r.body));
    assert.equal(await sessions(), sessionsBefore);
    assert.equal(await history(), historyBefore);
    // (a real login does both, so the counts can move)
    assert.equal((await kit.login(USERS.bob.login, USERS.bob.password)).status, 200);
    assert.equal(await sessions(), sessionsBefore + 1);
    assert.equal(await history(), historyBefore + 1);
  });

  it('explains a denial: the same-named group in another subtree grants nothing', async () => {
    const r = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'Directory', accountName: 'dave', password: USERS.dave.password });
    assert.equal(r.body.ok, false);
    assert.deepEqual(r.body.rawGroups, [GROUP.otherAdmins]);
    assert.deepEqual(r.body.roles, []);
    assert.match(String(r.body.message), /no role/);
  });

  it('reports a wrong password like a login does', async () => {
    const r = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'Directory', accountName: 'alice', password: 'wrong' });
    assert.equal(r.body.ok, false);
    assert.equal(r.body.code, 'BAD_CREDENTIALS');
    // The groups are looked up while the user binds (authenticate-with-ldap.ts): a refused bind must show none.
    assert.deepEqual(r.body.rawGroups, []);
    assert.deepEqual(r.body.nestedGroups, []);
    assert.deepEqual(r.body.roles, []);
  });

  it('a failing group lookup during a refused bind reports the refused bind; after a good bind, the lookup failure', async () => {
    // The group lookup runs while the user binds (authenticate-with-ldap.ts); a group base that does not exist makes
    // it fail, possibly before the bind has answered.
    const draft = await kit.readSettings('Directory');
    expertOf(draft).iamLdapGroupSearchBase = 'ou=nowhere,dc=example,dc=org';
    const wrong = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'Directory', accountName: 'alice', password: 'wrong', settings: draft });
    assert.equal(wrong.body.ok, false);
    assert.equal(wrong.body.code, 'BAD_CREDENTIALS', JSON.stringify(wrong.body));
    assert.deepEqual(wrong.body.roles, []);
    const right = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'Directory', accountName: 'alice', password: USERS.alice.password, settings: draft });
    assert.equal(right.body.ok, false, JSON.stringify(right.body));
    assert.equal(right.body.code, 'SERVICE_MISCONFIGURED', JSON.stringify(right.body));
    assert.deepEqual(right.body.roles, []);
  });

  it('tests unsaved settings, reusing the stored password for "********", without saving them', async () => {
    const draft = await kit.readSettings('Directory');
    expertOf(draft).iamLdapGroupRolesMap = { iamLdapDisableNestedGroupSearch: true, items: [{ ldapGroupDn: GROUP.teamA, roles: ['staff'] }] };
    const r = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'Directory', accountName: 'carol', password: USERS.carol.password, settings: draft });
    assert.equal(r.body.ok, true, JSON.stringify(r.body));
    assert.deepEqual(r.body.nestedGroups, []);
    assert.deepEqual(r.body.roles, ['staff']);
    const stored = expertOf(await kit.readSettings('Directory')).iamLdapGroupRolesMap as { items: unknown[] };
    assert.equal(stored.items.length, 5, 'the draft was not saved');
  });

  it('refuses an invalid draft with the field, like a save', async () => {
    const r = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'Directory', accountName: 'carol', password: 'x', settings: { ldap: { expert: { iamLdapServerUrl: 'http://x' } } } });
    assert.equal(r.status, 420);
    assert.equal((r.body.error as { field: string }).field, 'ldap.expert.iamLdapServerUrl');
  });

  it('LDAP-JOC: shows the account\'s roles from Keyward, or that the account is missing', async () => {
    const bob = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'DirectoryJOC', accountName: 'bob', password: USERS.bob.password });
    assert.equal(bob.body.ok, true, JSON.stringify(bob.body));
    assert.deepEqual(bob.body.roles, ['operator']);
    const alice = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'DirectoryJOC', accountName: 'alice', password: USERS.alice.password });
    assert.equal(alice.body.ok, false);
    assert.match(String(alice.body.message), /does not exist/);
  });

  it('is only for LDAP services', async () => {
    const r = await kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'JOC-INITIAL', accountName: 'root', password: 'x' });
    assert.equal(r.status, 420);
  });
});
