import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/index.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Session, SessionManager } from '../sessions/session-manager.js';
import type { Store } from '../store/index.js';

/** What every route needs, decorated on the Fastify instance as `app.kw` (routes never open their own handles). */
export interface KeywardContext {
  readonly config: Config;
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly sessions: SessionManager;
  readonly now: () => number;
  /** Base URL users reach this server at (KEYWARD_PUBLIC_URL or the listening address). */
  publicUrl: string;
  log: FastifyBaseLogger;
}

/**
 * Who may call a route, declared in the route's `config.access` and enforced by one hook (http/plugins/guard.ts):
 * `public`, any valid `session`, or a permission path the session must hold (spec §1.14 with §5 fixed).
 */
export type Access = 'public' | 'session' | { readonly permission: string };

export const VIEW_ACCOUNTS = { permission: 'sos:products:joc:administration:accounts:view' } as const;
export const MANAGE_ACCOUNTS = { permission: 'sos:products:joc:administration:accounts:manage' } as const;
export const VIEW_SETTINGS = { permission: 'sos:products:joc:administration:settings:view' } as const;
export const MANAGE_SETTINGS = { permission: 'sos:products:joc:administration:settings:manage' } as const;
export const VIEW_AUDIT_LOG = { permission: 'sos:products:joc:auditlog:view' } as const;

declare module 'fastify' {
  interface FastifyInstance {
    kw: KeywardContext;
  }
  interface FastifyRequest {
    /** The caller's session; set by the guard for every route that is not `public`. */
    session: Session | null;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** Allowed while the session must change its password (change-password, logout, touch). */
    allowDuringPasswordChange?: boolean;
    /** The handler sets the security headers itself (see http/plugins/security-headers.ts). */
    setsSecurityHeaders?: boolean;
  }
}
