import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestLog } from '../http/logging.js';
import { securityHeadersFor } from '../http/plugins/security-headers.js';
import type { Session } from '../sessions/session-manager.js';
import { findRule, type AuthRule } from './auth-rules.js';
import { identityHeadersOf } from './identity-headers.js';
import { isGranted } from './is-granted.js';
import type { LiveForwardAuthConfig } from './live-config.js';
import { readOriginalRequest, type OriginalRequest } from './original-request.js';
import { normalizeHost, normalizeRequestPath } from './patterns.js';
import { recordActivity } from './record-activity.js';
import { safeReturnUrl } from './safe-return-url.js';
import { readSessionCookie } from './session-cookie.js';

/** Query parameter naming the URL to return to after login (the convention of Authelia and oauth2-proxy). */
export const RETURN_PARAM = 'rd';

/**
 * `GET /auth/verify` — forward authentication for nginx `auth_request`, Traefik `ForwardAuth` and Caddy
 * `forward_auth` (docs/protecting-apps.md). The hot path: one rule walk over precompiled matchers, one session
 * lookup (in memory while cached, SessionManager), one memoised permission check, three precomputed headers;
 * no database access, no compilation and no logging per request.
 *
 * - 200 + `X-Keyward-Account`, `X-Keyward-Roles`, `X-Keyward-Identity-Service`: the first matching rule is met.
 * - 401 + `X-Keyward-Login-Url` (and JSON `loginUrl`): no valid session (also: expired, ended, or a password change
 *   pending). With `?redirect=true` (Traefik, Caddy), a browser's GET gets a 302 to that URL instead.
 * - 403: no rule matches (deny by default), or the session lacks the rule's permission/folder.
 * - 400: the proxy sent no original URI (a proxy configuration mistake; nginx reports it as 500).
 */
