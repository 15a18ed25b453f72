import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/define-route.js';
import { delivered, sessionOf } from '../http/reply-helpers.js';
import { object } from '../http/schemas.js';
import { isGranted, type PermissionQuestion } from './is-granted.js';

/** Upper bound of one batch: a page of an application's UI asks tens; 1000 keeps a request cheap and bounded. */
export const MAX_CHECKS = 1000;

const permission = { type: 'string', minLength: 1, maxLength: 1000, pattern: '^[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)*$' } as const;
const controllerId = { type: 'string', maxLength: 255, pattern: '^[^<>:]*$' } as const;
const folder = { type: 'string', minLength: 1, maxLength: 1000, pattern: '^/[^<>]*$' } as const;

/**
 * `POST /joc/api/authentication/check` `{checks:[{permission, controllerId?, folder?}]}` → `{results:[bool]}` in
 * the same order: many questions in one round trip for applications that call Keyward directly. Authenticated by
 * `X-Access-Token` through the guard like every /joc/api route (never by the cookie). Like any ordinary call it
 * is not user activity (spec §4.2); JS7's single-permission helper `GET /authentication/permission` is.
 */
export function registerCheckRoute(app: FastifyInstance): void {
  defineRoute<{ checks: PermissionQuestion[] }>(app, {
    url: '/joc/api/authentication/check', access: 'session', tags: ['authentication'],
    summary: `Check up to ${MAX_CHECKS} permissions (optionally per controller and folder) of the session at once`,
    body: object({
      checks: { type: 'array', maxItems: MAX_CHECKS, items: object({ permission, controllerId, folder }, ['permission']) },
    }, ['checks']),
  }, async (request, body) => {
    const { permissions } = sessionOf(request);
    return delivered({ results: body.checks.map((q) => isGranted(permissions, q)) });
  });
}
