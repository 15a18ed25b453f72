import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, SessionTable } from '../schema.js';
import { runPrepared } from '../prepared-query.js';

type Db = Kysely<Database>;

export interface StoredSession {
  id: string;
  tokenHash: string;
  accountName: string;
  serviceId: number;
  /** "TYPE:name" of the service that authenticated (spec §1.1 identityService). */
  identityService: string;
  /** JSON of the login's subjects (service + roles), compiled into permissions when the session is loaded. */
  subjects: string;
  idleTimeoutMs: number;
  lastTouch: number;
  createdAt: number;
  /** Absolute end (e.g. an external token that can no longer be renewed); null = idle timeout only. */
  expiresAt: number | null;
  forcePasswordChange: boolean;
  callerIp: string;
  /** Per-service opaque data (encrypted by the caller), never sent to clients. */
  data: string | null;
}

function toSession(r: Selectable<SessionTable>): StoredSession {
  return {
    id: r.id, tokenHash: r.token_hash, accountName: r.account_name, serviceId: r.service_id,
    identityService: r.identity_service, subjects: r.subjects, idleTimeoutMs: r.idle_timeout_ms, lastTouch: r.last_touch,
    createdAt: r.created_at, expiresAt: r.expires_at, forcePasswordChange: r.force_password_change === 1,
    callerIp: r.caller_ip, data: r.data,
  };
}

export async function insertSession(db: Db, s: StoredSession): Promise<void> {
  const row = {
    id: s.id, token_hash: s.tokenHash, account_name: s.accountName, service_id: s.serviceId,
    identity_service: s.identityService, subjects: s.subjects, idle_timeout_ms: s.idleTimeoutMs, last_touch: s.lastTouch,
    created_at: s.createdAt, expires_at: s.expiresAt, force_password_change: s.forcePasswordChange ? 1 : 0,
    caller_ip: s.callerIp, data: s.data,
  };
  await runPrepared(db, 'insertSession', Object.values(row), () => db.insertInto('sessions').values(row));
}

export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<StoredSession | undefined> {
  const [r] = await runPrepared(db, 'findSessionByTokenHash', [tokenHash], () => db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash));
  return r && toSession(r);
}

/** Moves last_touch forward only (a late, slower instance must not move it back). */
export async function touchSession(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ last_touch: now }).where('id', '=', id).where('last_touch', '<', now).execute();
}

export async function updateSession(db: Db, id: string, changes: { forcePasswordChange?: boolean; data?: string | null; expiresAt?: number | null }): Promise<void> {
  await db.updateTable('sessions').set({
    ...(changes.forcePasswordChange !== undefined ? { force_password_change: changes.forcePasswordChange ? 1 : 0 } : {}),
    ...(changes.data !== undefined ? { data: changes.data } : {}),
    ...(changes.expiresAt !== undefined ? { expires_at: changes.expiresAt } : {}),
  }).where('id', '=', id).execute();
}

/** Deletes sessions and returns the deleted ids (so the caller can notify other instances). */
export async function deleteSessions(db: Db, where: { ids?: readonly string[]; accountNames?: readonly string[]; serviceId?: number }): Promise<string[]> {
  let q = db.deleteFrom('sessions');
  const conditions = [where.ids, where.accountNames].filter((x) => x !== undefined);
  if (conditions.length === 0 && where.serviceId === undefined) return [];
  if (where.ids !== undefined) {
    if (where.ids.length === 0) return [];
    q = q.where('id', 'in', where.ids);
  }
  if (where.accountNames !== undefined) {
    if (where.accountNames.length === 0) return [];
    q = q.where('account_name', 'in', where.accountNames);
  }
  if (where.serviceId !== undefined) q = q.where('service_id', '=', where.serviceId);
  const rows = await q.returning('id').execute();
  return rows.map((r) => r.id);
}

export async function listSessions(db: Db, f: { accountName?: string | undefined; limit: number }): Promise<StoredSession[]> {
  let q = db.selectFrom('sessions').selectAll();
  if (f.accountName !== undefined) q = q.where('account_name', '=', f.accountName);
  const rows = await q.orderBy('created_at', 'desc').limit(f.limit).execute();
  return rows.map(toSession);
}

/** Removes sessions whose idle time or absolute lifetime is over; returns their ids. */
export async function purgeExpiredSessions(db: Db, now: number): Promise<string[]> {
  const rows = await db.deleteFrom('sessions')
    .where((eb) => eb.or([
      eb(sql<number>`last_touch + idle_timeout_ms`, '<=', now),
      eb.and([eb('expires_at', 'is not', null), eb('expires_at', '<=', now)]),
    ]))
    .returning('id').execute();
  return rows.map((r) => r.id);
}
