import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMemo } from '../../../src/permissions/bounded-memo.js';

describe('BoundedMemo', () => {
  it('never holds more than its capacity, dropping the oldest entry first', () => {
    const memo = new BoundedMemo<number>(3);
    for (let i = 0; i < 10; i++) memo.set(`k${i}`, i);
    assert.equal(memo.size, 3);
    assert.equal(memo.get('k6'), undefined);
    assert.deepEqual(['k7', 'k8', 'k9'].map((key) => memo.get(key)), [7, 8, 9]);
  });

  it('overwrites an existing key without evicting another', () => {
    const memo = new BoundedMemo<string>(2);
    memo.set('a', 'first');
    memo.set('b', 'b');
    memo.set('a', 'second');
    assert.equal(memo.size, 2);
    assert.equal(memo.get('a'), 'second');
    assert.equal(memo.get('b'), 'b');
  });

  it('stores nothing with capacity 0', () => {
    const memo = new BoundedMemo<boolean>(0);
    memo.set('a', true);
    assert.equal(memo.get('a'), undefined);
    assert.equal(memo.size, 0);
  });
});
