import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, throttleKeys, throttleWaitMs, recordLoginFailure, recordLoginSuccess } from '../../../src/login/login-throttle.js';
import { openStore } from '../../../src/store/index.js';

describe('login throttling (spec §4.5 fixed)', () => {
  it('two free failures per account (ten per address), then a doubling window capped at 30 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 10, 50].map((n) => backoffMs(n)), [0, 0, 1000, 2000, 4000, 8000, 30000, 30000]);
    assert.deepEqual([10, 11, 12].map((n) => backoffMs(n, 10)), [0, 1000, 2000]);
  });

  it('counts per account and per address, and a success clears only the account', async () => {
    const store = await openStore(':memory:');
    const t0 = 1_000_000;
    const keys = throttleKeys('Alice', '10.0.0.1');
    assert.deepEqual(keys, ['ip:10.0.0.1', 'account:alice']);
    for (let i = 0; i < 3; i++) await recordLoginFailure(store, keys, t0);
    assert.equal(await throttleWaitMs(store, keys, t0), 1000);
    assert.equal(await throttleWaitMs(store, throttleKeys('bob', '10.0.0.2'), t0), 0, 'other users are not slowed');
    assert.equal(await throttleWaitMs(store, throttleKeys('bob', '10.0.0.1'), t0), 0, 'the address still has free failures');
    assert.equal(await throttleWaitMs(store, throttleKeys('alice', '10.0.0.9'), t0), 1000, 'same account from elsewhere is slowed');
    for (let i = 0; i < 8; i++) await recordLoginFailure(store, throttleKeys(`user${i}`, '10.0.0.1'), t0);
    assert.equal(await throttleWaitMs(store, throttleKeys('bob', '10.0.0.1'), t0), 1000, 'an address spraying many accounts is slowed');
    await recordLoginSuccess(store.db, 'alice');
    assert.equal(await throttleWaitMs(store, throttleKeys('alice', '10.0.0.9'), t0), 0);
    assert.equal(await throttleWaitMs(store, throttleKeys('alice', '10.0.0.1'), t0), 1000, 'the address counter stays');
    assert.equal(await throttleWaitMs(store, keys, t0 + 16 * 60_000), 0, 'old failures are forgotten');
    await store.close();
  });

  it('counts an IPv6 address by its /64, so a caller cannot escape by changing addresses inside it', async () => {
    const store = await openStore(':memory:');
    const t0 = 1_000_000;
    assert.deepEqual(throttleKeys('Alice', '2001:db8:1:2::7'), ['ip:2001:db8:1:2::/64', 'account:alice']);
    for (let i = 0; i < 11; i++) await recordLoginFailure(store, throttleKeys(`user${i}`, `2001:db8:1:2::${i + 1}`), t0);
    assert.equal(await throttleWaitMs(store, throttleKeys('bob', '2001:db8:1:2:ffff::1'), t0), 1000, 'the /64 sprayed many accounts');
    assert.equal(await throttleWaitMs(store, throttleKeys('bob', '2001:db8:1:3::1'), t0), 0, 'the next /64 is someone else');
    await store.close();
  });
});
