import type { Client, Entry } from 'ldapts';
import { FilterParser } from 'ldapts';
import { step } from './classify-ldap-error.js';
import { entryValues } from './entry-values.js';
import { escapeFilterValue } from './escape-ldap.js';
import { fillFilter } from './fill-filter.js';
import type { LoginName } from './normalize-login-name.js';
import { normalizeDn } from './normalize-dn.js';
import type { LdapConfig } from './resolve-ldap-config.js';

/**
 * The user's groups as DNs (spec §3.1 authorization, LDAP type):
 * - direct groups: a group search (`iamLdapGroupSearchFilter` under `iamLdapGroupSearchBase`; the groups are the
 *   matching entries' DNs) or else the user entry's `iamLdapGroupNameAttribute` values (memberOf);
 * - nested groups, unless `iamLdapDisableNestedGroupSearch`: on Active Directory one search with the
 *   matching-rule-in-chain `(member:1.2.840.113556.1.4.1941:=<user DN>)`, which the server expands transitively;
 *   elsewhere a breadth-first walk upwards, one `(|(member=g1)(member=g2)…)` search per level, that remembers every
 *   group it has seen (cycle-safe) and stops after `MAX_DEPTH` levels or `MAX_GROUPS` groups (bounded).
 * Groups are identified by normalised DN, so `cn=admins,ou=other,…` is never `cn=admins,ou=groups,…`.
 *
 * `onlyNeeded` (logins): the walk stops as soon as every group of the group → roles map has been found, and does not
 * start when the map is empty, since further groups could not add a role. "Test settings" expands everything.
 */
export const MAX_DEPTH = 10;
export const MAX_GROUPS = 1000;
const CHUNK = 50;
const IN_CHAIN = '1.2.840.113556.1.4.1941';

export interface GroupLookup {
  /** Direct groups, as the server wrote them. */
  readonly raw: string[];
  /** Groups reached only through other groups. */
  readonly nested: string[];
  readonly notes: string[];
}

export async function findGroups(
  client: Client, config: LdapConfig, user: { dn: string | undefined; entry: Entry | undefined; name: LoginName }, onlyNeeded = false,
): Promise<GroupLookup> {
  const notes: string[] = [];
  const seen = new Map<string, string>(); // normalised → as returned
  const add = (dn: string, into: string[]): boolean => {
    const key = normalizeDn(dn);
    if (key === undefined || key === '') { notes.push(`ignored a group value that is not a DN: ${dn}`); return false; }
    if (seen.has(key)) return false;
    seen.set(key, dn);
    into.push(dn);
    return true;
  };

  const raw: string[] = [];
  if (config.groupSearchFilter !== undefined && config.groupSearchBase !== undefined) {
    const filter = fillFilter(config.groupSearchFilter, { user: user.name.user, full: user.name.full, dn: user.dn });
    const groupBase = config.groupSearchBase;
    const { searchEntries } = await step('group-search', () => client.search(groupBase, { scope: 'sub', filter, attributes: ['1.1'], sizeLimit: MAX_GROUPS }));
    for (const e of searchEntries) add(e.dn, raw);
  } else if (user.entry !== undefined) {
    for (const dn of entryValues(user.entry, config.groupNameAttribute)) add(dn, raw);
  } else {
    notes.push('the user entry could not be read, so its groups are unknown (set iamLdapSearchBase)');
  }

  const nested: string[] = [];
  const allMappedFound = (): boolean => onlyNeeded && [...config.groupRoles.keys()].every((k) => seen.has(k));
  if (allMappedFound()) return { raw, nested, notes };
  if (!config.nestedGroups) {
    notes.push('nested group search is disabled');
    return { raw, nested, notes };
  }
  const base = config.groupSearchBase ?? config.searchBase;
  if (base === undefined) {
    notes.push('nested groups not searched: no iamLdapGroupSearchBase or iamLdapSearchBase');
    return { raw, nested, notes };
  }

  if (config.activeDirectory && user.dn !== undefined) {
    const filter = FilterParser.parseString(`(member:${IN_CHAIN}:=${escapeFilterValue(user.dn)})`);
    const { searchEntries } = await step('group-search', () => client.search(base, { scope: 'sub', filter, attributes: ['1.1'], sizeLimit: MAX_GROUPS }));
    for (const e of searchEntries) add(e.dn, nested);
    return { raw, nested, notes };
  }

  let frontier = [...raw];
  for (let depth = 1; frontier.length > 0; depth++) {
    if (depth > MAX_DEPTH) { notes.push(`nested group search stopped after ${MAX_DEPTH} levels`); break; }
    if (allMappedFound()) break;
    const next: string[] = [];
    for (let i = 0; i < frontier.length; i += CHUNK) {
      const chunk = frontier.slice(i, i + CHUNK);
      const text = chunk.length === 1 ? `(member=${escapeFilterValue(chunk[0] ?? '')})` : `(|${chunk.map((g) => `(member=${escapeFilterValue(g)})`).join('')})`;
      const { searchEntries } = await step('group-search', () => client.search(base, { scope: 'sub', filter: FilterParser.parseString(text), attributes: ['1.1'], sizeLimit: MAX_GROUPS }));
      for (const e of searchEntries) if (add(e.dn, nested)) next.push(e.dn);
    }
    if (seen.size >= MAX_GROUPS) { notes.push(`nested group search stopped at ${MAX_GROUPS} groups`); break; }
    frontier = next;
  }
  return { raw, nested, notes };
}
