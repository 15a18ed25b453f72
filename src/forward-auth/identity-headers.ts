import type { Session } from '../sessions/session-manager.js';

/**
 * The answer headers of a granted verify, which the proxy copies onto the request to the application.
 * Values are percent-encoded for every character outside printable ASCII and for space, `%` and `,` (role
 * separator), so any account or role name is a valid header value; applications read them with
 * `decodeURIComponent` (a no-op for plain names).
 */
export interface IdentityHeaders {
  /** `X-Keyward-Account` */
  readonly account: string;
  /** `X-Keyward-Roles`: role names separated by `,` */
  readonly roles: string;
  /** `X-Keyward-Identity-Service`: `<TYPE>:<name>` of the service that authenticated (spec §1.1) */
  readonly identityService: string;
  /**
   * The three headers, `Cache-Control: no-store` and `Content-Length: 0` as a flat [name, value, ...] list for
   * `writeHead`. Without the length, Node frames the empty answer as chunked (written before `end()` knows it is empty).
   */
  readonly raw: string[];
}

// Computed once per session object, not per request (the hot path only reads this map).
const bySession = new WeakMap<Session, IdentityHeaders>();

export function identityHeadersOf(session: Session): IdentityHeaders {
  let headers = bySession.get(session);
  if (headers === undefined) {
    const account = encodeHeaderValue(session.accountName);
    const roles = session.roles.map(encodeHeaderValue).join(',');
    const identityService = encodeHeaderValue(session.identityService);
    headers = {
      account, roles, identityService,
      raw: ['x-keyward-account', account, 'x-keyward-roles', roles, 'x-keyward-identity-service', identityService, 'cache-control', 'no-store', 'content-length', '0'],
    };
    bySession.set(session, headers);
  }
  return headers;
}

export function encodeHeaderValue(value: string): string {
  return value.replace(/[^\x21-\x24\x26-\x2b\x2d-\x7e]/gu, encodeCharacter);
}

function encodeCharacter(c: string): string {
  try {
    return encodeURIComponent(c);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate: U+FFFD
  }
}
