import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { Client } from 'ldapts';
import { MAX_IDLE_BIND_CONNECTIONS } from '../../../src/services/ldap/ldap-connection-pool.js';
import { call, login } from '../../support/api-client.js';
import { BASE_DN, PEOPLE, TWIN_PASSWORD, USERS } from '../../support/ldap-directory.js';
import { startSlapd, type Slapd } from '../../support/slapd-fixture.js';
import { createMappedRoles, openLdapSettings, startLdapKit, type LdapKit } from './ldap-kit.js';

/**
 * Logins through LDAP and LDAP-JOC services against a real slapd (plain ldap:// on loopback; TLS has its own file):
 * roles from groups (direct, nested, cyclic), whole-DN group matching, bad credentials in every form, an ambiguous
 * user filter, and no connection leaks.
 */
let slapd: Slapd;
before(async () => { slapd = await startSlapd(); });
after(async () => { await slapd?.stop(); });

const rolesOf = (body: Record<string, unknown>): string[] => String(body.role ?? '').split(', ').filter((r) => r !== '').sort();

describe('LDAP service: roles from the directory', () => {
  let kit: LdapKit;
  before(async () => {
    kit = await startLdapKit();
    await kit.createService('Directory', 'LDAP', { ordering: 0 });
    const saved = await kit.saveSettings('Directory', openLdapSettings(slapd));
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    await createMappedRoles(kit, 'Directory');
  });
  after(async () => { await kit?.stop(); });

  it('logs a user in with the roles mapped from their groups', async () => {
    const r = await kit.login(USERS.alice.login, USERS.alice.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('alice')));
    assert.equal(r.body.identityService, 'LDAP:Directory');
    assert.equal(r.body.account, 'alice');
    assert.deepEqual(rolesOf(r.body), ['all', 'viewer']);
  });

  it('a change to a mapped role\'s permissions applies at the very next login (role rows are cached, writes invalidate)', async () => {
    // Logged in without kit.login (which moves the kit's clock 31 s on): the clock stands still, so a cached entry
    // never ages out and only the invalidation can make this pass.
    const calendars = 'sos:products:joc:calendars:view';
    const permitted = async (): Promise<boolean> => {
      const r = await login(kit.kw.url, USERS.bob.login, USERS.bob.password); // bob ∈ users → viewer
      assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('bob')));
      const check = await call(kit.kw.url, `/joc/api/authentication/permission?permission=${calendars}`, { method: 'GET', token: String(r.body.accessToken) });
      return check.body.isPermitted === true;
    };
    assert.equal(await permitted(), false);
    const store = { identityServiceName: 'Directory', roleName: 'viewer', controllerId: '' };
    assert.equal((await kit.api('/joc/api/iam/permissions/store', { ...store, permissions: [{ permissionPath: calendars }] })).status, 200);
    assert.equal(await permitted(), true, 'granted at the next login');
    assert.equal((await kit.api('/joc/api/iam/permissions/delete', { ...store, permissionPaths: [calendars] })).status, 200);
    assert.equal(await permitted(), false, 'gone at the next login');
  });

  it('resolves nested groups through several levels and survives a membership cycle', async () => {
    // carol ∈ team-a ∈ engineering ∈ staff (→ staff); carol ∈ cycle-a ∈ cycle-b ∈ cycle-a (→ cycler)
    const r = await kit.login(USERS.carol.login, USERS.carol.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('carol')));
    assert.deepEqual(rolesOf(r.body), ['cycler', 'staff']);
  });

  it('does not grant the roles of a group that only shares the first RDN (cn=admins in another subtree)', async () => {
    const r = await kit.login(USERS.dave.login, USERS.dave.password);
    assert.equal(r.status, 401);
    const details = await kit.lastLoginDetails('dave');
    assert.deepEqual(details.find((d) => d.identityServiceName === 'Directory'), { identityServiceName: 'Directory', code: 'NO_ROLE', message: 'login denied: no role assignment found' });
  });

  it('takes the account name from the entry, so a differently spelled name cannot sidestep the blocklist', async () => {
    const upper = await kit.login('BOB', USERS.bob.password);
    assert.equal(upper.status, 200, JSON.stringify(await kit.lastLoginDetails('bob')));
    assert.equal(upper.body.account, 'bob');
    assert.equal((await kit.api('/joc/api/iam/blockedAccount/store', { accountName: 'bob' })).status, 200);
    try {
      const blocked = await kit.login('Bob', USERS.bob.password);
      assert.equal(blocked.status, 401);
      assert.equal((await kit.lastLoginDetails('Bob')).find((d) => d.identityServiceName === 'Directory')?.code, 'ACCOUNT_BLOCKED');
    } finally {
      assert.equal((await kit.api('/joc/api/iam/blockedAccounts/delete', { accountNames: ['bob'] })).status, 200);
    }
  });

  it('keeps non-ASCII names intact (UTF-8 filter values)', async () => {
    const r = await kit.login(USERS.jurgen.login, USERS.jurgen.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails(USERS.jurgen.login)));
    assert.equal(r.body.account, 'jürgen');
  });

  it('answers a wrong password and an unknown user with the same code', async () => {
    const wrong = await kit.login(USERS.alice.login, 'not-her-password');
    assert.equal(wrong.status, 401);
    const wrongDetail = (await kit.lastLoginDetails('alice')).find((d) => d.identityServiceName === 'Directory');
    const unknown = await kit.login('nobody', 'whatever-Pw-1');
    assert.equal(unknown.status, 401);
    const unknownDetail = (await kit.lastLoginDetails('nobody')).find((d) => d.identityServiceName === 'Directory');
    assert.equal(wrongDetail?.code, 'BAD_CREDENTIALS');
    assert.equal(unknownDetail?.code, 'BAD_CREDENTIALS');
    assert.deepEqual(Object.keys(wrong.body).sort(), Object.keys(unknown.body).sort());
    assert.equal(wrong.body.message, unknown.body.message);
  });

  it('refuses an empty password before anything reaches the server (it would be an anonymous bind)', async () => {
    const before = slapd.log().length;
    const r = await kit.login(USERS.alice.login, '');
    assert.equal(r.status, 401);
    const detail = (await kit.lastLoginDetails('alice')).find((d) => d.identityServiceName === 'Directory');
    assert.equal(detail?.code, 'BAD_CREDENTIALS');
    assert.match(detail?.message ?? '', /empty password/);
    await sleep(100);
    const sent = slapd.log().slice(before);
    assert.doesNotMatch(sent, /BIND dn=|SRCH base/, 'nothing may be sent to the directory for an empty password');
  });

  it('keeps its connections bounded while many logins run at once', async () => {
    const attempts = [
      ...Array.from({ length: 12 }, () => [USERS.bob.login, USERS.bob.password] as const),
      ...Array.from({ length: 6 }, () => [USERS.bob.login, 'wrong'] as const),
      ...Array.from({ length: 6 }, () => ['ghost', 'wrong'] as const),
    ];
    await Promise.all(attempts.map(([a, p]) => kit.login(a, p)));
    const open = slapd.clientConnections();
    assert.ok(open >= 1 && open <= 1 + MAX_IDLE_BIND_CONNECTIONS, `${open} connections open to slapd`);
  });
});

