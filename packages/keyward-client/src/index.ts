export {
  createKeywardClient, DEFAULT_CACHE_MAX_TOKENS, DEFAULT_CACHE_SECONDS, DEFAULT_TIMEOUT_MS, KeywardSessionEndedError,
  KeywardUnavailableError,
} from './keyward-client.js';
export type { Identity, KeywardClient, KeywardClientOptions, PermissionQuestion, RequestDescription, Verdict } from './keyward-client.js';
export { keywardMiddleware } from './express-middleware.js';
export type { KeywardMiddlewareOptions, KeywardRequest, NextFunction } from './express-middleware.js';
export { keywardFastify } from './fastify-plugin.js';
export type { KeywardFastifyOptions } from './fastify-plugin.js';
export { SESSION_COOKIE, sessionTokenOf } from './request-context.js';
export type { KeywardRequestContext, RequestOptions } from './request-context.js';
export { TokenCache } from './token-cache.js';
export type { TokenCacheOptions } from './token-cache.js';
