import { ClientError, ResponseBodyError } from 'openid-client';
import type { LoginFailureCode } from '../../login/login-failure.js';
import { ProviderUnreachableError } from './provider-fetch.js';

/**
 * Why an OIDC login or renewal step failed. The message is precise (it goes to the login history, spec §1.12, and
 * the log), never to the client, which only hears "Access denied" (spec §1.1). Messages never contain tokens.
 */
export class OidcLoginError extends Error {
  readonly code: LoginFailureCode;

  constructor(code: LoginFailureCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OidcLoginError';
    this.code = code;
  }
}

export const tokenInvalid = (message: string, cause?: unknown): OidcLoginError =>
  new OidcLoginError('TOKEN_INVALID', message, cause === undefined ? undefined : { cause });

/**
 * Converts anything a provider call threw into a coded failure, keeping the cause (the openid-client pattern):
 * unreachable → SERVICE_UNAVAILABLE; an OAuth error answer (`invalid_grant`…) or a response that fails validation →
 * TOKEN_INVALID; anything else → SERVICE_UNAVAILABLE with its message.
 */
export function toOidcLoginError(err: unknown, step: string): OidcLoginError {
  if (err instanceof OidcLoginError) return err;
  const unreachable = findCause(err, (e) => e instanceof ProviderUnreachableError);
  if (unreachable !== undefined) return new OidcLoginError('SERVICE_UNAVAILABLE', `${step}: ${unreachable.message}`, { cause: err });
  if (err instanceof ResponseBodyError) {
    const description = typeof err.error_description === 'string' ? ` (${err.error_description.slice(0, 200)})` : '';
    return new OidcLoginError('TOKEN_INVALID', `${step}: the provider answered ${err.status} ${err.error}${description}`, { cause: err });
  }
  if (err instanceof ClientError) {
    const inner = err.cause instanceof Error && err.cause.message !== err.message ? `: ${err.cause.message}` : '';
    const code = err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || err.code === 'OAUTH_RESPONSE_IS_NOT_JSON' ? 'SERVICE_UNAVAILABLE' : 'TOKEN_INVALID';
    return new OidcLoginError(code, `${step}: ${err.message}${inner}`, { cause: err });
  }
  return new OidcLoginError('SERVICE_UNAVAILABLE', `${step}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

function findCause(err: unknown, match: (e: Error) => boolean): Error | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (match(current)) return current;
    current = current.cause;
  }
  return undefined;
}
