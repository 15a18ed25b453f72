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
}

export function readOriginalRequest(headers: IncomingHttpHeaders, ownMethod: string): OriginalRequest {
  const method = one(headers['x-original-method']) ?? one(headers['x-forwarded-method']) ?? ownMethod;
  const uri = one(headers['x-original-uri']) ?? one(headers['x-forwarded-uri']);
  const host = firstListed(one(headers['x-forwarded-host'])) ?? one(headers.host) ?? '';
  // Without a proto header, assume https: a wrong guess costs a redirect, never a downgrade.
  const proto = firstListed(one(headers['x-forwarded-proto']))?.toLowerCase() === 'http' ? 'http' : 'https';
  return { method: method.toUpperCase(), uri, host, proto };
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