export function registerVerifyRoute(app: FastifyInstance, live: LiveForwardAuthConfig): void {
  const kw = app.kw;
  const onTouchError = (err: unknown): void => { kw.log.warn({ err }, 'forward-auth: recording activity failed'); };
  // Every answer but the granted one (which goes to the proxy raw) gets the security headers; errors thrown on the
  // way get them from the error handler.
  const secured = securityHeadersFor('/auth/verify');

  // Synchronous while the session is in this instance's cache (the hot path: no promise, no await); a session
  // that must be read from the database makes it asynchronous. Sync paths answer and return undefined.
  const verify = (request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined => {
    const { rules } = live.current;
    const original = readOriginalRequest(request.headers, request.method);
    if (original.uri === undefined) {
      void secured(reply).code(400).send(problem('KW_VALIDATION', 'X-Original-URI (nginx) or X-Forwarded-Uri (Traefik, Caddy) header expected'));
      return undefined;
    }
    if (original.conflict !== undefined) {
      // Not a mistake an honest browser makes: someone sent the header family the proxy does not set itself.
      requestLog(request).warn({ conflict: original.conflict, ip: request.ip }, 'forward-auth: the original request is named twice, differently; refused');
      void secured(reply).code(400).send(problem('KW_VALIDATION', `${original.conflict} disagree: the proxy must remove the one it does not set (see docs/protecting-apps.md)`));
      return undefined;
    }
    const path = normalizeRequestPath(original.uri);
    if (path === undefined) {
      void secured(reply).code(403).send(problem('KW_FORBIDDEN', 'Access denied: the request URI cannot be decoded'));
      return undefined;
    }
    const rule = findRule(rules, original.method, normalizeHost(original.host), path);
    if (rule?.access.kind === 'public') {
      void secured(reply).code(200).send();
      return undefined;
    }
    const token = sessionTokenOf(request);
    if (token === undefined) {
      unauthenticated(request, reply, original, undefined);
      return undefined;
    }
    const cached = kw.sessions.cached(token);
    if (cached !== undefined) {
      answer(request, reply, original, rule, cached);
      return undefined;
    }
    return kw.sessions.resolve(token).then((lookup) => {
      if (lookup.status === 'ok') answer(request, reply, original, rule, lookup.session);
      else unauthenticated(request, reply, original, undefined);
    });
  };

  const answer = (request: FastifyRequest, reply: FastifyReply, original: OriginalRequest, rule: AuthRule | undefined, session: Session): void => {
    if (session.forcePasswordChange) {
      unauthenticated(request, reply, original, 'The password must be changed');
    } else if (rule === undefined) {
      void secured(reply).code(403).send(problem('KW_FORBIDDEN', 'Access denied: no forward-auth rule matches this request'));
    } else if (rule.access.kind === 'permission' && !isGranted(session.permissions, rule.access)) {
      void secured(reply).code(403).send(problem('KW_FORBIDDEN', `Access denied: the permission ${rule.access.permission} is missing`));
    } else {
      if (rule.activity) recordActivity(kw.sessions, session, onTouchError);
      // The hottest answer bypasses Fastify's reply pipeline (serialisation, the browser headers a proxy never
      // uses): precomputed raw headers straight to Node; ~13% less CPU per verify (bench/forward-auth.ts).
      reply.hijack();
      reply.raw.writeHead(200, identityHeadersOf(session).raw);
      reply.raw.end();
    }
  };

  const unauthenticated = (request: FastifyRequest, reply: FastifyReply, original: OriginalRequest, reason: string | undefined): void => {
    secured(reply);
    const loginUrl = loginUrlFor(request, original);
    const redirect = (request.query as { redirect?: string } | undefined)?.redirect === 'true';
    const isNavigation = (original.method === 'GET' || original.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html');
    if (redirect && isNavigation) {
      void reply.code(302).header('location', loginUrl).send();
      return;
    }
    void reply.code(401).header('x-keyward-login-url', loginUrl)
      .send({ ...problem('KW_NOT_AUTHENTICATED', reason ?? 'Not authenticated: no valid Keyward session'), isAuthenticated: false, loginUrl });
  };

  /** The login page, with the original URL to come back to when (and only when) it passes safeReturnUrl. */
  const loginUrlFor = (request: FastifyRequest, original: OriginalRequest): string => {
    const { login } = live.current.rules;
    const ownOrigin = ownOriginOf(request);
    const base = new URL(login.url ?? '/', `${ownOrigin}/`);
    const back = original.uri === undefined ? undefined
      : safeReturnUrl(`${original.proto}://${original.host}${original.uri}`, { ownOrigin, redirectHosts: login.redirectHosts });
    if (back !== undefined) base.searchParams.set(RETURN_PARAM, back);
    return base.href;
  };

  /** KEYWARD_PUBLIC_URL or the listening address; the request's own origin before either is known. */
  const ownOriginOf = (request: FastifyRequest): string => kw.publicUrl || `${request.protocol}://${request.host}`;

  app.route({
    method: ['GET'], url: '/auth/verify',
    schema: { summary: 'Forward authentication (nginx auth_request, Traefik ForwardAuth, Caddy forward_auth)', tags: ['forward-auth'] } as Record<string, unknown>,
    config: { access: 'public', setsSecurityHeaders: true, hotPath: true },
    handler: verify,
  });

  // After logging in, the login page sends the browser here with `rd`; only safe targets are followed.
  app.route({
    method: 'GET', url: '/auth/return',
    schema: { summary: 'Send the browser back to the page that needed a login (same site or allow-listed hosts only)', tags: ['forward-auth'] } as Record<string, unknown>,
    config: { access: 'public' },
    handler: async (request, reply) => {
      const rd = (request.query as Record<string, unknown> | undefined)?.[RETURN_PARAM];
      const target = safeReturnUrl(typeof rd === 'string' ? rd : undefined, { ownOrigin: ownOriginOf(request), redirectHosts: live.current.rules.login.redirectHosts });
      return reply.code(302).header('location', target ?? '/').send();
    },
  });
}

/** `X-Access-Token` (API clients, the Node middleware), else the browser cookie. Used by /auth/* only. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-access-token'];
  const token = Array.isArray(header) ? header[0] : header;
  if (token !== undefined && token !== '') return token;
  return readSessionCookie(request.headers.cookie);
}

function problem(code: string, message: string): { error: { code: string; message: string }; message: string } {
  return { error: { code, message }, message };
}
