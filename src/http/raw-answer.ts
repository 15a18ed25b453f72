import type { FastifyReply } from 'fastify';
import { API_SECURITY_HEADERS_RAW } from './plugins/security-headers.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Answers 200 with `json` straight through Node, past Fastify's reply: no header object to merge, no serialiser,
 * no send pipeline. For the authorized API call's hot path only (the permission helper, JS7 clients ask it per
 * permission), as /auth/verify does for its granted answer. The answer is the one Fastify would send: the API
 * security headers, `Content-Type` and `Content-Length`; Node adds `Date` and the keep-alive headers.
 * The caller builds `json` itself and so answers for it matching the route's response schema.
 */
export function sendRawJson(reply: FastifyReply, json: string): void {
  reply.hijack();
  const headers = [...API_SECURITY_HEADERS_RAW, 'content-type', JSON_TYPE, 'content-length', String(Buffer.byteLength(json))];
  reply.raw.writeHead(200, headers);
  reply.raw.end(json);
}
