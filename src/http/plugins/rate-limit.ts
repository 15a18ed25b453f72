import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { KeywardError } from '../../errors/index.js';
import { addressKey } from '../../login/address-key.js';

/**
 * Per-address request limits for the routes that declare one (`defineRoute`'s `rateLimitPerMinute`): public
 * endpoints that write to the database or send mail and so must not be free to flood. Only those routes get the
 * limiter's hook; every other route, the hot paths included, pays nothing.
 *
 * Counters live in this instance's memory (bounded LRU of the plugin's LocalStore): with N instances an address gets
 * at most N times the limit, which is enough to stop a flood and needs no shared store. The address is `request.ip`,
 * which honours KEYWARD_TRUST_PROXY (behind a proxy that is not trusted, every caller shares the proxy's address),
 * and an IPv6 caller is counted by its /64 (address-key.ts).
 * The limiter runs as the route's first hook, before the body is parsed, so malformed floods count too.
 */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => addressKey(request.ip),
    // Answered by the error handler: the JS7 error shape, the security headers; the plugin has set Retry-After.
    errorResponseBuilder: (_request, context) => new KeywardError('KW_RATE_LIMITED', `Too many requests from this address; try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} s`),
  });
}
