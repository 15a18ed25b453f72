import type { IncomingHttpHeaders } from 'node:http';

/**
 * The request the proxy is asking about, from the headers each proxy sends to its auth endpoint:
 * nginx `auth_request` (configured: `X-Original-Method`, `X-Original-URI`, `X-Forwarded-Host`, `X-Forwarded-Proto`),
 * Traefik `ForwardAuth` and Caddy `forward_auth` (`X-Forwarded-Method`, `X-Forwarded-Uri`, `X-Forwarded-Host`,
 * `X-Forwarded-Proto`). `/auth/verify` is meant to be reached by the proxy only; a client calling it directly can
 * only learn what its own session may do.
 */
export interface OriginalRequest {
  readonly method: string;
  /** Path and query as the client sent them; undefined when the proxy sent neither URI header. */
  readonly uri: string | undefined;
  /** Host with port, as the client addressed it. */
  readonly host: string;
  readonly proto: 'http' | 'https';
  /**
   * The header pair that names the request twice with different values, if any: e.g. `X-Original-URI` and
   * `X-Forwarded-Uri`. Each proxy sets one family and passes the other through from the client (Traefik and Caddy
   * pass a client's `X-Original-URI` on to the auth request), so a disagreement means a client is trying to have a
   * different request judged than the one it makes. The request must then be refused, whichever family is right.
   */
  readonly conflict: string | undefined;
}

export function readOriginalRequest(headers: IncomingHttpHeaders, ownMethod: string): OriginalRequest {
  const originalMethod = one(headers['x-original-method']);
  const forwardedMethod = one(headers['x-forwarded-method']);
  const originalUri = one(headers['x-original-uri']);
  const forwardedUri = one(headers['x-forwarded-uri']);
  const method = (originalMethod ?? forwardedMethod ?? ownMethod).toUpperCase();
  const host = firstListed(one(headers['x-forwarded-host'])) ?? one(headers.host) ?? '';
  // Without a proto header, assume https: a wrong guess costs a redirect, never a downgrade.
  const proto = firstListed(one(headers['x-forwarded-proto']))?.toLowerCase() === 'http' ? 'http' : 'https';
  let conflict: string | undefined;
  if (originalUri !== undefined && forwardedUri !== undefined && originalUri !== forwardedUri) {
    conflict = 'X-Original-URI and X-Forwarded-Uri';
  } else if (originalMethod !== undefined && forwardedMethod !== undefined && originalMethod.toUpperCase() !== forwardedMethod.toUpperCase()) {
    conflict = 'X-Original-Method and X-Forwarded-Method';
  }
  return { method, uri: originalUri ?? forwardedUri, host, proto, conflict };
}

function one(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === '' ? undefined : v;
}

/** `a.example.com, proxy.internal` → `a.example.com` (the client-facing value comes first). */
function firstListed(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const comma = value.indexOf(',');
  const first = (comma < 0 ? value : value.slice(0, comma)).trim();
  return first === '' ? undefined : first;
}
