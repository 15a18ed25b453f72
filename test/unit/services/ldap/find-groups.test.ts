import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { EqualityFilter, ExtensibleFilter, OrFilter, type Client, type Filter, type SearchOptions } from 'ldapts';
import { createSecretBox } from '../../../../src/crypto/secret-box.js';
import { fillDnTemplate } from '../../../../src/services/ldap/authenticate-with-ldap.js';
import { findGroups, MAX_DEPTH } from '../../../../src/services/ldap/find-groups.js';
import { parseLdapSettings } from '../../../../src/services/ldap/ldap-settings.js';
import { mapGroupsToRoles } from '../../../../src/services/ldap/map-groups-to-roles.js';
import { normalizeLoginName } from '../../../../src/services/ldap/normalize-login-name.js';
import { resolveLdapConfig, type LdapConfig } from '../../../../src/services/ldap/resolve-ldap-config.js';

const secrets = createSecretBox(randomBytes(32));
const BASE = 'ou=groups,dc=x';
const g = (name: string): string => `cn=${name},${BASE}`;

function config(expert: Record<string, unknown> = {}, ad = false): LdapConfig {
  const doc = parseLdapSettings({
    ldap: {
      ...(ad ? { simple: { iamLdapAD: true } } : {}),
      expert: { iamLdapServerUrl: 'ldap://h:389', iamLdapSearchBase: 'dc=x', iamLdapGroupSearchBase: BASE, ...expert },
    },
  }, undefined, secrets, { groupsMapToRoles: true });
  return resolveLdapConfig(doc, secrets);
}

/** A fake directory: `parents[group]` lists the groups that have `group` as a member; records every filter. */
function fakeClient(parents: Record<string, string[]>, onSearch?: (filter: Filter) => string[]): { client: Client; filters: Filter[] } {
  const filters: Filter[] = [];
  const client = {
    search: async (_base: string, options: SearchOptions) => {
      const filter = options.filter as Filter;
      filters.push(filter);
      if (onSearch !== undefined) return { searchEntries: onSearch(filter).map((dn) => ({ dn })), searchReferences: [] };
      const asked = filter instanceof OrFilter ? filter.filters : [filter];
      const found = asked.flatMap((f) => (f instanceof EqualityFilter ? parents[String(f.value)] ?? [] : []));
      return { searchEntries: [...new Set(found)].map((dn) => ({ dn })), searchReferences: [] };
    },
  } as unknown as Client;
  return { client, filters };
}

const name = normalizeLoginName('carol', false);

describe('findGroups: nested groups without Active Directory', () => {
  it('walks upwards level by level, one OR-search per level', async () => {
    const { client, filters } = fakeClient({ [g('team-a')]: [g('engineering')], [g('engineering')]: [g('staff')] });
    const r = await findGroups(client, config(), { dn: 'uid=carol,dc=x', entry: { dn: 'uid=carol,dc=x', memberOf: [g('team-a')] }, name });
    assert.deepEqual(r.raw, [g('team-a')]);
    assert.deepEqual(r.nested, [g('engineering'), g('staff')]);
    assert.equal(filters.length, 3, 'levels: team-a, engineering, staff (empty)');
  });

  it('survives a membership cycle: every group is visited once', async () => {
    const { client, filters } = fakeClient({ [g('a')]: [g('b')], [g('b')]: [g('a'), g('c')], [g('c')]: [g('A')] });
    const r = await findGroups(client, config(), { dn: 'uid=carol,dc=x', entry: { dn: 'uid=carol,dc=x', memberOf: g('a') }, name });
    assert.deepEqual(r.nested, [g('b'), g('c')]);
    assert.ok(filters.length <= 4, `stopped after ${filters.length} searches`);
  });

  it('is bounded: a chain deeper than MAX_DEPTH stops with a note', async () => {
    const parents: Record<string, string[]> = {};
    for (let i = 0; i < 50; i++) parents[g(`level${i}`)] = [g(`level${i + 1}`)];
    const { client, filters } = fakeClient(parents);
    const r = await findGroups(client, config(), { dn: 'uid=carol,dc=x', entry: { dn: 'uid=carol,dc=x', memberOf: g('level0') }, name });
    assert.equal(r.nested.length, MAX_DEPTH);
    assert.equal(filters.length, MAX_DEPTH);
    assert.ok(r.notes.some((n) => n.includes('stopped')));
  });

  it('for a login, stops once every mapped group is found, and does not search when none could add a role', async () => {
    const parents = { [g('team-a')]: [g('engineering')], [g('engineering')]: [g('staff')], [g('staff')]: [g('all-staff')] };
    const entry = { dn: 'uid=carol,dc=x', memberOf: g('team-a') };
    const mapped = fakeClient(parents);
    const r = await findGroups(mapped.client, config({ iamLdapGroupRolesMap: { items: [{ ldapGroupDn: g('engineering'), roles: ['eng'] }] } }), { dn: entry.dn, entry, name }, true);
    assert.deepEqual(r.nested, [g('engineering')]);
    assert.equal(mapped.filters.length, 1, 'one level was enough');
    const unmapped = fakeClient(parents);
    assert.deepEqual((await findGroups(unmapped.client, config(), { dn: entry.dn, entry, name }, true)).nested, []);
    assert.equal(unmapped.filters.length, 0);
    const full = fakeClient(parents);
    assert.equal((await findGroups(full.client, config(), { dn: entry.dn, entry, name })).nested.length, 3, 'the diagnosis expands everything');
  });

  it('searches nothing more when nested search is disabled', async () => {
    const { client, filters } = fakeClient({ [g('team-a')]: [g('staff')] });
    const r = await findGroups(client, config({ iamLdapGroupRolesMap: { iamLdapDisableNestedGroupSearch: true, items: [] } }), { dn: 'uid=carol,dc=x', entry: { dn: 'uid=carol,dc=x', memberOf: g('team-a') }, name });
    assert.deepEqual(r.nested, []);
    assert.equal(filters.length, 0);
  });
});

