// Header countdown of the idle timeout and the one-minute warning. The 1 s timer only redraws the clock; it never
// touches the session (only user activity does, see app.tsx).
import { useEffect, useState } from 'react';
import { formatCountdown } from '../validation/duration.js';
import { useSession } from '../session/session-context.js';

export const WARNING_MS = 60_000;

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function IdleCountdown() {
  const { session } = useSession();
  const remaining = session.expiresAt - useNow(1000);
  const warn = remaining <= WARNING_MS;
  return (
    <span className={`idle-countdown${warn ? ' idle-countdown-warn' : ''}`} title="Time left before the session ends if you stay inactive">
      <span className="visually-hidden">Session ends after inactivity in </span>
      <svg aria-hidden="true" className="clock-icon" viewBox="0 0 16 16" width="14" height="14">
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <span data-testid="idle-countdown">{formatCountdown(remaining)}</span>
    </span>
  );
}

export function SessionWarning() {
  const { session, touchNow } = useSession();
  const remaining = session.expiresAt - useNow(1000);
  if (remaining > WARNING_MS || remaining <= 0) return null;
  return (
    <div className="banner banner-warning session-warning" role="alert">
      <span>
        Your session will expire in less than a minute because of inactivity{' '}
        <strong aria-live="off">({formatCountdown(remaining)})</strong>.
      </span>
      <button type="button" className="button button-small" onClick={() => touchNow()}>
        Stay signed in
      </button>
    </div>
  );
}
