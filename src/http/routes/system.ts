import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../define-route.js';

/** /health (load balancers) and /openapi.json (generated from the route schemas). */
export function systemRoutes(app: FastifyInstance): void {
  defineRoute(app, {
    method: 'GET', url: '/health', access: 'public', tags: ['system'],
    summary: 'Liveness and database reachability (503 when the database does not answer)',
  }, async (_request, _body, reply) => {
    try {
      await sql`select 1`.execute(app.kw.store.db);
      return { status: 'ok', database: app.kw.store.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: app.kw.store.dialect, error: 'database unreachable' });
    }
  });

  defineRoute(app, {
    method: 'GET', url: '/openapi.json', access: 'public', tags: ['system'], summary: 'This API as OpenAPI 3.1',
  }, async () => {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of app.openApiRoutes) {
      if (r.url.includes('*')) continue;
      const schema = r.schema ?? {};
      const access = r.access === 'public' ? 'none' : r.access === 'session' ? 'any session' : (r.access as { permission?: string } | undefined)?.permission;
      const op: Record<string, unknown> = {
        summary: schema.summary,
        tags: schema.tags,
        description: `Access: ${access ?? 'none'}`,
        ...(r.access === 'public' ? {} : { security: [{ accessToken: [] }] }),
        ...(schema.body === undefined ? {} : { requestBody: { required: false, content: { 'application/json': { schema: schema.body } } } }),
        ...(schema.querystring === undefined ? {} : { parameters: queryParameters(schema.querystring as Record<string, unknown>) }),
        responses: {
          200: { description: 'OK' },
          ...(r.access === 'public' ? {} : { 401: { description: 'No session token' }, 403: { description: 'Permission missing' }, 440: { description: 'Session expired or ended' } }),
          420: { description: 'Invalid request: {deliveryDate, error:{code, message, field?}}' },
        },
      };
      (paths[r.url] ??= {})[r.method.toLowerCase()] = op;
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Keyward API', version: '1', description: 'JS7-compatible identity service API. Errors use status 420 with {error:{code,message}}; 440 means the session has ended.' },
      components: { securitySchemes: { accessToken: { type: 'apiKey', in: 'header', name: 'X-Access-Token' } } },
      paths,
    };
  });
}

function queryParameters(schema: Record<string, unknown>): unknown[] {
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const required = (schema.required ?? []) as string[];
  return Object.entries(props).map(([name, s]) => ({ name, in: 'query', required: required.includes(name), schema: s }));
}
