import type { FastifyRequest } from 'fastify';
import type { Session } from '../sessions/session-manager.js';

/** spec §1.0: success without payload. */
export function ok(): { deliveryDate: string; ok: true } {
  return { deliveryDate: new Date().toISOString(), ok: true };
}

export function delivered<T extends object>(body: T): T & { deliveryDate: string } {
  return { deliveryDate: deliveryDate(), ...body };
}

// Formatting a date costs more than the rest of a small answer: every answer of the same millisecond shares one.
let lastMs = 0;
let lastIso = new Date(0).toISOString();
/** The `deliveryDate` of an answer made now (ISO 8601 UTC, as JS7). */
export function deliveryDate(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** The session of a guarded route; the guard guarantees it is set. */
export function sessionOf(request: FastifyRequest): Session {
  if (request.session === null) throw new Error('route is not guarded by a session');
  return request.session;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
