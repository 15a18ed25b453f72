import type { IncomingHttpHeaders } from 'node:http';
import type { Identity, KeywardClient, RequestDescription } from './keyward-client.js';

/** Name of Keyward's browser session cookie (set at login with `X-Keyward-Set-Cookie: true`). */
export const SESSION_COOKIE = 'keyward_session';

/** What the middleware and the plugin put on the request (`req.keyward`). */
export interface KeywardRequestContext {
  /** The session's identity; undefined on paths that Keyward's rules make public and no session was sent. */
  readonly identity: Identity | undefined;
  readonly account: string | undefined;
  readonly roles: readonly string[];
  /** Whether the session holds `permission` (optionally for a controller); cached like verdicts. */
  can(permission: string, controllerId?: string): Promise<boolean>;
}

export interface RequestOptions {
  /**
   * Read the original host and scheme from `X-Forwarded-Host`/`X-Forwarded-Proto` (only when the application sits
   * behind a proxy that sets them). Default false: the `Host` header and the connection.
   */
  readonly trustProxy?: boolean;
}

/** `X-Access-Token`, else the `keyward_session` cookie (when the application shares Keyward's cookie domain). */
export function sessionTokenOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-access-token'];
  const token = Array.isArray(header) ? header[0] : header;
  if (token !== undefined && token !== '') return token;
  const cookie = headers.cookie;
  if (cookie === undefined) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

export function describeRequest(method: string, uri: string, headers: IncomingHttpHeaders, encrypted: boolean, options: RequestOptions): RequestDescription {
  const first = (v: string | string[] | undefined): string | undefined => {
    const s = Array.isArray(v) ? v[0] : v;
    return s === undefined || s === '' ? undefined : s.split(',')[0]?.trim();
  };
  const host = (options.trustProxy === true ? first(headers['x-forwarded-host']) : undefined) ?? first(headers.host) ?? '';
  const forwardedProto = options.trustProxy === true ? first(headers['x-forwarded-proto']) : undefined;
  const proto = forwardedProto === undefined ? (encrypted ? 'https' : 'http') : forwardedProto === 'https' ? 'https' : 'http';
  return { method: method.toUpperCase(), uri, host, proto };
}

export function contextFor(client: KeywardClient, token: string | undefined, identity: Identity | undefined): KeywardRequestContext {
  return {
    identity,
    account: identity?.account,
    roles: identity?.roles ?? [],
    can: async (permission, controllerId) => (token === undefined ? false : client.can(token, permission, controllerId)),
  };
}
