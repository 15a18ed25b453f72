import type { FastifyInstance } from 'fastify';

/** Extra route sets registered by capabilities (forward-auth, FIDO, OIDC, ...), each a function of the app. */
export type RouteSet = (app: FastifyInstance) => void | Promise<void>;

const routeSets: RouteSet[] = [];

/** Called by a capability's index.ts at import time; the server registers these after the core routes. */
export function registerCapabilityRoutes(routes: RouteSet): void {
  routeSets.push(routes);
}

export function capabilityRouteSets(): readonly RouteSet[] {
  return routeSets;
}
