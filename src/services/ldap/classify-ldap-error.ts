import { InvalidCredentialsError, ResultCodeError } from 'ldapts';
import type { LoginFailureCode } from '../../login/login-failure.js';

/**
 * Converts what ldapts and the socket layer throw into the login chain's failure codes, with a message an operator
 * can act on (it goes to the login history only). Each step of a login tags its errors with the phase it was in,
 * because the same LDAP result means different things: invalidCredentials on the user's bind is a wrong password,
 * on the system user's bind it is a misconfiguration.
 */
export type LdapPhase = 'connect' | 'starttls' | 'system-bind' | 'user-search' | 'user-bind' | 'user-entry' | 'group-search';

export class LdapStepError extends Error {
  override readonly name = 'LdapStepError';
  constructor(readonly phase: LdapPhase, override readonly cause: unknown) {
    super(`${phase}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs one step, tagging anything it throws with the phase. */
export async function step<T>(phase: LdapPhase, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof LdapStepError ? err : new LdapStepError(phase, err);
  }
}

export interface LdapFailure { readonly code: LoginFailureCode; readonly message: string }

const TLS_TRUST = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED',
]);

export function classifyLdapError(err: unknown, where: { url: string; readTimeoutMs: number; connectTimeoutMs: number }): LdapFailure {
  const phase = err instanceof LdapStepError ? err.phase : 'connect';
  const cause = err instanceof LdapStepError ? err.cause : err;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? (cause as { code: unknown }).code : undefined;
  const text = cause instanceof Error ? cause.message : String(cause);

  if (cause instanceof InvalidCredentialsError) {
    if (phase === 'system-bind') return { code: 'SERVICE_MISCONFIGURED', message: `the LDAP server refused the system user (iamLdapSystemUser/iamLdapSystemPassword): ${text}` };
    return { code: 'BAD_CREDENTIALS', message: 'unknown account or wrong password (LDAP bind refused)' };
  }
  if (typeof code === 'string') {
    if (TLS_TRUST.has(code)) return { code: 'SERVICE_UNAVAILABLE', message: `TLS: the certificate of ${where.url} is not trusted (${code}); set iamLdapTruststorePath to the CA that issued it` };
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return { code: 'SERVICE_UNAVAILABLE', message: `TLS: the certificate of ${where.url} does not name this host (${text})` };
    if (code === 'ECONNREFUSED') return { code: 'SERVICE_UNAVAILABLE', message: `cannot connect to ${where.url}: connection refused (is the LDAP server running?)` };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'SERVICE_UNAVAILABLE', message: `cannot connect to ${where.url}: host not found` };
    if (code === 'ECONNRESET' || code === 'EPIPE') return { code: 'SERVICE_UNAVAILABLE', message: `the connection to ${where.url} was reset during ${phase}` };
    if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return { code: 'SERVICE_UNAVAILABLE', message: `TLS with ${where.url} failed during ${phase}: ${text}` };
    if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { code: 'SERVICE_UNAVAILABLE', message: `cannot connect to ${where.url}: ${code}` };
  }
  if (/Connection timeout/i.test(text)) return { code: 'SERVICE_UNAVAILABLE', message: `cannot connect to ${where.url}: no connection within ${where.connectTimeoutMs / 1000} s (iamLdapConnectTimeout)` };
  if (/timed out/i.test(text)) return { code: 'SERVICE_UNAVAILABLE', message: `the LDAP server ${where.url} did not answer within ${where.readTimeoutMs / 1000} s during ${phase} (iamLdapReadTimeout)` };
  if (phase === 'starttls') {
    return { code: 'SERVICE_UNAVAILABLE', message: `the LDAP server ${where.url} refused StartTLS (${text}); no credentials were sent` };
  }
  if (cause instanceof ResultCodeError) {
    const what = phase === 'user-search' ? 'searching the user' : phase === 'group-search' ? 'searching groups' : phase === 'user-entry' ? 'reading the user entry' : phase;
    if (cause.code === 32) return { code: 'SERVICE_MISCONFIGURED', message: `${what}: the search base does not exist (${text})` };
    if (cause.code === 50) return { code: 'SERVICE_MISCONFIGURED', message: `${what}: insufficient access rights (${text})` };
    if (cause.code === 51 || cause.code === 52 || cause.code === 80) return { code: 'SERVICE_UNAVAILABLE', message: `the LDAP server ${where.url} is busy or unavailable (${text})` };
    if (phase === 'user-bind') return { code: 'BAD_CREDENTIALS', message: `the LDAP server refused the bind (${text})` };
    return { code: 'SERVICE_MISCONFIGURED', message: `${what}: ${text}` };
  }
  if (/closed|socket/i.test(text)) return { code: 'SERVICE_UNAVAILABLE', message: `the connection to ${where.url} was closed during ${phase}` };
  return { code: 'SERVICE_UNAVAILABLE', message: `LDAP ${phase} failed: ${text}` };
}

/**
 * Errors of the connection itself (closed, reset, never established), as opposed to an LDAP result or a timeout:
 * only these are worth one retry on a fresh connection (a timeout retried would double the wait).
 */
export function isConnectionLevelError(err: unknown): boolean {
  const cause = err instanceof LdapStepError ? err.cause : err;
  if (cause instanceof ResultCodeError) return false;
  const text = cause instanceof Error ? cause.message : String(cause);
  if (/timed out|timeout/i.test(text)) return false;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  return code === 'ECONNRESET' || code === 'EPIPE' || /closed|not established|socket error/i.test(text);
}
