/**
 * The test directory loaded into every slapd fixture (base `dc=example,dc=org`). Tests refer to these names instead
 * of repeating DNs; `USERS` lists each account's login name, password and DN.
 *
 * Groups (groupOfNames, memberOf maintained by the overlay):
 *   ou=groups: admins{alice}  users{alice,bob}  team-a{carol}  engineering{team-a}  staff{engineering}
 *              cycle-a{carol,cycle-b}  cycle-b{cycle-a}  (a membership cycle)  weird{every special-character user}
 *   ou=other:  admins{dave}   (same first RDN as the real admins group, in another subtree: must grant nothing)
 * Two entries share uid=twin (ou=people and ou=contractors): a user filter over the whole base matches both.
 */
export const BASE_DN = 'dc=example,dc=org';
export const ADMIN_DN = `cn=admin,${BASE_DN}`;
export const ADMIN_PASSWORD = 'adminpw';
export const READER_DN = `cn=reader,${BASE_DN}`;
export const READER_PASSWORD = 'readerpw';
export const PEOPLE = `ou=people,${BASE_DN}`;
export const GROUPS = `ou=groups,${BASE_DN}`;

export const GROUP = {
  admins: `cn=admins,${GROUPS}`,
  users: `cn=users,${GROUPS}`,
  teamA: `cn=team-a,${GROUPS}`,
  engineering: `cn=engineering,${GROUPS}`,
  staff: `cn=staff,${GROUPS}`,
  cycleA: `cn=cycle-a,${GROUPS}`,
  cycleB: `cn=cycle-b,${GROUPS}`,
  weird: `cn=weird,${GROUPS}`,
  otherAdmins: `cn=admins,ou=other,${BASE_DN}`,
} as const;

export interface TestUser { readonly login: string; readonly password: string; readonly dn: string }

/** RFC 4514 escaping for the fixture's own DNs (independent of the code under test on purpose). */
function rdnValue(v: string): string {
  return v.replace(/[\\,+="<>;]/g, (c) => `\\${c}`).replace(/^#/, '\\#');
}
const person = (uid: string, password: string): TestUser => ({ login: uid, password, dn: `uid=${rdnValue(uid)},${PEOPLE}` });

export const USERS = {
  alice: person('alice', 'alice-Pw-1'),
  bob: person('bob', 'bob-Pw-2'),
  carol: person('carol', 'carol-Pw-3'),
  dave: person('dave', 'dave-Pw-4'),
  jurgen: person('jürgen', 'jürgen-Pw-5'),
  comma: person('comma,user', 'weird-Pw-1'),
  plus: person('plus+user', 'weird-Pw-2'),
  equals: person('eq=user', 'weird-Pw-3'),
  backslash: person('back\\slash', 'weird-Pw-4'),
  hash: person('#hash', 'weird-Pw-5'),
  combined: person('o\'brien, jr+x=y\\z', 'weird-Pw-6'),
} as const satisfies Record<string, TestUser>;

export const TWIN_PASSWORD = 'twin-Pw-1';

export interface LdapEntry { readonly dn: string; readonly attributes: Record<string, string | string[]> }

const ou = (name: string, parent = BASE_DN): LdapEntry => ({ dn: `ou=${name},${parent}`, attributes: { objectClass: 'organizationalUnit', ou: name } });
const inetOrgPerson = (u: TestUser, uid = u.login): LdapEntry => ({
  dn: u.dn,
  attributes: { objectClass: 'inetOrgPerson', uid, cn: uid, sn: 'Test', userPassword: u.password },
});
const group = (dn: string, members: string[]): LdapEntry => ({
  dn, attributes: { objectClass: 'groupOfNames', cn: /^cn=([^,]+)/.exec(dn)?.[1] ?? 'group', member: members },
});

/** Entries in load order (a group after its members, so the memberOf overlay fills memberOf). */
export function testDirectory(): { entries: LdapEntry[]; afterwards: { dn: string; addMember: string }[] } {
  const weirdUsers = [USERS.comma, USERS.plus, USERS.equals, USERS.backslash, USERS.hash, USERS.combined];
  return {
    entries: [
      { dn: BASE_DN, attributes: { objectClass: ['dcObject', 'organization'], o: 'Example', dc: 'example' } },
      ou('people'), ou('groups'), ou('other'), ou('contractors'),
      { dn: READER_DN, attributes: { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'reader', userPassword: READER_PASSWORD } },
      ...Object.values(USERS).map((u) => inetOrgPerson(u)),
      inetOrgPerson({ login: 'twin', password: TWIN_PASSWORD, dn: `uid=twin,${PEOPLE}` }),
      inetOrgPerson({ login: 'twin', password: TWIN_PASSWORD, dn: `uid=twin,ou=contractors,${BASE_DN}` }),
      group(GROUP.admins, [USERS.alice.dn]),
      group(GROUP.users, [USERS.alice.dn, USERS.bob.dn, USERS.jurgen.dn]),
      group(GROUP.teamA, [USERS.carol.dn]),
      group(GROUP.engineering, [GROUP.teamA]),
      group(GROUP.staff, [GROUP.engineering]),
      group(GROUP.cycleA, [USERS.carol.dn]),
      group(GROUP.cycleB, [GROUP.cycleA]),
      group(GROUP.weird, weirdUsers.map((u) => u.dn)),
      group(GROUP.otherAdmins, [USERS.dave.dn]),
    ],
    afterwards: [{ dn: GROUP.cycleA, addMember: GROUP.cycleB }],
  };
}
