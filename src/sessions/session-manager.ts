import { hashToken, newSessionId, newSessionToken } from '../crypto/tokens.js';
import { compilePermissions, type CompiledPermissions, type RoleGrant, type Subject } from '../permissions/index.js';
import { loadRoleGrants } from './load-role-grants.js';
import {
  deleteSessions, findSessionByTokenHash, insertSession, listSessions, purgeExpiredSessions,
  touchSession, updateSession, type StoredSession, type Store,
} from '../store/index.js';

/** One identity service's part of a session: which account it authenticated and which of its roles apply. */
export interface SessionSubject {
  readonly serviceId: number;
  readonly serviceName: string;
  readonly serviceType: string;
  readonly account: string;
  readonly roleNames: readonly string[];
}

export interface Session {
  readonly id: string;
  readonly accountName: string;
  readonly serviceId: number;
  readonly identityService: string;
  readonly subjects: readonly SessionSubject[];
  readonly roles: readonly string[];
  readonly permissions: CompiledPermissions;
  readonly idleTimeoutMs: number;
  lastTouch: number;
  readonly createdAt: number;
  expiresAt: number | null;
  forcePasswordChange: boolean;
  readonly callerIp: string;
  data: string | null;
}

export type SessionLookup =
  | { readonly status: 'ok'; readonly session: Session }
  | { readonly status: 'expired' }
  | { readonly status: 'unknown' };

interface CacheEntry { session: Session; validatedAt: number }

/** Session ids (UUIDs) per notification: 37 bytes each, well inside PostgreSQL's 8,000-byte payload limit. */
const END_BATCH = 150;

/**
 * How long an ended session's id is remembered, so that a database read which began before the session ended
 * cannot put it back into the cache when it completes after the eviction.
 */
const ENDED_MEMORY_MS = 60_000;

/** Touches of one session are written to the database at most this often per instance (see SessionManager.touch). */
export const TOUCH_WRITE_INTERVAL_MS = 1_000;

/** Milliseconds of idle time left (spec §1.1 sessionTimeout), never negative. */
export function remainingMs(session: Session, now: number): number {
  const idle = session.lastTouch + session.idleTimeoutMs - now;
  const absolute = session.expiresAt === null ? Number.POSITIVE_INFINITY : session.expiresAt - now;
  return Math.max(0, Math.min(idle, absolute));
}

/**
 * Sessions live in the database (shared by every instance); each instance keeps an in-memory cache keyed by token
 * so the hot path (session + permission check) costs no database round trip. Staleness is bounded:
 * - ending a session on this instance evicts it at once, and notifies the others (LISTEN/NOTIFY on PostgreSQL);
 * - an entry older than `cacheMs` is re-read from the database, so a lost notification costs at most `cacheMs`;
 * - an entry that looks idle-expired is re-read before answering 440, because another instance may have touched it.
 */
export class SessionManager {
  private readonly byToken = new Map<string, CacheEntry>();
  private readonly tokenById = new Map<string, string>();
  private readonly maxEntries = 100_000;
  /** Ids of sessions ended in the last ENDED_MEMORY_MS, with when (insertion order = time order). */
  private readonly ended = new Map<string, number>();
  /** When this instance last wrote each session's touch (see `touch`). */
  private readonly touchWrittenAt = new WeakMap<Session, number>();

