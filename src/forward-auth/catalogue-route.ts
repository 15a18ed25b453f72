import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/define-route.js';
import { delivered } from '../http/reply-helpers.js';
import { object } from '../http/schemas.js';
import type { LiveForwardAuthConfig } from './live-config.js';

/**
 * `POST /joc/api/iam/permission_catalogue` → `{applications:[{root, title, description?, permissions, tree}]}`:
 * the applications' own permission trees (KEYWARD_PERMISSION_CATALOGUE) for the permission editor, beside JS7's
 * tree. Any session may read it, as any session may read JS7's leaf list (`/authentication/permissions`).
 */
export function registerCatalogueRoute(app: FastifyInstance, live: LiveForwardAuthConfig): void {
  defineRoute(app, {
    url: '/joc/api/iam/permission_catalogue', access: 'session', tags: ['permissions'],
    summary: 'Permission trees of applications other than JS7 (the permission catalogue)', body: object({}),
  }, async () => delivered({ applications: live.current.catalogue.applications }));
}
