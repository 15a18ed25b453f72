import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
 */
export function registerGuard(app: FastifyInstance): void {
  app.decorateRequest('session', null);
  // Attached per route, only where a session is needed: public routes (the forward-auth hot path /auth/verify,
  // login, /health) do not pay for an async hook on every request. Routes are registered after this call.
  // The route's policy is read once here, not per request (request.routeOptions builds an object per access).
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: Access; allowDuringPasswordChange?: boolean } | undefined;
    const access = config?.access;
    if (access === undefined || access === 'public') return;
    const guard = guardOf(access, config?.allowDuringPasswordChange === true);
    const own = route.preHandler;
    route.preHandler = own === undefined ? guard : [guard, ...(Array.isArray(own) ? own : [own])];
  });
  // Callback style: synchronous while the session is in this instance's cache (no promise per request); a session
  // read from the database completes later. `admit` throws the answer's KeywardError.
  const guardOf = (access: Exclude<Access, 'public'>, allowDuringPasswordChange: boolean) => {
    const admit = (request: FastifyRequest, session: Session): void => {
      request.session = session;
      if (session.forcePasswordChange && !allowDuringPasswordChange) {
        throw new KeywardError('KW_PASSWORD_CHANGE_REQUIRED');
      }
      if (access !== 'session' && !session.permissions.isPermitted(access.permission)) {
        throw new KeywardError('KW_FORBIDDEN', `Access denied: the permission ${access.permission} is missing`);
      }
    };
    return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
      const token = accessTokenOf(request);
      if (token === undefined) {
        done(new KeywardError('KW_NOT_AUTHENTICATED', 'Not authenticated: X-Access-Token header expected'));
        return;
      }
      const cached = app.kw.sessions.cached(token);
      if (cached !== undefined) {
        try {
          admit(request, cached);
        } catch (err) {
          done(err as Error);
          return;
        }
        done();
        return;
      }
      app.kw.sessions.resolve(token).then((lookup) => {
        if (lookup.status !== 'ok') {
          throw new KeywardError('KW_SESSION_EXPIRED', lookup.status === 'expired'
            ? 'Session has expired. New login is necessary'
            : 'Session is unknown or has ended. New login is necessary');
        }
        admit(request, lookup.session);
      }).then(() => done(), (err: unknown) => done(err as Error));
    };
  };
}
