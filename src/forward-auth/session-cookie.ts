import type { FastifyRequest } from 'fastify';

/**
 * The browser session cookie. It carries the same token as `X-Access-Token` and is set at login only when the
 * client asks for it with the header `X-Keyward-Set-Cookie: true` (a header, not a body flag: the login body
 * belongs to JS7's OIDC code exchange, spec §1.1).
 *
 * CSRF: the cookie is read by `/auth/verify` (and `/auth/return`) only — GET endpoints that change nothing a
 * third-party site could exploit — never by the `/joc/api` guard, so a cross-site form post cannot act with it.
 * `SameSite=Lax` is a second line: browsers do not send it on cross-site subresource requests or POSTs.
 */
export const SESSION_COOKIE = 'keyward_session';
export const SET_COOKIE_HEADER = 'x-keyward-set-cookie';

export interface CookieOptions {
  /** `Secure` when Keyward is served over HTTPS (directly, via a trusted proxy, or per KEYWARD_PUBLIC_URL). */
  readonly secure: boolean;
  /** KEYWARD_COOKIE_DOMAIN; undefined = host-only cookie. */
  readonly domain: string | undefined;
}

/** A session cookie without Max-Age: it ends with the browser session; the server-side idle timeout still rules. */
export function buildSessionCookie(token: string, options: CookieOptions): string {
  return `${SESSION_COOKIE}=${token}${attributes(options)}`;
}

export function buildClearedSessionCookie(options: CookieOptions): string {
  return `${SESSION_COOKIE}=${attributes(options)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}

function attributes(options: CookieOptions): string {
  return `; Path=/${options.domain === undefined ? '' : `; Domain=${options.domain}`}; HttpOnly${options.secure ? '; Secure' : ''}; SameSite=Lax`;
}

/** The options for this request: HTTPS if the connection (or a trusted proxy) says so, or the public URL is https. */
export function cookieOptionsFor(request: FastifyRequest): CookieOptions {
  const kw = request.server.kw;
  return { secure: request.protocol === 'https' || kw.publicUrl.startsWith('https:'), domain: kw.config.cookieDomain };
}

/** `X-Keyward-Set-Cookie: true` (case-insensitive). */
export function wantsSessionCookie(request: FastifyRequest): boolean {
  const value = request.headers[SET_COOKIE_HEADER];
  return typeof value === 'string' && value.trim().toLowerCase() === 'true';
}

/** The token in a `Cookie` header, without a cookie parser on the hot path; undefined when absent or empty. */
export function readSessionCookie(cookieHeader: string | undefined): string | undefined {
  if (cookieHeader === undefined) return undefined;
  const nameEq = `${SESSION_COOKIE}=`;
  let from = 0;
  for (;;) {
    const at = cookieHeader.indexOf(nameEq, from);
    if (at < 0) return undefined;
    let i = at - 1;
    while (i >= 0 && cookieHeader[i] === ' ') i--;
    // A whole cookie name (start of header or after ';'), not the tail of `my_keyward_session=`.
    if (i < 0 || cookieHeader[i] === ';') {
      const end = cookieHeader.indexOf(';', at + nameEq.length);
      const value = cookieHeader.slice(at + nameEq.length, end < 0 ? undefined : end).trim();
      return value === '' ? undefined : value;
    }
    from = at + 1;
  }
}