describe('LDAP-JOC service: roles from Keyward\'s database', () => {
  let kit: LdapKit;
  before(async () => {
    kit = await startLdapKit();
    await kit.createService('DirectoryJOC', 'LDAP-JOC', { ordering: 0 });
    assert.equal((await kit.saveSettings('DirectoryJOC', openLdapSettings(slapd))).status, 200);
    await kit.createRole('DirectoryJOC', 'operator', 'sos:products:joc:dailyplan:view');
    await kit.createRole('DirectoryJOC', 'all'); // the name the group map uses: must not be granted through groups
    await kit.createAccount('DirectoryJOC', 'bob', ['operator']);
    await kit.createAccount('DirectoryJOC', 'alice', []);
    await kit.createAccount('DirectoryJOC', 'carol', ['operator']);
    const disabled = await kit.api('/joc/api/iam/accounts/disable', { identityServiceName: 'DirectoryJOC', accountNames: ['carol'] });
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
  });
  after(async () => { await kit?.stop(); });

  it('logs in with the directory password and the roles assigned in Keyward', async () => {
    const r = await kit.login(USERS.bob.login, USERS.bob.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('bob')));
    assert.equal(r.body.identityService, 'LDAP-JOC:DirectoryJOC');
    assert.deepEqual(rolesOf(r.body), ['operator']);
  });

  it('ignores the directory groups: alice (in cn=admins) without role assignments gets no role', async () => {
    const r = await kit.login(USERS.alice.login, USERS.alice.password);
    assert.equal(r.status, 401);
    assert.equal((await kit.lastLoginDetails('alice')).find((d) => d.identityServiceName === 'DirectoryJOC')?.code, 'NO_ROLE');
  });

  it('needs the account in Keyward: a directory user without one is refused', async () => {
    const r = await kit.login(USERS.dave.login, USERS.dave.password);
    assert.equal(r.status, 401);
    const detail = (await kit.lastLoginDetails('dave')).find((d) => d.identityServiceName === 'DirectoryJOC');
    assert.equal(detail?.code, 'BAD_CREDENTIALS');
    assert.match(detail?.message ?? '', /does not exist/);
  });

  it('honours a disabled account, and still checks the password with the directory', async () => {
    const r = await kit.login(USERS.carol.login, USERS.carol.password);
    assert.equal(r.status, 401);
    assert.equal((await kit.lastLoginDetails('carol')).find((d) => d.identityServiceName === 'DirectoryJOC')?.code, 'ACCOUNT_DISABLED');
    const wrong = await kit.login(USERS.bob.login, 'wrong');
    assert.equal(wrong.status, 401);
    assert.equal((await kit.lastLoginDetails('bob')).find((d) => d.identityServiceName === 'DirectoryJOC')?.code, 'BAD_CREDENTIALS');
  });
});

