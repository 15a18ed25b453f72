/**
 * Why one identity service refused a login. Recorded in the login history with a message; the client only ever
 * hears "Access denied" (spec §1.1), so these codes may be precise.
 */
export const LOGIN_FAILURE_CODES = [
  'BAD_CREDENTIALS', // unknown account or wrong password: deliberately one code (no account enumeration)
  'NO_CREDENTIALS', // the request carries no credential this service accepts
  'ACCOUNT_DISABLED',
  'ACCOUNT_BLOCKED',
  'NO_ROLE', // authenticated, but no role assignment (spec §4.1 step 5)
  'NO_PERMISSION', // roles, but none grants anything
  'SECOND_FACTOR_FAILED',
  'SECOND_FACTOR_MISCONFIGURED',
  'CERTIFICATE_REJECTED',
  'TOKEN_INVALID',
  'SERVICE_UNAVAILABLE',
  'SERVICE_MISCONFIGURED',
  'UNSUPPORTED_TYPE',
] as const;

export type LoginFailureCode = (typeof LOGIN_FAILURE_CODES)[number];
