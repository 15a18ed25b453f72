import type { GroupRoleMapping } from './oidc-settings.js';
import { claimValues, readClaim } from './read-claim.js';

/**
 * OIDC type (spec §3.3): the values of each configured group claim, looked up in the ID token and in the userinfo
 * answer, mapped through `iamOidcGroupRolesMap` (exact string comparison). Unmapped groups grant nothing.
 */
export function mapGroupRoles(
  sources: readonly (Readonly<Record<string, unknown>> | undefined)[],
  groupClaims: readonly string[],
  map: readonly GroupRoleMapping[],
): { groups: string[]; roles: string[] } {
  const groups = new Set<string>();
  for (const claim of groupClaims) {
    for (const source of sources) for (const g of claimValues(readClaim(source, claim))) groups.add(g);
  }
  const roles = new Set<string>();
  for (const item of map) {
    if (groups.has(item.oidcGroup)) for (const r of item.roles) roles.add(r);
  }
  return { groups: [...groups], roles: [...roles] };
}
