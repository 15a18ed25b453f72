/**
 * Host and path patterns of the forward-auth rules, compiled once when the rules file is loaded (never per request).
 *
 * Paths are `/`-separated segments, hosts `.`-separated labels. In both, a segment `*` matches exactly one
 * non-empty segment, `**` matches any number of segments (zero included), and `*` inside a segment (`*.pdf`,
 * `api-*`) matches any characters within that one segment. Everything else is literal; paths are case-sensitive,
 * hosts are not.
 */
export type Matcher = (value: string) => boolean;

const PATH_SEGMENT = /^[^?#\s]*$/;
const HOST_LABEL = /^[a-z0-9_*-]+$/;

/** Compiles a path pattern such as `/api/orders/**` or `/files/*.pdf`; throws a plain Error with the reason. */
export function compilePathPattern(pattern: string): Matcher {
  if (pattern === '**' || pattern === '/**') return () => true;
  if (!pattern.startsWith('/')) throw new Error(`path pattern "${pattern}" must start with "/"`);
  const segments = pattern.slice(1).split('/');
  for (const segment of segments) {
    if (!PATH_SEGMENT.test(segment)) throw new Error(`path pattern "${pattern}" must not contain "?", "#" or blanks`);
    if (segment.includes('**') && segment !== '**') throw new Error(`path pattern "${pattern}": "**" must be a whole segment`);
  }
  if (!pattern.includes('*')) return (path) => path === pattern;
  // `/a/b/**` (the common case) is a prefix test, cheaper than a regular expression.
  const star = pattern.indexOf('*');
  if (pattern.endsWith('/**') && star === pattern.length - 2) {
    const prefix = pattern.slice(0, -3);
    const prefixSlash = `${prefix}/`;
    return (path) => path === prefix || path.startsWith(prefixSlash);
  }
  const regex = new RegExp(`^${segmentsToRegex(segments, '/', '[^/]')}$`);
  return (path) => regex.test(path);
}

/** Compiles a host pattern such as `shop.example.com`, `*.example.com` or `**.example.com` (no port). */
export function compileHostPattern(pattern: string): Matcher {
  const lower = pattern.toLowerCase();
  if (lower === '**') return () => true;
  const labels = lower.split('.');
  for (const label of labels) {
    if (!HOST_LABEL.test(label)) throw new Error(`host pattern "${pattern}" must be a host name (labels of letters, digits, "-", "*"; no port)`);
    if (label.includes('**') && label !== '**') throw new Error(`host pattern "${pattern}": "**" must be a whole label`);
  }
  if (labels.indexOf('**', 1) > 0) throw new Error(`host pattern "${pattern}": "**" may only be the first label (**.example.com)`);
  if (!lower.includes('*')) return (host) => host === lower;
  const regex = new RegExp(`^${segmentsToRegex(labels, '.', '[^.]', true)}$`);
  return (host) => regex.test(host);
}

/**
 * Joins segments into a regular expression. `**` = zero or more whole segments; for paths it swallows its leading
 * separator (`/a/**` matches `/a`), for hosts its trailing one (`**.example.com` matches `example.com`).
 */
function segmentsToRegex(segments: readonly string[], separator: '/' | '.', notSeparator: string, separatorAfter = false): string {
  const sep = escapeRegex(separator);
  const parts: string[] = [];
  segments.forEach((segment, index) => {
    if (segment === '**') {
      parts.push(separatorAfter ? `(?:.+${sep})?` : `(?:${sep}.*)?`);
      return;
    }
    const body = segment === '*' ? `${notSeparator}+` : segment.split('*').map(escapeRegex).join(`${notSeparator}*`);
    if (separatorAfter) parts.push(index === segments.length - 1 ? body : `${body}${sep}`);
    else parts.push(`${sep}${body}`);
  });
  return parts.join('');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The path a rule is matched against, from the original request's URI (`$request_uri`, `X-Forwarded-Uri`): no
 * query or fragment, percent-decoded, `.`/`..` resolved, repeated and back slashes folded. Decoding (including
 * `%2F`) before matching is the fail-safe direction: `/admin%2Fusers` is matched as `/admin/users`, so it cannot
 * slip past an `/admin/**` rule into a wider one. Returns undefined for URIs that cannot be decoded (refused).
 */
export function normalizeRequestPath(uri: string): string | undefined {
  let end = uri.length;
  const q = uri.indexOf('?');
  if (q >= 0) end = q;
  const h = uri.indexOf('#');
  if (h >= 0 && h < end) end = h;
  let path = end === uri.length ? uri : uri.slice(0, end);
  // Fast path: nothing to decode or resolve (the usual case on the hot path).
  if (path.startsWith('/') && !/%|\\|\/\/|\/\.|[\u0000-\u001f\u007f]/.test(path)) return path;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    // absolute-form (`http://host/path`): keep the path only
    const slash = path.indexOf('/', path.indexOf('//') + 2);
    path = slash < 0 ? '/' : path.slice(slash);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return undefined;
  const out: string[] = [];
  const segments = decoded.replace(/\\/g, '/').split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  const trailing = segments.length > 1 && (segments[segments.length - 1] === '' || segments[segments.length - 1] === '.' || segments[segments.length - 1] === '..');
  const joined = `/${out.join('/')}`;
  return trailing && joined !== '/' ? `${joined}/` : joined;
}

/** `Shop.Example.com:8443` → `shop.example.com`; `[::1]:80` → `[::1]`; a trailing dot is dropped. */
export function normalizeHost(hostHeader: string): string {
  let host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    return close < 0 ? host : host.slice(0, close + 1);
  }
  const colon = host.indexOf(':');
  if (colon >= 0) host = host.slice(0, colon);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}
