/**
 * What an OIDC login keeps in the session's per-service `data` (sealed by the session manager, never sent to a
 * client, spec §5.7 fixed: no client-side locker): the tokens for renewal, introspection and logout.
 */
export interface SessionTokens {
  readonly v: 1;
  readonly accessToken: string;
  readonly refreshToken?: string | undefined;
  /** For `id_token_hint` at RP-initiated logout and `sub` continuity at renewal. */
  readonly idToken?: string | undefined;
  readonly sub?: string | undefined;
  /** When the tokens expire (ms): the session's `expiresAt`. */
  readonly expiresAt: number;
}

export function parseSessionTokens(data: unknown): SessionTokens | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  if (d.v !== 1 || typeof d.accessToken !== 'string' || typeof d.expiresAt !== 'number') return undefined;
  const opt = (k: string): string | undefined => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  return { v: 1, accessToken: d.accessToken, refreshToken: opt('refreshToken'), idToken: opt('idToken'), sub: opt('sub'), expiresAt: d.expiresAt };
}

/** Token expiry: the earlier of the access token's `expires_in` and the ID token's `exp` (either may be missing). */
export function tokenExpiry(now: number, expiresInSeconds: number | undefined, idTokenExp: number | undefined): number | undefined {
  const candidates = [
    expiresInSeconds === undefined || !Number.isFinite(expiresInSeconds) ? undefined : now + expiresInSeconds * 1000,
    idTokenExp === undefined ? undefined : idTokenExp * 1000,
  ].filter((x): x is number => x !== undefined);
  return candidates.length === 0 ? undefined : Math.min(...candidates);
}
