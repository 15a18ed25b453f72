import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashSlots } from '../../../src/crypto/hash-slots.js';

/** A task that finishes when told to, recording how many tasks ran at once. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

describe('hash slots', () => {
  it('runs at most `slots` tasks at once, the others in arrival order', async () => {
    const limit = hashSlots(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const tasks = gates.map((g, i) => limit(async () => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await g.promise;
      running--;
      return i;
    }));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1], 'two start, three wait');
    gates[1]?.open();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1, 2], 'a finished task hands its slot to the first waiter');
    for (const g of gates) g.open();
    assert.deepEqual(await Promise.all(tasks), [0, 1, 2, 3, 4]);
    assert.equal(peak, 2);
  });

  it('frees the slot when a task fails', async () => {
    const limit = hashSlots(1);
    await assert.rejects(limit(async () => { throw new Error('boom'); }), /boom/);
    assert.equal(await limit(async () => 'next'), 'next');
  });

  it('refuses a slot count that is not a positive integer', () => {
    assert.throws(() => hashSlots(0), /positive integer/);
    assert.throws(() => hashSlots(1.5), /positive integer/);
  });
});
