import type { Matcher } from './patterns.js';

export interface ReturnUrlPolicy {
  /** Keyward's own origin (`https://auth.example.com`): relative return URLs resolve against it. */
  readonly ownOrigin: string;
  /** Hosts besides Keyward's own that a browser may be sent back to (rules file `login.redirectHosts`). */
  readonly redirectHosts: readonly Matcher[];
}

const MAX_LENGTH = 4096;
// Control characters (tab, CR, LF are stripped by browsers' URL parsers, so `/\t/evil.com` becomes `//evil.com`)
// and backslashes (browsers read `/\evil.com` as `//evil.com`) never appear in a URL we send anyone to.
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

/**
 * The one door through which a login sends a browser back (the `rd` parameter), so there is no open redirect:
 * - a same-site relative path (`/app/x?y`), never protocol-relative (`//evil.com`), never with `\` or control
 *   characters, also after percent-decoding (`/%2F%2Fevil.com`, `/%5Cevil.com`, double encodings);
 * - or an absolute `http(s)` URL without user info whose host is Keyward's own or listed in `redirectHosts`.
 * Everything else (other schemes such as `javascript:`, `https:evil.com`, unlisted hosts) gives undefined.
 */
export function safeReturnUrl(rd: string | undefined, policy: ReturnUrlPolicy): string | undefined {
  if (rd === undefined || rd === '' || rd.length > MAX_LENGTH) return undefined;
  if (hasForbiddenForm(rd)) return undefined;
  if (rd.startsWith('/')) {
    // Resolved against our origin it must stay on our origin (defence in depth for parser quirks).
    let resolved: URL;
    try {
      resolved = new URL(rd, policy.ownOrigin);
    } catch {
      return undefined;
    }
    return resolved.origin === new URL(policy.ownOrigin).origin ? rd : undefined;
  }
  let url: URL;
  try {
    url = new URL(rd);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  // `https:evil.com` and `https:/evil.com` parse as https://evil.com; insist on the canonical `scheme://` spelling.
  if (!/^https?:\/\/[^/]/i.test(rd)) return undefined;
  const host = url.hostname.toLowerCase();
  const ownHost = new URL(policy.ownOrigin).hostname.toLowerCase();
  if (host !== ownHost && !policy.redirectHosts.some((m) => m(host))) return undefined;
  return url.href;
}

/** True when the value, or any of its percent-decodings (up to three levels), starts with `//` or has `\`/controls. */
function hasForbiddenForm(value: string): boolean {
  let current = value;
  for (let level = 0; level < 4; level++) {
    if (FORBIDDEN.test(current)) return true;
    if (current.startsWith('//')) return true;
    if (!current.includes('%')) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return true;
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return true;
}
