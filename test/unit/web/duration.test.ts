import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCountdown, parseDuration, validateDuration } from '../../../web/src/validation/duration.js';

describe('validateDuration (spec §1.5: ^\\d+[smhd]$)', () => {
  it('accepts a whole number with one unit', () => {
    for (const v of ['5s', '15m', '8h', '1d', '0s', ' 30m ']) assert.equal(validateDuration(v), null, v);
  });

  it('refuses values the server would silently turn into 30 minutes', () => {
    for (const v of ['15', 'm', '1.5m', '15 m', '15min', '-5s', '1w', '15M', '1h30m']) {
      assert.match(validateDuration(v) ?? '', /whole number followed by s, m, h or d/, v);
    }
  });

  it('asks for a value when empty', () => {
    assert.equal(validateDuration('  '), 'Enter a duration, for example 15m.');
  });

  it('enforces a minimum when asked', () => {
    assert.equal(validateDuration('0s', { minSeconds: 1 }), 'Use at least 1 seconds.');
    assert.equal(validateDuration('1s', { minSeconds: 1 }), null);
  });
});

describe('parseDuration', () => {
  it('converts to milliseconds', () => {
    assert.equal(parseDuration('5s'), 5_000);
    assert.equal(parseDuration('15m'), 900_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('abc'), null);
  });
});

describe('formatCountdown', () => {
  it('shows m:ss and h:mm:ss, never negative', () => {
    assert.equal(formatCountdown(65_000), '1:05');
    assert.equal(formatCountdown(3_725_000), '1:02:05');
    assert.equal(formatCountdown(900_000), '15:00');
    assert.equal(formatCountdown(-10), '0:00');
    assert.equal(formatCountdown(59_001), '1:00');
  });
});
