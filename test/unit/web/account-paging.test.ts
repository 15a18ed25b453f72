import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRange, lastPageOffset, toAccountPage } from '../../../web/src/admin/account-paging.js';

const accounts = (n: number) => Array.from({ length: n }, (_, i) => ({ accountName: `user${i}`, email: `u${i}@example.org` }));

describe('accounts paging', () => {
  it('uses the server page and totalCount when the server pages (Keyward extension)', () => {
    const page = toAccountPage({ accountItems: accounts(50), totalCount: 100_000 }, { limit: 50, offset: 500 });
    assert.equal(page.items.length, 50);
    assert.equal(page.totalCount, 100_000);
    assert.equal(page.clientSide, false);
    assert.equal(describeRange({ ...page, shown: page.items.length }), '501–550 of 100,000');
  });

  it('cuts the page on the client when a server ignores limit/offset, filtering by search', () => {
    const page = toAccountPage({ accountItems: accounts(120) }, { search: 'USER1', limit: 10, offset: 10 });
    assert.equal(page.clientSide, true);
    assert.equal(page.totalCount, 31); // user1, user10..user19, user100..user119
    assert.deepEqual(page.items.map((a) => a.accountName), ['user19', 'user100', 'user101', 'user102', 'user103', 'user104', 'user105', 'user106', 'user107', 'user108']);
  });

  it('computes the last page and an empty range', () => {
    assert.equal(lastPageOffset(100_000, 50), 99_950);
    assert.equal(lastPageOffset(0, 50), 0);
    assert.equal(lastPageOffset(50, 50), 0);
    assert.equal(describeRange({ offset: 0, limit: 50, totalCount: 0, shown: 0 }), 'No accounts');
  });
});