describe('bind without a system user (DN template)', () => {
  let kit: LdapKit;
  before(async () => {
    kit = await startLdapKit();
    await kit.createService('Template', 'LDAP', { ordering: 0 });
    const settings = openLdapSettings(slapd, { iamLdapUserDnTemplate: `uid={0},${PEOPLE}` });
    const expert = (settings.ldap as { expert: Record<string, unknown> }).expert;
    delete expert.iamLdapSystemUser;
    delete expert.iamLdapSystemPassword;
    assert.equal((await kit.saveSettings('Template', settings)).status, 200);
    await createMappedRoles(kit, 'Template');
  });
  after(async () => { await kit?.stop(); });

  it('binds as uid={0},… and reads groups with the user\'s own connection', async () => {
    const r = await kit.login(USERS.carol.login, USERS.carol.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('carol')));
    assert.deepEqual(rolesOf(r.body), ['cycler', 'staff']);
  });

  it('refuses the empty password that slapd would accept as an anonymous bind', async () => {
    // The attack: a simple bind with a DN and no password is an unauthenticated bind, which slapd answers with success.
    const direct = new Client({ url: slapd.url, timeout: 2000 });
    await direct.bind(USERS.alice.dn, '');
    await direct.unbind();
    const r = await kit.login(USERS.alice.login, '');
    assert.equal(r.status, 401);
    assert.match((await kit.lastLoginDetails('alice')).find((d) => d.identityServiceName === 'Template')?.message ?? '', /empty password/);
  });
});

describe('a user filter that matches more than one entry', () => {
  let kit: LdapKit;
  before(async () => {
    kit = await startLdapKit();
    await kit.createService('Wide', 'LDAP', { ordering: 0 });
    assert.equal((await kit.saveSettings('Wide', openLdapSettings(slapd, { iamLdapSearchBase: BASE_DN }))).status, 200);
    await createMappedRoles(kit, 'Wide');
  });
  after(async () => { await kit?.stop(); });

  it('fails instead of binding as one of them', async () => {
    const before = slapd.log().length;
    const r = await kit.login('twin', TWIN_PASSWORD);
    assert.equal(r.status, 401);
    const detail = (await kit.lastLoginDetails('twin')).find((d) => d.identityServiceName === 'Wide');
    assert.equal(detail?.code, 'SERVICE_MISCONFIGURED');
    assert.match(detail?.message ?? '', /more than one entry/);
    assert.doesNotMatch(slapd.log().slice(before), /BIND dn="uid=twin/);
  });

  it('still logs in users the filter identifies uniquely', async () => {
    const r = await kit.login(USERS.alice.login, USERS.alice.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('alice')));
  });
});

describe('shutdown', () => {
  it('closes every pooled connection when Keyward stops', async () => {
    const kit = await startLdapKit();
    try {
      await kit.createService('Directory', 'LDAP', { ordering: 0 });
      assert.equal((await kit.saveSettings('Directory', openLdapSettings(slapd))).status, 200);
      await createMappedRoles(kit, 'Directory');
      await Promise.all([1, 2, 3, 4].map(() => kit.login(USERS.bob.login, USERS.bob.password)));
      assert.ok(slapd.clientConnections() >= 2, 'the system connection and some bind connections are kept');
    } finally {
      await kit.stop();
    }
    for (let i = 0; i < 100 && slapd.clientConnections() > 0; i++) await sleep(50);
    const unclosed = (): string => {
      const log = slapd.log();
      const accepted = [...log.matchAll(/conn=(\d+) fd=\d+ ACCEPT from IP=([\d.:]+)/g)].map((m) => [m[1], m[2]]);
      return accepted.filter(([conn]) => !new RegExp(`conn=${conn ?? ''} fd=\\d+ closed`).test(log)).map((a) => a.join(' from ')).join(', ');
    };
    assert.equal(slapd.clientConnections(), 0, `still open: ${unclosed()}`);
  });
});
