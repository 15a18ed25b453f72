import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { PEOPLE, USERS } from '../../support/ldap-directory.js';
import { startSlapd, type Slapd } from '../../support/slapd-fixture.js';
import { createMappedRoles, openLdapSettings, startLdapKit, type LdapKit } from './ldap-kit.js';

/**
 * LDAP injection (spec §5.6 item 6: JS7 puts the login name into filters and DNs unescaped). Were `al*` or
 * `alice)(|(uid=*` passed into the filter unescaped, they would find alice and, with her password, log in although
 * nobody typed her name (so a partial or wildcard name would do). Each attack uses alice's real password and must
 * fail; the slapd log shows the filter the server actually received. Names with control characters (NUL) are refused
 * before anything is sent. Users whose names contain the special characters log in normally, which proves the
 * escaping is correct rather than merely restrictive.
 */
let slapd: Slapd;
before(async () => { slapd = await startSlapd(); });
after(async () => { await slapd?.stop(); });

const ATTACKS = ['*', 'al*', '*)(uid=*', 'admin)(|(a=*', 'alice)(|(uid=*', 'alice)(uid=alice', '*)(|(objectClass=*', 'alice\u0000', 'alice\u0000)(uid=*', 'alice\\', '\\2a'];
const SPECIAL = [USERS.comma, USERS.plus, USERS.equals, USERS.backslash, USERS.hash, USERS.combined];

/** The filter value as slapd logs it (RFC 4515 escapes, upper-case hex). */
const logged = (value: string): string => value.replace(/[*()\\\u0000]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

async function kitWith(service: string, expert: Record<string, unknown>, dropSystemUser = false): Promise<LdapKit> {
  const kit = await startLdapKit();
  await kit.createService(service, 'LDAP', { ordering: 0 });
  const settings = openLdapSettings(slapd, expert);
  const e = (settings.ldap as { expert: Record<string, unknown> }).expert;
  delete e.iamLdapUserNameAttribute;
  if (dropSystemUser) { delete e.iamLdapSystemUser; delete e.iamLdapSystemPassword; }
  const saved = await kit.saveSettings(service, settings);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  await createMappedRoles(kit, service);
  return kit;
}

describe('search-then-bind: the login name in the user filter', () => {
  let kit: LdapKit;
  before(async () => { kit = await kitWith('Search', { iamLdapUserSearchFilter: '(uid=%s)' }); });
  after(async () => { await kit?.stop(); });

  for (const attack of ATTACKS) {
    it(`refuses ${JSON.stringify(attack)} with alice's password, sending it as one literal value`, async () => {
      const mark = slapd.log().length;
      const r = await kit.login(attack, USERS.alice.password);
      assert.equal(r.status, 401, `logged in as ${JSON.stringify(r.body.account)}`);
      const detail = (await kit.lastLoginDetails(attack)).find((d) => d.identityServiceName === 'Search');
      assert.equal(detail?.code, 'BAD_CREDENTIALS', JSON.stringify(detail));
      await sleep(50);
      const sent = slapd.log().slice(mark);
      if (/[\u0000-\u001f]/.test(attack)) assert.doesNotMatch(sent, /SRCH base|BIND dn/, 'a name with NUL must not reach the server');
      // (slapd logs the value in its normalised, lower-case form)
      else assert.ok(sent.toLowerCase().includes(`filter="(uid=${logged(attack)})"`.toLowerCase()), `slapd received:\n${sent.split('\n').filter((l) => l.includes('SRCH base')).join('\n')}`);
      assert.doesNotMatch(sent, /BIND dn="uid=alice,/, 'alice\'s entry must never be bound');
    });
  }

  for (const user of SPECIAL) {
    it(`logs in ${JSON.stringify(user.login)}, whose name holds filter/DN metacharacters`, async () => {
      const r = await kit.login(user.login, user.password);
      assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails(user.login)));
      assert.equal(r.body.account, user.login);
      assert.equal(r.body.role, 'viewer');
    });
  }
});

describe('DN template: the login name in the bind DN', () => {
  let kit: LdapKit;
  before(async () => { kit = await kitWith('Template', { iamLdapUserDnTemplate: `uid={0},${PEOPLE}` }, true); });
  after(async () => { await kit?.stop(); });

  for (const attack of ['*', 'alice,ou=people,dc=example,dc=org', 'alice+uid=alice', 'alice\u0000', ' alice', 'alice ', '#616c696365', ...ATTACKS.slice(2)]) {
    it(`refuses ${JSON.stringify(attack)} with alice's password: it never names alice's entry`, async () => {
      const mark = slapd.log().length;
      const r = await kit.login(attack, USERS.alice.password);
      assert.equal(r.status, 401, `logged in as ${JSON.stringify(r.body.account)}`);
      assert.equal((await kit.lastLoginDetails(attack)).find((d) => d.identityServiceName === 'Template')?.code, 'BAD_CREDENTIALS');
      await sleep(50);
      assert.doesNotMatch(slapd.log().slice(mark), /BIND dn="uid=alice,ou=people,dc=example,dc=org" mech=SIMPLE/, 'alice\'s entry must never be bound');
    });
  }

  for (const user of SPECIAL) {
    it(`binds ${JSON.stringify(user.login)} at its escaped DN`, async () => {
      const r = await kit.login(user.login, user.password);
      assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails(user.login)));
      assert.equal(r.body.account, user.login);
    });
  }
});
