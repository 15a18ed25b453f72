import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from './context.js';
import type { JsonSchema } from './schemas.js';

export interface RouteSpec {
  readonly method?: 'POST' | 'GET';
  readonly url: string;
  readonly access: Access;
  readonly summary: string;
  readonly body?: JsonSchema;
  readonly querystring?: JsonSchema;
  readonly response?: Record<number, JsonSchema>;
  readonly allowDuringPasswordChange?: boolean;
  /** Requests per minute one caller address may make (plugins/rate-limit.ts); absent or 0 = no limit. */
  readonly rateLimitPerMinute?: number;
  /** A hot path: its requests get no logger of their own (http/logging.ts `registerRequestLoggers`). */
  readonly hotPath?: boolean;
  /** The handler sets the security headers of its answers itself (http/plugins/security-headers.ts). */
  readonly setsSecurityHeaders?: boolean;
  readonly tags?: readonly string[];
}

/**
 * Declares a route in one call: path, access policy, schemas, summary (for /openapi.json) and handler.
 * The body type `B` mirrors the body schema; the schema is what is enforced.
 */
export function defineRoute<B = Record<string, never>>(
  app: FastifyInstance,
  spec: RouteSpec,
  // `undefined`: the handler has answered through `reply` itself (http/raw-answer.ts).
  handler: (request: FastifyRequest, body: B, reply: FastifyReply) => Promise<unknown> | object | undefined,
): void {
  app.route({
    method: spec.method ?? 'POST',
    url: spec.url,
    schema: {
      summary: spec.summary,
      ...(spec.tags === undefined ? {} : { tags: spec.tags }),
      ...(spec.body === undefined ? {} : { body: spec.body }),
      ...(spec.querystring === undefined ? {} : { querystring: spec.querystring }),
      ...(spec.response === undefined ? {} : { response: spec.response }),
    },
    config: {
      access: spec.access, allowDuringPasswordChange: spec.allowDuringPasswordChange === true, hotPath: spec.hotPath === true,
      setsSecurityHeaders: spec.setsSecurityHeaders === true,
      ...(spec.rateLimitPerMinute === undefined || spec.rateLimitPerMinute <= 0 ? {} : { rateLimit: { max: spec.rateLimitPerMinute, timeWindow: 60_000 } }),
    },
    // Not async: Fastify awaits a returned promise itself, and sends a returned object at once (a handler may answer
    // synchronously on a hot path). An async wrapper would add a promise and a microtask turn to every request.
    handler: (request, reply) => handler(request, (request.body ?? {}) as B, reply),
  });
}
