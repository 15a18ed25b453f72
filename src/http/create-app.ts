import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { RouteSet } from './capability-routes.js';
import type { KeywardContext } from './context.js';
import { createLogger, fastifyLogging, registerRequestLoggers } from './logging.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerGuard } from './plugins/guard.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { accountRoutes } from './routes/accounts.js';
import { authenticationRoutes } from './routes/authentication.js';
import { configurationRoutes } from './routes/configuration.js';
import { identityServiceRoutes } from './routes/identity-services.js';
import { loginPageRoutes } from './routes/login-page.js';
import { roleRoutes } from './routes/roles.js';
import { sessionAndAuditRoutes } from './routes/sessions-and-audit.js';
import { systemRoutes } from './routes/system.js';
import { AJV_OPTIONS } from './validation-options.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface AppOptions {
  readonly context: Omit<KeywardContext, 'log'>;
  readonly https?: import('node:https').ServerOptions;
  readonly extraRoutes?: readonly RouteSet[];
  readonly serveWeb?: boolean;
  /** Where the structured log goes (default stdout); tests pass a stream to inspect it. */
  readonly logStream?: NodeJS.WritableStream;
}

/**
 * Builds the Fastify application: JSON-only API under /joc/api with one guard and one error mapper, the web UI at /,
 * /health and /openapi.json. No socket is opened here (tests use `inject()` or call `listen`).
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options.context;
  const log = createLogger(config.logLevel, options.logStream);
  const app = Fastify({
    ...fastifyLogging(),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    ajv: AJV_OPTIONS,
    ...(options.https === undefined ? {} : { https: options.https }),
  } as FastifyServerOptions);

  app.decorate('kw', { ...options.context, log });
  registerRequestLoggers(app, log);
  // JS7 clients post `{}` or nothing to many endpoints: an empty JSON body is an empty object.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') { done(null, {}); return; }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (err) {
      done(Object.assign(err as Error, { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
    }
  });
  registerErrorHandling(app);
  registerGuard(app);
  registerSecurityHeaders(app);
  await registerRateLimit(app);
  collectOpenApi(app);

  authenticationRoutes(app);
  loginPageRoutes(app);
  identityServiceRoutes(app);
  accountRoutes(app);
  roleRoutes(app);
  sessionAndAuditRoutes(app);
  configurationRoutes(app);
  systemRoutes(app);
  for (const routes of options.extraRoutes ?? []) await routes(app);

  if (options.serveWeb !== false && existsSync(path.join(WEB_DIST, 'index.html'))) await serveWebUi(app);
  return app;
}

async function serveWebUi(app: FastifyInstance): Promise<void> {
  const indexHtml = readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: false, cacheControl: true, maxAge: '1h' });
  const sendIndex = (_req: unknown, reply: import('fastify').FastifyReply): void => {
    void reply.type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
      .send(indexHtml);
  };
  app.get('/', { schema: { hide: true } as Record<string, unknown> }, (req, reply) => sendIndex(req, reply));
  // SPA routes (client-side paths) get index.html; API and asset misses stay JSON 404s.
  app.get('/*', { schema: { hide: true } as Record<string, unknown> }, (req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    if (url.startsWith('/joc/') || url.startsWith('/auth/') || url.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(url)) {
      return reply.callNotFound();
    }
    sendIndex(req, reply);
    return reply;
  });
}

interface CollectedRoute { method: string; url: string; schema: Record<string, unknown> | undefined; access: unknown }

/** Gathers every route's schema as it is registered, for /openapi.json (style.md: one source for docs and checks). */
function collectOpenApi(app: FastifyInstance): void {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (r) => {
    const schema = r.schema as Record<string, unknown> | undefined;
    if (schema?.hide === true) return;
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: r.url, schema, access: (r.config as { access?: unknown } | undefined)?.access });
    }
  });
  app.decorate('openApiRoutes', routes);
}

declare module 'fastify' {
  interface FastifyInstance {
    openApiRoutes: CollectedRoute[];
  }
}
