import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenCache } from '../../../packages/keyward-client/src/token-cache.js';

function cacheWith(overrides: Partial<{ ttlMs: number; maxTokens: number; maxAnswersPerToken: number }> = {}) {
  let now = 1_000_000;
  const cache = new TokenCache<string>({ ttlMs: 5000, maxTokens: 3, maxAnswersPerToken: 2, now: () => now, ...overrides });
  return { cache, advance: (ms: number) => { now += ms; }, now: () => now };
}

describe('@keyward/client cache: bounded, least recently used by token', () => {
  it('never holds more than maxTokens tokens; the least recently used goes first', () => {
    const { cache, now } = cacheWith();
    cache.set('a', 'k', 'A', now());
    cache.set('b', 'k', 'B', now());
    cache.set('c', 'k', 'C', now());
    assert.equal(cache.get('a', 'k'), 'A'); // a is now the most recently used
    cache.set('d', 'k', 'D', now());
    assert.equal(cache.tokenCount, 3);
    assert.equal(cache.get('b', 'k'), undefined, 'b was the least recently used');
    assert.equal(cache.get('a', 'k'), 'A');
    assert.equal(cache.get('c', 'k'), 'C');
    assert.equal(cache.get('d', 'k'), 'D');
    for (let i = 0; i < 1000; i++) cache.set(`t${i}`, 'k', 'x', now());
    assert.equal(cache.tokenCount, 3);
  });

  it('never holds more than maxAnswersPerToken answers for one token', () => {
    const { cache, now } = cacheWith();
    for (let i = 0; i < 50; i++) cache.set('a', `path-${i}`, String(i), now());
    assert.equal(cache.answerCount('a'), 2);
    assert.equal(cache.get('a', 'path-49'), '49');
    assert.equal(cache.get('a', 'path-0'), undefined);
  });

  it('an answer expires ttl after its request was sent, not after it arrived', () => {
    const { cache, advance, now } = cacheWith();
    const sentAt = now();
    advance(2000); // a slow answer
    cache.set('a', 'k', 'A', sentAt);
    advance(2999);
    assert.equal(cache.get('a', 'k'), 'A');
    advance(1);
    assert.equal(cache.get('a', 'k'), undefined, 'gone exactly 5 s after the request was sent');
    cache.set('a', 'k', 'late', now() - 6000);
    assert.equal(cache.get('a', 'k'), undefined, 'an answer already older than the ttl is not stored');
  });

  it('ttl 0 stores nothing; forget drops a token at once', () => {
    const off = cacheWith({ ttlMs: 0 });
    off.cache.set('a', 'k', 'A', off.now());
    assert.equal(off.cache.get('a', 'k'), undefined);
    const { cache, now } = cacheWith();
    cache.set('a', 'k', 'A', now());
    cache.forget('a');
    assert.equal(cache.get('a', 'k'), undefined);
  });

  it('refuses nonsensical bounds', () => {
    assert.throws(() => cacheWith({ maxTokens: 0 }), TypeError);
    assert.throws(() => cacheWith({ ttlMs: -1 }), TypeError);
    assert.throws(() => cacheWith({ maxAnswersPerToken: 1.5 }), TypeError);
  });
});
