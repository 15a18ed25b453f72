import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileHostPattern, compilePathPattern, normalizeHost, normalizeRequestPath } from '../../../src/forward-auth/patterns.js';

describe('path patterns: * is one segment, ** any number', () => {
  const cases: [pattern: string, path: string, matches: boolean][] = [
    ['/health', '/health', true],
    ['/health', '/health/', false],
    ['/health', '/healthz', false],
    ['/api/*', '/api/orders', true],
    ['/api/*', '/api/orders/1', false],
    ['/api/*', '/api', false],
    ['/api/*', '/api/', false],
    ['/api/**', '/api', true],
    ['/api/**', '/api/', true],
    ['/api/**', '/api/orders/1/items', true],
    ['/api/**', '/apix', false],
    ['/api/**', '/apix/orders', false],
    ['/api/*/items', '/api/7/items', true],
    ['/api/*/items', '/api/7/8/items', false],
    ['/api/**/items', '/api/items', true],
    ['/api/**/items', '/api/7/8/items', true],
    ['/api/**/items', '/api/7/8/itemsx', false],
    ['/files/*.pdf', '/files/report.pdf', true],
    ['/files/*.pdf', '/files/a/report.pdf', false],
    ['/files/*.pdf', '/files/reportxpdf', false],
    ['/**', '/anything/at/all', true],
    ['/**', '/', true],
    ['/a.b', '/axb', false],
    ['/a+b', '/a+b', true],
    ['/(x)', '/(x)', true],
  ];
  for (const [pattern, path, matches] of cases) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(compilePathPattern(pattern)(path), matches);
    });
  }

  it('refuses patterns that do not start with /, contain ?/# or a partial **', () => {
    assert.throws(() => compilePathPattern('api/**'), /must start with "\/"/);
    assert.throws(() => compilePathPattern('/api?x=1'), /must not contain/);
    assert.throws(() => compilePathPattern('/api/x**'), /whole segment/);
  });
});

describe('host patterns: labels, case-insensitive, no port', () => {
  const cases: [pattern: string, host: string, matches: boolean][] = [
    ['shop.example.com', 'shop.example.com', true],
    ['Shop.Example.com', 'shop.example.com', true],
    ['shop.example.com', 'shop.example.org', false],
    ['*.example.com', 'shop.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['**.example.com', 'example.com', true],
    ['**.example.com', 'a.b.example.com', true],
    ['**.example.com', 'badexample.com', false],
    ['api-*.example.com', 'api-eu.example.com', true],
    ['**', 'anything.at.all', true],
  ];
  for (const [pattern, host, matches] of cases) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${host}`, () => {
      assert.equal(compileHostPattern(pattern)(host), matches);
    });
  }

  it('refuses ports, paths and a ** that is not the first label', () => {
    assert.throws(() => compileHostPattern('shop.example.com:8443'), /host name/);
    assert.throws(() => compileHostPattern('shop.example.com/x'), /host name/);
    assert.throws(() => compileHostPattern('example.**'), /first label/);
  });

  it('normalises the Host header: lower case, no port, no trailing dot', () => {
    assert.equal(normalizeHost('Shop.Example.COM:8443'), 'shop.example.com');
    assert.equal(normalizeHost('shop.example.com.'), 'shop.example.com');
    assert.equal(normalizeHost('[::1]:8080'), '[::1]');
  });
});

describe('request path normalisation (rules see what the application will see)', () => {
  const cases: [uri: string, path: string | undefined][] = [
    ['/api/orders?id=1', '/api/orders'],
    ['/api/orders#top', '/api/orders'],
    ['/api/%6Frders', '/api/orders'],
    ['/admin%2Fusers', '/admin/users'],
    ['/public/../admin/users', '/admin/users'],
    ['/public/%2e%2e/admin', '/admin'],
    ['//admin///users', '/admin/users'],
    ['/admin\\users', '/admin/users'],
    ['/./admin/', '/admin/'],
    ['/../../etc', '/etc'],
    ['/api/%E0%A4%A', undefined],
    ['/api/%00', undefined],
    ['http://host.example/api/x?y', '/api/x'],
    ['/', '/'],
  ];
  for (const [uri, path] of cases) {
    it(`${uri} → ${String(path)}`, () => {
      assert.equal(normalizeRequestPath(uri), path);
    });
  }
});
