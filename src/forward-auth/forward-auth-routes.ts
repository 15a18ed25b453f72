import type { FastifyInstance } from 'fastify';
import { registerCatalogueRoute } from './catalogue-route.js';
import { registerCheckRoute } from './check-route.js';
import { LiveForwardAuthConfig } from './live-config.js';
import { registerVerifyRoute } from './verify-route.js';

/**
 * Loads the rules file and the permission catalogue (a mistake stops the start with `file:line:column`), watches
 * both for changes, and registers `/auth/verify`, `/auth/return`, `/joc/api/authentication/check` and
 * `/joc/api/iam/permission_catalogue`.
 */
export function forwardAuthRoutes(app: FastifyInstance): void {
  const { config, log } = app.kw;
  const live = new LiveForwardAuthConfig({ rules: config.authRules, catalogue: config.permissionCatalogue });
  if (config.authRules !== undefined) log.info({ file: config.authRules, rules: live.current.rules.rules.length }, 'forward-auth rules loaded');
  live.watch((outcome) => {
    if (outcome.status === 'reloaded') {
      log.info({ file: config.authRules, rules: outcome.snapshot.rules.rules.length }, 'forward-auth rules reloaded');
    } else if (outcome.status === 'failed') {
      log.error(`forward-auth configuration NOT reloaded, the previous rules stay in force: ${outcome.error.message}`);
    }
  });
  app.addHook('onClose', async () => { live.close(); });
  app.decorate('forwardAuth', live);

  registerVerifyRoute(app, live);
  registerCheckRoute(app);
  registerCatalogueRoute(app, live);
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The forward-auth configuration in force (tests and diagnostics read it; requests use it directly). */
    forwardAuth: LiveForwardAuthConfig;
  }
}
