import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { Session } from '../../sessions/session-manager.js';
import { KeywardError } from '../../errors/index.js';
import type { Access } from '../context.js';

/** The session token of a request: `X-Access-Token`, or JS7's legacy `access_token` header (never the URL). */
export function accessTokenOf(request: FastifyRequest): string | undefined {
  const h = request.headers['x-access-token'] ?? request.headers['access_token'];
  const token = Array.isArray(h) ? h[0] : h;
  return token === undefined || token === '' ? undefined : token;
}

/**
 * Enforces each route's declared `config.access` (the rate-limit pattern: the route states its policy, one hook
 * enforces it). Order of answers: no token → 401; unknown, cancelled or expired session → 440 (spec §1.0);
 * a forced password change pending → 403 except for the routes that resolve it; missing permission → 403.
 * The check runs after schema validation (bad input is a 4xx whoever sends it) and before the handler.
 */
export function registerGuard(app: FastifyInstance): void {
  app.decorateRequest('session', null);
  // Attached per route, only where a session is needed: public routes (the forward-auth hot path /auth/verify,
  // login, /health) pay nothing. Routes are registered after this call. The route's policy is read once here, not
  // per request (request.routeOptions builds an object per access).
  // The guard wraps the handler instead of being a preHandler hook: Fastify's hook runner costs about as much as the
  // check itself on the hot path (bench/authorized-api-call.ts). A route's own preHandler would then run before the
  // guard, so a guarded route may not have one (refused at registration, not discovered in production).
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: Access; allowDuringPasswordChange?: boolean } | undefined;
    const access = config?.access;
    if (access === undefined || access === 'public') return;
    if (route.preHandler !== undefined) {
      throw new Error(`${route.method} ${route.url}: a guarded route may not declare a preHandler (it would run before the guard)`);
    }
    route.handler = guarded(access, config?.allowDuringPasswordChange === true, route.handler);
  });

  const guarded = (access: Exclude<Access, 'public'>, allowDuringPasswordChange: boolean, handler: RouteHandlerMethod): RouteHandlerMethod => {
    const admit = (request: FastifyRequest, session: Session): void => {
      request.session = session;
      if (session.forcePasswordChange && !allowDuringPasswordChange) {
        throw new KeywardError('KW_PASSWORD_CHANGE_REQUIRED');
      }
      if (access !== 'session' && !session.permissions.isPermitted(access.permission)) {
        throw new KeywardError('KW_FORBIDDEN', `Access denied: the permission ${access.permission} is missing`);
      }
    };
    // Synchronous while the session is in this instance's cache (no promise per request); a session read from the
    // database completes later. What `admit` or the lookup throws is answered by the error handler.
    return function guardedHandler(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      const token = accessTokenOf(request);
      if (token === undefined) throw new KeywardError('KW_NOT_AUTHENTICATED', 'Not authenticated: X-Access-Token header expected');
      const cached = app.kw.sessions.cached(token);
      if (cached !== undefined) {
        admit(request, cached);
        return handler.call(this, request, reply);
      }
      return app.kw.sessions.resolve(token).then((lookup) => {
        if (lookup.status !== 'ok') {
          throw new KeywardError('KW_SESSION_EXPIRED', lookup.status === 'expired'
            ? 'Session has expired. New login is necessary'
            : 'Session is unknown or has ended. New login is necessary');
        }
        admit(request, lookup.session);
        // From here the handler's result is a promise's value, and Fastify sends a promise's `undefined` at once as
        // an empty answer; a handler that returns nothing and sends later must be waited for (the reply is thenable).
        const result: unknown = handler.call(this, request, reply);
        return result === undefined ? reply : result;
      });
    } as RouteHandlerMethod;
  };
}
