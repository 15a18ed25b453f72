import type { Session, SessionManager } from '../sessions/session-manager.js';

/**
 * How often a session's activity from forward-auth is written to the database. Between writes, the idle clock is
 * advanced in memory only, so a busy page costs one write per session per interval instead of one per request.
 * Consequence (documented in docs/protecting-apps.md): another instance, or the purge, may see the activity up to
 * this much late, so an idle timeout can end a session at most this much early.
 */
export const ACTIVITY_WRITE_INTERVAL_MS = 5_000;

const writtenAt = new WeakMap<Session, number>();

/** Counts a request as user activity (spec §4.2 touch). Never waits: the write happens in the background. */
export function recordActivity(sessions: SessionManager, session: Session, now: number, onError: (err: unknown) => void): void {
  const last = writtenAt.get(session);
  if (last !== undefined && now - last < ACTIVITY_WRITE_INTERVAL_MS) {
    if (now > session.lastTouch) session.lastTouch = now;
    return;
  }
  writtenAt.set(session, now);
  sessions.touch(session).catch(onError);
}
