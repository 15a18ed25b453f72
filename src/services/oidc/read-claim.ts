/**
 * Claim access for account names and group claims: a claim name is looked up as is first (claims may be URIs with
 * dots, e.g. `https://example.com/groups`), then as a dotted path into nested objects (Keycloak
 * `realm_access.roles`, `resource_access.<client>.roles`).
 */
export function readClaim(claims: Readonly<Record<string, unknown>> | undefined, name: string): unknown {
  if (claims === undefined) return undefined;
  if (Object.hasOwn(claims, name)) return claims[name];
  let current: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The values of a group claim as strings: a string is one group, an array lists groups; anything else is ignored. */
export function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' && v !== '' ? [v] : typeof v === 'number' ? [String(v)] : []));
  return [];
}