describe('findGroups: Active Directory', () => {
  it('asks the server for the transitive closure with the matching-rule-in-chain, once', async () => {
    const { client, filters } = fakeClient({}, () => [g('team-a'), g('engineering'), g('staff')]);
    const r = await findGroups(client, config({}, true), { dn: 'CN=Carol (IT),OU=People,DC=x', entry: { dn: 'CN=Carol (IT),OU=People,DC=x', memberOf: g('team-a') }, name });
    assert.equal(filters.length, 1);
    const f = filters[0];
    assert.ok(f instanceof ExtensibleFilter);
    assert.equal(f.rule, '1.2.840.113556.1.4.1941');
    assert.equal(f.matchType, 'member');
    assert.equal(f.value, 'CN=Carol (IT),OU=People,DC=x', 'the DN arrives intact (parentheses escaped in the filter text)');
    assert.deepEqual(r.nested, [g('engineering'), g('staff')]);
  });
});

describe('mapGroupsToRoles', () => {
  it('matches full normalised DNs, never the first RDN', () => {
    const c = config({ iamLdapGroupRolesMap: { items: [{ ldapGroupDn: 'CN=Admins,OU=Groups,DC=X', roles: ['all'] }, { ldapGroupDn: g('staff'), roles: ['staff', 'viewer'] }] } });
    assert.deepEqual(mapGroupsToRoles(['cn=admins, ou=groups, dc=x'], c), ['all']);
    assert.deepEqual(mapGroupsToRoles(['cn=admins,ou=other,dc=x'], c), []);
    assert.deepEqual(mapGroupsToRoles(['cn=admins'], c), []);
    assert.deepEqual(mapGroupsToRoles(['not a dn', g('staff'), g('staff')], c).sort(), ['staff', 'viewer']);
  });
});

describe('fillDnTemplate', () => {
  it('escapes the name in a DN template and leaves Active Directory\'s non-DN forms alone', () => {
    assert.equal(fillDnTemplate('uid={0},ou=people,dc=x', 'a,b+c=d'), 'uid=a\\,b\\+c\\=d,ou=people,dc=x');
    assert.equal(fillDnTemplate('{0}@example.com', 'alice'), 'alice@example.com');
    assert.equal(fillDnTemplate('EXAMPLE\\{0}', 'alice'), 'EXAMPLE\\alice');
    // String.replace patterns in the name stay literal
    assert.equal(fillDnTemplate('uid={0},ou=people,dc=x', "a$'b$&c$`"), "uid=a$'b$&c$`,ou=people,dc=x");
    assert.equal(fillDnTemplate('{0}@example.com', "$'"), "$'@example.com");
  });
});
