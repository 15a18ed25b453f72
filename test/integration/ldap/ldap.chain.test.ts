import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { USERS } from '../../support/ldap-directory.js';
import { startSlapd, type Slapd } from '../../support/slapd-fixture.js';
import { createMappedRoles, openLdapSettings, startLdapKit, type LdapKit } from './ldap-kit.js';

/**
 * An LDAP service before and after a JOC service in the login chain (spec §4.1), optional and required:
 * optional services are tried in order and the first success wins; required services must all succeed, their roles
 * merge, and optional services are then not consulted.
 *
 * Services: `Directory` (LDAP, fixture directory) and `Local` (JOC) with `localuser`, `alice` (another password than
 * in LDAP) and `carol` (the same password as in LDAP).
 */
let slapd: Slapd;
before(async () => { slapd = await startSlapd(); });
after(async () => { await slapd?.stop(); });

const LOCAL = { localuser: 'local-User-1', alice: 'local-Alice-1' } as const;
const rolesOf = (body: Record<string, unknown>): string[] => String(body.role ?? '').split(', ').filter((r) => r !== '').sort();

async function chainKit(): Promise<LdapKit> {
  const kit = await startLdapKit();
  await kit.updateService('JOC-INITIAL', { ordering: 90 }); // only root lives there; keep it out of the way
  await kit.createService('Directory', 'LDAP', { ordering: 1 });
  assert.equal((await kit.saveSettings('Directory', openLdapSettings(slapd))).status, 200);
  await createMappedRoles(kit, 'Directory');
  await kit.createService('Local', 'JOC', { ordering: 2 });
  await kit.createRole('Local', 'local-operator', 'sos:products:joc:documentations:view');
  await kit.createAccount('Local', 'localuser', ['local-operator'], LOCAL.localuser);
  await kit.createAccount('Local', 'alice', ['local-operator'], LOCAL.alice);
  await kit.createAccount('Local', 'carol', ['local-operator'], USERS.carol.password);
  return kit;
}

async function trace(kit: LdapKit, account: string): Promise<string[]> {
  return (await kit.lastLoginDetails(account)).map((d) => `${d.identityServiceName}:${d.code ?? 'ok'}`);
}

describe('optional services', () => {
  let kit: LdapKit;
  before(async () => { kit = await chainKit(); });
  after(async () => { await kit?.stop(); });

  it('LDAP before JOC: a directory user logs in through LDAP; a local user after LDAP refused them', async () => {
    const ldap = await kit.login(USERS.alice.login, USERS.alice.password);
    assert.equal(ldap.status, 200);
    assert.equal(ldap.body.identityService, 'LDAP:Directory');
    assert.deepEqual(await trace(kit, 'alice'), ['Directory:ok']);

    const local = await kit.login('localuser', LOCAL.localuser);
    assert.equal(local.status, 200);
    assert.equal(local.body.identityService, 'JOC:Local');
    assert.deepEqual(await trace(kit, 'localuser'), ['Directory:BAD_CREDENTIALS', 'Local:ok']);

    const aliceLocal = await kit.login('alice', LOCAL.alice);
    assert.equal(aliceLocal.body.identityService, 'JOC:Local', 'LDAP refuses the local password, JOC accepts it');
    assert.deepEqual(rolesOf(aliceLocal.body), ['local-operator']);
  });

  it('LDAP after JOC: JOC refuses the directory password, LDAP accepts it', async () => {
    await kit.updateService('Directory', { ordering: 3 });
    try {
      const r = await kit.login(USERS.alice.login, USERS.alice.password);
      assert.equal(r.status, 200);
      assert.equal(r.body.identityService, 'LDAP:Directory');
      assert.deepEqual(rolesOf(r.body), ['all', 'viewer']);
      assert.deepEqual(await trace(kit, 'alice'), ['Local:BAD_CREDENTIALS', 'Directory:ok']);
      const local = await kit.login('alice', LOCAL.alice);
      assert.equal(local.body.identityService, 'JOC:Local');
      assert.deepEqual(await trace(kit, 'alice'), ['Local:ok']);
    } finally {
      await kit.updateService('Directory', { ordering: 1 });
    }
  });
});

describe('required services', () => {
  let kit: LdapKit;
  before(async () => { kit = await chainKit(); });
  after(async () => { await kit?.stop(); });

  it('a required LDAP service before an optional JOC service: everyone must pass LDAP, JOC is not consulted', async () => {
    await kit.updateService('Directory', { required: true });
    try {
      const local = await kit.login('localuser', LOCAL.localuser);
      assert.equal(local.status, 401);
      assert.deepEqual(await trace(kit, 'localuser'), ['Directory:BAD_CREDENTIALS']);
      const ldap = await kit.login(USERS.bob.login, USERS.bob.password);
      assert.equal(ldap.status, 200);
      assert.deepEqual(rolesOf(ldap.body), ['viewer']);
      assert.deepEqual(await trace(kit, 'bob'), ['Directory:ok']);
    } finally {
      await kit.updateService('Directory', { required: false });
    }
  });

  it('a required JOC service before a required LDAP service: both must accept the same credentials, roles merge', async () => {
    await kit.updateService('Local', { required: true, ordering: 0 });
    await kit.updateService('Directory', { required: true, ordering: 1 });
    try {
      const both = await kit.login(USERS.carol.login, USERS.carol.password);
      assert.equal(both.status, 200, JSON.stringify(await trace(kit, 'carol')));
      assert.deepEqual(rolesOf(both.body), ['cycler', 'local-operator', 'staff']);
      assert.deepEqual(await trace(kit, 'carol'), ['Local:ok', 'Directory:ok']);

      const ldapOnly = await kit.login(USERS.bob.login, USERS.bob.password);
      assert.equal(ldapOnly.status, 401, 'bob has no Local account');
      assert.deepEqual(await trace(kit, 'bob'), ['Local:BAD_CREDENTIALS']);

      const localPasswordOnly = await kit.login('alice', LOCAL.alice);
      assert.equal(localPasswordOnly.status, 401, 'the required LDAP service refuses the local password');
      assert.deepEqual(await trace(kit, 'alice'), ['Local:ok', 'Directory:BAD_CREDENTIALS']);
    } finally {
      await kit.updateService('Directory', { required: false, ordering: 1 });
      await kit.updateService('Local', { required: false, ordering: 2 });
    }
  });

  it('a required LDAP service that is down stops every login, quickly and with the reason', async () => {
    await kit.updateService('Directory', { required: true });
    await slapd.halt();
    try {
      const start = performance.now();
      const r = await kit.login('localuser', LOCAL.localuser);
      assert.equal(r.status, 401);
      assert.ok(performance.now() - start < 5000);
      const detail = (await kit.lastLoginDetails('localuser')).find((d) => d.identityServiceName === 'Directory');
      assert.equal(detail?.code, 'SERVICE_UNAVAILABLE');
      assert.match(detail?.message ?? '', /connection refused/);
    } finally {
      await slapd.start();
      await kit.updateService('Directory', { required: false });
    }
    const back = await kit.login(USERS.bob.login, USERS.bob.password);
    assert.equal(back.status, 200, JSON.stringify(await trace(kit, 'bob')));
  });
});
