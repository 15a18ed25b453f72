import type { FastifyInstance, FastifyReply, RouteHandlerMethod } from 'fastify';

/** Paths whose answers are about identities and sessions: never stored by a browser or a proxy. */
const NO_STORE_PREFIXES = ['/joc/api', '/auth/'] as const;

function isNoStore(url: string): boolean {
  return NO_STORE_PREFIXES.some((prefix) => url.startsWith(prefix));
}

/**
 * The headers every answer carries (OWASP REST Security Cheat Sheet, "Security headers"): no MIME sniffing, no
 * framing, no referrer, and `Cache-Control: no-store` for the API and forward-auth answers.
 */
export function setSecurityHeaders(reply: FastifyReply, url: string): void {
  setHeaders(reply, isNoStore(url));
}

/**
 * The setter for one route's answers, decided from its path once. A route that declares `config.setsSecurityHeaders`
 * is not wrapped and calls it itself: /auth/verify, whose granted answer bypasses Fastify's reply (a proxy never shows
 * it to a browser), and which so does not pay for headers it would not send.
 */
export function securityHeadersFor(url: string): (reply: FastifyReply) => FastifyReply {
  const noStore = isNoStore(url);
  return (reply) => {
    setHeaders(reply, noStore);
    return reply;
  };
}

// The headers as flat [name, value, ...] lists, the one place they are written down. Lower-case names: Fastify
// lower-cases every name it is given (and sends them so), and `toLowerCase` of a name that is not already lower case
// makes a new string, four per answer on the hot path (about 0.2 µs here).
const BROWSER_HEADERS = ['x-content-type-options', 'nosniff', 'referrer-policy', 'no-referrer', 'x-frame-options', 'DENY'] as const;
const NO_STORE_HEADER = ['cache-control', 'no-store'] as const;

function setHeaders(reply: FastifyReply, noStore: boolean): void {
  for (let i = 0; i < BROWSER_HEADERS.length; i += 2) void reply.header(BROWSER_HEADERS[i] as string, BROWSER_HEADERS[i + 1]);
  if (noStore) void reply.header(NO_STORE_HEADER[0], NO_STORE_HEADER[1]);
}

/**
 * The headers of an API answer for Node's `writeHead`, for an answer written without Fastify's reply
 * (http/raw-answer.ts).
 */
export const API_SECURITY_HEADERS_RAW: readonly string[] = Object.freeze([...BROWSER_HEADERS, ...NO_STORE_HEADER]);

/**
 * Sets the security headers on every answer: route handlers get them first thing (wrapped once per route, when it is
 * registered), answers that never reach a handler (validation, guard and body errors, unknown paths) get them in the
 * error and not-found handlers (plugins/errors.ts). Not an onSend hook: on the hot path the hook runner cost about
 * 0.5 µs per answer on top of the headers (bench/authorized-api-call.ts, docs/performance.md).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if ((route.config as { setsSecurityHeaders?: boolean } | undefined)?.setsSecurityHeaders === true) return;
    const handler = route.handler;
    // Decided once per route from its path. The SPA wildcard hands /joc/ and /auth/ paths to the not-found handler,
    // which decides by the request's URL.
    const noStore = isNoStore(route.url);
    route.handler = function withSecurityHeaders(this: FastifyInstance, request, reply) {
      setHeaders(reply, noStore);
      return handler.call(this, request, reply);
    } as RouteHandlerMethod;
  });
}
