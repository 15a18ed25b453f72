import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTouchThrottle, effectiveTouchInterval } from '../../../web/src/session/touch-throttle.js';

function setup(opts: { idleTimeoutMs?: number; accept?: boolean } = {}) {
  let clock = 1_000_000;
  const touches: number[] = [];
  let resolveTouch: ((ok: boolean) => void) | null = null;
  const touched: number[] = [];
  const throttle = createTouchThrottle({
    idleTimeoutMs: opts.idleTimeoutMs ?? 15 * 60_000,
    lastTouchAt: clock,
    now: () => clock,
    touch: () => {
      touches.push(clock);
      return new Promise<boolean>((r) => {
        resolveTouch = r;
      });
    },
    onTouched: (at) => touched.push(at),
  });
  return {
    throttle,
    touches,
    touched,
    advance: (ms: number) => {
      clock += ms;
    },
    finish: async (ok = opts.accept ?? true) => {
      resolveTouch?.(ok);
      resolveTouch = null;
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('touch throttle (activity-driven, spec §4.2)', () => {
  it('never touches by itself: no activity, no request, however much time passes', async () => {
    const t = setup();
    t.advance(60 * 60_000);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(t.touches, []);
  });

  it('ignores activity within 10 s of the login or the last touch', () => {
    const t = setup();
    t.advance(9_999);
    assert.equal(t.throttle.onActivity(), false);
    assert.equal(t.touches.length, 0);
  });

  it('touches on the first activity after the interval, and then not again for 10 s', async () => {
    const t = setup();
    t.advance(10_000);
    assert.equal(t.throttle.onActivity(), true);
    await t.finish();
    assert.deepEqual(t.touched, [t.touches[0]]);
    t.advance(5_000);
    assert.equal(t.throttle.onActivity(), false);
    t.advance(5_000);
    assert.equal(t.throttle.onActivity(), true);
    assert.equal(t.touches.length, 2);
  });

  it('sends one request at a time: a burst of keystrokes while a touch is in flight adds none', async () => {
    const t = setup();
    t.advance(30_000);
    for (let i = 0; i < 50; i++) t.throttle.onActivity();
    assert.equal(t.touches.length, 1);
    assert.equal(t.throttle.inFlight, true);
    await t.finish();
    assert.equal(t.throttle.inFlight, false);
  });

  it('does not move lastTouchAt when the server refuses the touch, so the next activity retries', async () => {
    const t = setup({ accept: false });
    t.advance(20_000);
    t.throttle.onActivity();
    await t.finish(false);
    assert.deepEqual(t.touched, []);
    t.advance(1);
    assert.equal(t.throttle.onActivity(), true);
  });

  it('"Stay signed in" touches at once, regardless of the interval', async () => {
    const t = setup();
    t.advance(1_000);
    assert.equal(t.throttle.touchNow(), true);
    await t.finish();
    assert.equal(t.touched.length, 1);
  });

  it('shrinks the interval for short idle timeouts so activity can keep a 5 s session alive', () => {
    assert.equal(effectiveTouchInterval(10_000, 15 * 60_000), 10_000);
    assert.equal(effectiveTouchInterval(10_000, 6_000), 2_000);
    assert.equal(effectiveTouchInterval(10_000, 1_500), 1_000);
  });
});
