import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey } from '../../../src/login/address-key.js';

describe('addressKey (the unit a per-address limit counts)', () => {
  const cases: [string, string][] = [
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:0:0:1::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['not-an-address', 'not-an-address'],
  ];
  for (const [address, key] of cases) {
    it(`${address} → ${key}`, () => assert.equal(addressKey(address), key));
  }

  it('puts every address of one /64 under one key, and neighbouring /64s under different keys', () => {
    assert.equal(addressKey('2001:db8:a:b::1'), addressKey('2001:db8:a:b:ffff:1:2:3'));
    assert.notEqual(addressKey('2001:db8:a:b::1'), addressKey('2001:db8:a:c::1'));
  });
});
