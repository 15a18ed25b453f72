import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileHostPattern } from '../../../src/forward-auth/patterns.js';
import { safeReturnUrl, type ReturnUrlPolicy } from '../../../src/forward-auth/safe-return-url.js';

const policy: ReturnUrlPolicy = {
  ownOrigin: 'https://auth.example.com',
  redirectHosts: [compileHostPattern('shop.example.com'), compileHostPattern('*.apps.example.com')],
};

describe('post-login redirect: open-redirect attempts are refused', () => {
  const attacks = [
    '//evil.com',
    '//evil.com/path',
    '///evil.com',
    '/\\evil.com',
    '\\/evil.com',
    '\\\\evil.com',
    '/\t/evil.com',
    '/\n/evil.com',
    '/%2F/evil.com',
    '%2F%2Fevil.com',
    '/%5Cevil.com',
    '%5C%5Cevil.com',
    '/%252F%252Fevil.com',
    '%252F%252Fevil.com',
    '/%09/evil.com',
    'https://evil.com',
    'http://evil.com/',
    'HTTPS://EVIL.COM',
    'https:evil.com',
    'https:/evil.com',
    'https://shop.example.com@evil.com/',
    'https://user:pass@shop.example.com/',
    'https://shop.example.com.evil.com/',
    'https://evilshop.example.com/',
    'https://a.b.apps.example.com/',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://shop.example.com/',
    'evil.com',
    '',
    `/${'a'.repeat(5000)}`,
  ];
  for (const attack of attacks) {
    it(`refuses ${JSON.stringify(attack.length > 60 ? `${attack.slice(0, 60)}…` : attack)}`, () => {
      assert.equal(safeReturnUrl(attack, policy), undefined);
    });
  }
  it('refuses a missing value', () => {
    assert.equal(safeReturnUrl(undefined, policy), undefined);
  });
});

describe('post-login redirect: legitimate targets are kept', () => {
  const allowed: [rd: string, expected: string][] = [
    ['/', '/'],
    ['/app/orders?id=7#top', '/app/orders?id=7#top'],
    ['/app/%E2%82%AC', '/app/%E2%82%AC'],
    ['https://auth.example.com/admin', 'https://auth.example.com/admin'],
    ['https://shop.example.com/cart?x=1', 'https://shop.example.com/cart?x=1'],
    ['http://shop.example.com:8080/cart', 'http://shop.example.com:8080/cart'],
    ['https://eu.apps.example.com/', 'https://eu.apps.example.com/'],
    ['https://SHOP.example.com/', 'https://shop.example.com/'],
  ];
  for (const [rd, expected] of allowed) {
    it(`keeps ${rd}`, () => {
      assert.equal(safeReturnUrl(rd, policy), expected);
    });
  }
});
