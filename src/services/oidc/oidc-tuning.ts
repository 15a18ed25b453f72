/**
 * Timing constants of the OIDC relying party. Seed 003 fixes the renewal lead (20 s before expiry); the others are
 * engineering choices. Exported as one mutable object on purpose: it is the test seam (tests shorten the renewal
 * tick and the JWKS refresh interval instead of sleeping), never changed by production code.
 * @ignore
 */
export const oidcTuning = {
  /** Tokens are renewed this long before they expire (seed 003 "Renew Token": 20 s). */
  renewalLeadMs: 20_000,
  /** How often the renewal task looks for sessions whose tokens are due. */
  renewalTickMs: 5_000,
  /** A renewal lease keeps other instances off a session for this long. */
  renewalLeaseMs: 30_000,
  /** A JWKS is re-fetched for an unknown `kid` at most this often (a flood of forged kids cannot hammer the provider). */
  jwksMinRefreshMs: 30_000,
  /** Discovery metadata and JWKS are re-read after this age even without an unknown kid (key rotation, new endpoints). */
  discoveryTtlMs: 60 * 60_000,
  /** An authorization request (state, nonce, PKCE verifier) can be completed within this time (issue: 10 minutes). */
  loginStateTtlMs: 10 * 60_000,
  /** At most this many pending authorization requests; beyond, /iam/oidc/authorize answers 503 (unauthenticated endpoint). */
  maxPendingLoginStates: 100_000,
  /** Timeout of every call to a provider. */
  providerTimeoutMs: 10_000,
};