  constructor(
    private readonly store: Store,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {
    store.onNotify('keyward_session', (payload) => {
      if (payload.startsWith('end:')) for (const id of payload.slice(4).split(',')) this.evict(id);
    });
  }

  async create(input: {
    accountName: string; serviceId: number; identityService: string; subjects: readonly SessionSubject[];
    roleGrants: readonly Subject[]; idleTimeoutMs: number; expiresAt: number | null; forcePasswordChange: boolean;
    callerIp: string; data: string | null;
  }, db: Store['db'] = this.store.db): Promise<{ token: string; session: Session }> {
    const now = this.now();
    const token = newSessionToken();
    const stored: StoredSession = {
      id: newSessionId(), tokenHash: hashToken(token), accountName: input.accountName, serviceId: input.serviceId,
      identityService: input.identityService, subjects: JSON.stringify(input.subjects), idleTimeoutMs: input.idleTimeoutMs,
      lastTouch: now, createdAt: now, expiresAt: input.expiresAt, forcePasswordChange: input.forcePasswordChange,
      callerIp: input.callerIp, data: input.data,
    };
    await insertSession(db, stored);
    const session = toSession(stored, input.subjects, compileShared(input.roleGrants));
    this.remember(token, session, now);
    return { token, session };
  }

  /**
   * The session of `token` if this instance may answer from its cache right now (the same rule as `resolve`),
   * without a promise: the forward-auth hot path stays synchronous. Undefined = ask `resolve`.
   */
  cached(token: string): Session | undefined {
    const now = this.now();
    const entry = this.byToken.get(token);
    return entry !== undefined && now - entry.validatedAt < this.cacheMs && remainingMs(entry.session, now) > 0 ? entry.session : undefined;
  }

  /** Resolves a token to a live session. Does not count as activity (spec §4.2: only touch does). */
  async resolve(token: string): Promise<SessionLookup> {
    const now = this.now();
    const entry = this.byToken.get(token);
    if (entry !== undefined && now - entry.validatedAt < this.cacheMs && remainingMs(entry.session, now) > 0) {
      return { status: 'ok', session: entry.session };
    }
    return this.reload(token, now);
  }

  private async reload(token: string, now: number): Promise<SessionLookup> {
    const stored = await findSessionByTokenHash(this.store.db, hashToken(token));
    if (stored === undefined) {
      this.evictToken(token);
      return { status: 'unknown' };
    }
    const cached = this.byToken.get(token)?.session;
    const session = cached !== undefined && cached.id === stored.id
      ? Object.assign(cached, {
          lastTouch: Math.max(cached.lastTouch, stored.lastTouch), expiresAt: stored.expiresAt,
          forcePasswordChange: stored.forcePasswordChange, data: stored.data,
        })
      : await this.compile(stored);
    // Ended while this read was under way (here or on another instance): the row we read is already gone.
    if (this.ended.has(stored.id)) return { status: 'unknown' };
    if (remainingMs(session, now) <= 0) {
      await this.end([session.id]);
      return { status: 'expired' };
    }
    this.remember(token, session, now);
    return { status: 'ok', session };
  }

  /**
   * Resets the idle timer (POST /touch, the permission helpers, forward-auth rules that count as activity).
   * The new time is in force on this instance at once; the database write is skipped when this instance wrote
   * the session's touch less than TOUCH_WRITE_INTERVAL_MS ago, so hot paths (JS7's permission helpers, forward-auth
   * activity) cost no write per request. Other instances and the purge see activity at most that much late: an
   * idle session may end up to TOUCH_WRITE_INTERVAL_MS early, never late.
   * Returns the pending write, or undefined when there is none (no promise on the hot path; `await` works either way).
   */
  touch(session: Session): Promise<void> | undefined {
    const now = this.now();
    session.lastTouch = now;
    const written = this.touchWrittenAt.get(session);
    if (written !== undefined && now - written < TOUCH_WRITE_INTERVAL_MS && now >= written) return undefined;
    this.touchWrittenAt.set(session, now);
    return touchSession(this.store.db, session.id, now);
  }

  /**
   * `session` may be just `{id}` (a background task that read the row itself, e.g. OIDC token renewal); the cached
   * copy of this instance is updated too, other instances re-read within `cacheMs`.
   */
  async update(session: Session | { readonly id: string }, changes: { forcePasswordChange?: boolean; data?: string | null; expiresAt?: number | null }): Promise<void> {
    await updateSession(this.store.db, session.id, changes);
    const token = this.tokenById.get(session.id);
    const cached = token === undefined ? undefined : this.byToken.get(token)?.session;
    for (const s of new Set<Session | { readonly id: string } | undefined>([session, cached])) {
      if (s === undefined || !isFullSession(s)) continue;
      if (changes.forcePasswordChange !== undefined) s.forcePasswordChange = changes.forcePasswordChange;
      if (changes.data !== undefined) s.data = changes.data;
      if (changes.expiresAt !== undefined) s.expiresAt = changes.expiresAt;
    }
  }

  /** Ends sessions everywhere: deleted from the database, evicted here, other instances notified. */
  async end(ids: readonly string[]): Promise<string[]> {
    const deleted = await deleteSessions(this.store.db, { ids });
    await this.announceEnded(ids);
    return deleted;
  }

  async endForAccounts(accountNames: readonly string[], serviceId?: number): Promise<string[]> {
    if (accountNames.length === 0) return [];
    let ids: string[];
    if (serviceId === undefined) {
      ids = await deleteSessions(this.store.db, { accountNames });
    } else {
      // Only sessions in which this service authenticated the account (a session may combine several services).
      const candidates = (await Promise.all(accountNames.map((a) => listSessions(this.store.db, { accountName: a, limit: 100_000 })))).flat();
      const matching = candidates.filter((s) => (JSON.parse(s.subjects) as SessionSubject[]).some((x) => x.serviceId === serviceId));
      ids = await deleteSessions(this.store.db, { ids: matching.map((s) => s.id) });
    }
    await this.announceEnded(ids);
    return ids;
  }

  async endForService(serviceId: number): Promise<string[]> {
    const ids = await deleteSessions(this.store.db, { serviceId });
    await this.announceEnded(ids);
    return ids;
  }

  /** Removes idle and over-age sessions; called periodically. */
  async purgeExpired(): Promise<number> {
    const ids = await purgeExpiredSessions(this.store.db, this.now());
    await this.announceEnded(ids);
    return ids.length;
  }

  async list(filter: { accountName?: string | undefined; limit: number }): Promise<StoredSession[]> {
    return listSessions(this.store.db, filter);
  }

  /**
   * Evicts here, then tells the other instances and waits until they have evicted too (at most `cacheMs`, after
   * which their copies expire anyway): a session ended on one instance is refused on every instance at its next
   * request, not merely soon.
   */
  private async announceEnded(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.evict(id);
    const batches: Promise<void>[] = [];
    for (let i = 0; i < ids.length; i += END_BATCH) {
      batches.push(this.store.notify('keyward_session', `end:${ids.slice(i, i + END_BATCH).join(',')}`, { confirmWithinMs: this.cacheMs }));
    }
    await Promise.all(batches);
  }

  private async compile(stored: StoredSession): Promise<Session> {
    const subjects = JSON.parse(stored.subjects) as SessionSubject[];
    const grants: Subject[] = [];
    for (const subject of subjects) {
      grants.push({ serviceName: subject.serviceName, roles: await loadRoleGrants(this.store.db, subject.serviceId, subject.roleNames) });
    }
    return toSession(stored, subjects, compilePermissions(grants));
  }

  private remember(token: string, session: Session, now: number): void {
    if (this.byToken.size >= this.maxEntries && !this.byToken.has(token)) {
      const oldest = this.byToken.keys().next().value;
      if (oldest !== undefined) this.evictToken(oldest);
    }
    this.byToken.set(token, { session, validatedAt: now });
    this.tokenById.set(session.id, token);
  }

  private evict(id: string): void {
    const token = this.tokenById.get(id);
    if (token !== undefined) this.evictToken(token);
    const now = this.now();
    this.ended.delete(id);
    this.ended.set(id, now);
    for (const [old, at] of this.ended) {
      if (now - at < ENDED_MEMORY_MS) break;
      this.ended.delete(old);
    }
  }

  private evictToken(token: string): void {
    const entry = this.byToken.get(token);
    if (entry !== undefined) this.tokenById.delete(entry.session.id);
    this.byToken.delete(token);
  }
}

/**
 * Sessions whose grants are the same arrays share one compiled object. The login path takes its grant arrays from the
 * login configuration cache, so every login with the same roles within the cache's life hands in the same array;
 * compiling is a pure function of the rows, and a role change makes the cache hand out new arrays. Sharing saves
 * the compile at each login, a copy of the tries per session in memory, and lets the sessions share warm answers.
 * Only single-service sessions are shared (the common case); others compile as before.
 */
const compiledByGrants = new WeakMap<readonly RoleGrant[], Map<string, CompiledPermissions>>();

export function compileShared(subjects: readonly Subject[]): CompiledPermissions {
  const only = subjects.length === 1 ? subjects[0] : undefined;
  if (only === undefined) return compilePermissions(subjects);
  let byService = compiledByGrants.get(only.roles);
  if (byService === undefined) {
    byService = new Map();
    compiledByGrants.set(only.roles, byService);
  }
  let compiled = byService.get(only.serviceName);
  if (compiled === undefined) {
    compiled = compilePermissions(subjects);
    byService.set(only.serviceName, compiled);
  }
  return compiled;
}

function isFullSession(s: Session | { readonly id: string }): s is Session {
  return 'subjects' in s;
}

function toSession(stored: StoredSession, subjects: readonly SessionSubject[], permissions: CompiledPermissions): Session {
  return {
    id: stored.id, accountName: stored.accountName, serviceId: stored.serviceId, identityService: stored.identityService,
    subjects, roles: permissions.roles, permissions, idleTimeoutMs: stored.idleTimeoutMs, lastTouch: stored.lastTouch,
    createdAt: stored.createdAt, expiresAt: stored.expiresAt, forcePasswordChange: stored.forcePasswordChange,
    callerIp: stored.callerIp, data: stored.data,
  };
}
