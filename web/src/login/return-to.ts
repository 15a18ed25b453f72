// The way back to a protected application after login (docs/protecting-apps.md "The session cookie and the way back
// after login"). `/auth/verify` sends browsers to `/?rd=<original URL>`; the login page then
// 1. logs in with `X-Keyward-Set-Cookie: true`, so the server sets the HttpOnly `keyward_session` cookie the proxy
//    checks (without `rd` no cookie is asked for: the console itself only uses X-Access-Token), and
// 2. sends the browser to `GET /auth/return?rd=<the same value>`. The page never follows `rd` itself: only the
//    server knows which hosts are allowed (safeReturnUrl), and anything unsafe goes to `/`.
// Pure, unit-tested (test/unit/web/return-to.test.ts).

/** Query parameter naming the URL to return to (src/forward-auth/verify-route.ts RETURN_PARAM). */
export const RETURN_PARAM = 'rd';
/** The single door that follows `rd`, after the server's own safety check. */
export const AUTH_RETURN_PATH = '/auth/return';
/** Asks the login call to set the browser session cookie (src/forward-auth/session-cookie.ts). */
export const SET_COOKIE_HEADER = 'X-Keyward-Set-Cookie';

/** The `rd` value of a page URL's query (`?rd=…`), or null when absent or empty. Never judged here. */
export function readReturnTo(search: string): string | null {
  const value = new URLSearchParams(search).get(RETURN_PARAM);
  return value === null || value === '' ? null : value;
}

/** Extra headers of every login request: the cookie only when the login came from a protected application. */
export function cookieLoginHeaders(returnTo: string | null | undefined): Record<string, string> {
  return returnTo ? { [SET_COOKIE_HEADER]: 'true' } : {};
}

/** Where the browser goes after a successful login with `rd`: always Keyward's `/auth/return`, `rd` passed as is. */
export function authReturnUrl(returnTo: string): string {
  return `${AUTH_RETURN_PATH}?${new URLSearchParams({ [RETURN_PARAM]: returnTo }).toString()}`;
}

/**
 * After a completed login (and a completed forced password change): with `rd`, hands the browser to
 * `/auth/return` and answers true; without, answers false and the console opens as usual.
 */
export function leaveForApplication(returnTo: string | null | undefined, assign: (url: string) => void): boolean {
  if (!returnTo) return false;
  assign(authReturnUrl(returnTo));
  return true;
}
