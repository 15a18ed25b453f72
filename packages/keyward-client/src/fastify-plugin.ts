import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createKeywardClient, type KeywardClient, type KeywardClientOptions, type Verdict } from './keyward-client.js';
import { contextFor, describeRequest, sessionTokenOf, type KeywardRequestContext, type RequestOptions } from './request-context.js';

export interface KeywardFastifyOptions extends KeywardClientOptions, RequestOptions {
  /** Use an existing client (shares its cache); otherwise one is created from these options. */
  readonly client?: KeywardClient;
  /** Requests for which Keyward is not asked at all (e.g. the application's own health check). */
  readonly skip?: (request: FastifyRequest) => boolean;
  /** Answer for refused requests. Default: 401/403 JSON; browsers are redirected to the login URL on 401. */
  readonly onDenied?: (request: FastifyRequest, reply: FastifyReply, verdict: Exclude<Verdict, { status: 'granted' }>) => FastifyReply;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by @keyward/client for every request it let through; null where `skip` said so. */
    keyward: KeywardRequestContext | null;
  }
}

/**
 * Fastify plugin: an `onRequest` hook asks Keyward (`GET /auth/verify`, rules file) about every request, answers
 * refused ones, and sets `request.keyward` (`account`, `roles`, `can(permission, controllerId?)`). When Keyward
 * cannot be reached the hook throws a `KeywardUnavailableError` (statusCode 503): fail closed.
 * Registered without encapsulation (like fastify-plugin, without depending on it), so it covers the routes of the
 * instance it is registered on.
 */
async function keywardPlugin(app: FastifyInstance, options: KeywardFastifyOptions): Promise<void> {
  const client = options.client ?? createKeywardClient(options);
  const onDenied = options.onDenied ?? defaultDenied;
  app.decorateRequest('keyward', null);
  app.addHook('onRequest', async (request, reply) => {
    if (options.skip?.(request) === true) return;
    const token = sessionTokenOf(request.headers);
    const encrypted = (request.raw.socket as { encrypted?: boolean }).encrypted === true;
    const verdict = await client.verify(token, describeRequest(request.method, request.url, request.headers, encrypted, options));
    if (verdict.status !== 'granted') return onDenied(request, reply, verdict);
    request.keyward = contextFor(client, token, verdict.identity);
    return undefined;
  });
}

export const keywardFastify = Object.assign(keywardPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@keyward/client',
});

function defaultDenied(request: FastifyRequest, reply: FastifyReply, verdict: Exclude<Verdict, { status: 'granted' }>): FastifyReply {
  if (verdict.status === 'unauthenticated') {
    const isNavigation = (request.method === 'GET' || request.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html');
    if (verdict.loginUrl !== undefined && isNavigation) return reply.redirect(verdict.loginUrl, 302);
    return reply.code(401).send({ error: 'Not authenticated', ...(verdict.loginUrl === undefined ? {} : { loginUrl: verdict.loginUrl }) });
  }
  return reply.code(403).send({ error: verdict.message });
}
