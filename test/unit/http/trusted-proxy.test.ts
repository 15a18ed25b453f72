import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTrustedProxies, isTrustedProxy } from '../../../src/http/trusted-proxy.js';

describe('isTrustedProxy: KEYWARD_TRUST_PROXY as Fastify reads it', () => {
  const table: [string[], string | undefined, boolean][] = [
    [['10.0.0.5'], '10.0.0.5', true],
    [['10.0.0.5'], '10.0.0.6', false],
    [['10.0.0.0/8'], '10.200.1.1', true],
    [['10.0.0.0/8'], '11.0.0.1', false],
    [['10.0.0.0/8'], '::ffff:10.1.1.1', true],
    [['loopback'], '127.0.0.1', true],
    [['loopback'], '::1', true],
    [['loopback'], '10.0.0.1', false],
    [['uniquelocal'], '192.168.1.9', true],
    [['uniquelocal'], '8.8.8.8', false],
    [['fd00::/8'], 'fd12::1', true],
    [['fd00::/8'], 'fe80::1', false],
    [['127.0.0.2'], '127.0.0.1', false],
    [[], '127.0.0.1', false],
    [['127.0.0.1'], undefined, false],
    [['127.0.0.1'], 'not-an-ip', false],
  ];
  for (const [list, address, expected] of table) {
    it(`${JSON.stringify(list)} ${String(address)} → ${expected}`, () => {
      assert.equal(isTrustedProxy(list, address), expected);
    });
  }

  it('refuses entries that are no address, CIDR or known name', () => {
    assert.throws(() => compileTrustedProxies(['proxy.example.org']), /KEYWARD_TRUST_PROXY/);
    assert.throws(() => compileTrustedProxies(['10.0.0.0/33']), /prefix length/);
  });
});
