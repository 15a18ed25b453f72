import type { Session, SessionManager } from '../sessions/session-manager.js';

/**
 * Counts a granted verify as user activity (spec §4.2 touch) without making the proxy wait: the idle clock moves
 * in memory at once, and SessionManager.touch writes it to the database at most once per
 * TOUCH_WRITE_INTERVAL_MS per session, so a busy page costs no write (and no promise) per request.
 */
export function recordActivity(sessions: SessionManager, session: Session, onError: (err: unknown) => void): void {
  sessions.touch(session)?.catch(onError);
}
