// Decides when real user activity (keydown, pointer, wheel) should refresh the server's idle timer with
// `POST /touch` (spec §4.2: only /touch resets it). Driven only by activity events: there is no timer here, so a tab
// left alone never keeps its session alive. Pure: the clock and the touch call are injected (unit-tested).

export interface TouchThrottleOptions {
  /** Minimum time between two touches while plenty of time remains (default 10 s). */
  minIntervalMs?: number;
  /** Full idle timeout of the session; with short timeouts the interval shrinks to a third of it. */
  idleTimeoutMs: number;
  /** Time of the last touch or of the login. */
  lastTouchAt: number;
  now(): number;
  /** Performs the touch; resolves true when the server accepted it. */
  touch(): Promise<boolean>;
  /** Called with the time of every accepted touch. */
  onTouched?(at: number): void;
}

export interface TouchThrottle {
  /** Report one user activity event. Returns true when it started a touch. */
  onActivity(): boolean;
  /** Touch now regardless of the interval (the "Stay signed in" button); still one request at a time. */
  touchNow(): boolean;
  readonly lastTouchAt: number;
  readonly inFlight: boolean;
}

export function effectiveTouchInterval(minIntervalMs: number, idleTimeoutMs: number): number {
  return Math.max(1_000, Math.min(minIntervalMs, Math.floor(idleTimeoutMs / 3)));
}

export function createTouchThrottle(options: TouchThrottleOptions): TouchThrottle {
  const interval = effectiveTouchInterval(options.minIntervalMs ?? 10_000, options.idleTimeoutMs);
  let lastTouchAt = options.lastTouchAt;
  let inFlight = false;

  const start = (): boolean => {
    if (inFlight) return false;
    inFlight = true;
    const startedAt = options.now();
    void options
      .touch()
      .then((ok) => {
        if (ok) {
          lastTouchAt = startedAt;
          options.onTouched?.(startedAt);
        }
      })
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
      });
    return true;
  };

  return {
    onActivity() {
      if (options.now() - lastTouchAt < interval) return false;
      return start();
    },
    touchNow() {
      return start();
    },
    get lastTouchAt() {
      return lastTouchAt;
    },
    get inFlight() {
      return inFlight;
    },
  };
}
