import type { FastifyInstance, FastifyRequest } from 'fastify';
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
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (access === undefined || access === 'public') return;
    const own = route.preHandler;
    route.preHandler = own === undefined ? guard : [guard, ...(Array.isArray(own) ? own : [own])];
  });
  async function guard(request: FastifyRequest): Promise<void> {
    const access: Access | undefined = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const token = accessTokenOf(request);
    if (token === undefined) throw new KeywardError('KW_NOT_AUTHENTICATED', 'Not authenticated: X-Access-Token header expected');
    const lookup = await app.kw.sessions.resolve(token);
    if (lookup.status !== 'ok') {
      throw new KeywardError('KW_SESSION_EXPIRED', lookup.status === 'expired'
        ? 'Session has expired. New login is necessary'
        : 'Session is unknown or has ended. New login is necessary');
    }
    const session = lookup.session;
    request.session = session;
    if (session.forcePasswordChange && request.routeOptions.config.allowDuringPasswordChange !== true) {
      throw new KeywardError('KW_PASSWORD_CHANGE_REQUIRED');
    }
    if (access !== 'session' && !session.permissions.isPermitted(access.permission)) {
      throw new KeywardError('KW_FORBIDDEN', `Access denied: the permission ${access.permission} is missing`);
    }
  }
}
