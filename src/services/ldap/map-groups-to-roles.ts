import { normalizeDn } from './normalize-dn.js';
import type { LdapConfig } from './resolve-ldap-config.js';

/** Roles of the groups found: the union of the group→roles map entries whose DN equals a group's DN. */
export function mapGroupsToRoles(groups: readonly string[], config: LdapConfig): string[] {
  const roles = new Set<string>();
  for (const g of groups) {
    const key = normalizeDn(g);
    const mapped = key === undefined ? undefined : config.groupRoles.get(key);
    for (const r of mapped?.roles ?? []) roles.add(r);
  }
  return [...roles];
}
