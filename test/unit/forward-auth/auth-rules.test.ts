import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_RULES, DEFAULT_ACTIVITY, findRule, parseAuthRules, type AuthRules } from '../../../src/forward-auth/auth-rules.js';
import { ConfigFileError } from '../../../src/forward-auth/config-file-error.js';
import { EMPTY_CATALOGUE, parsePermissionCatalogue } from '../../../src/forward-auth/permission-catalogue.js';

const CATALOGUE = parsePermissionCatalogue(`
applications:
  - root: shop
    permissions: [shop:orders:view, shop:orders:create, shop:admin]
`, 'catalogue.yaml');

const RULES = `
version: 1
login:
  url: https://auth.example.com/login
  redirectHosts: [shop.example.com, '*.apps.example.com']
rules:
  - path: /health
    public: true
  - host: shop.example.com
    path: /api/orders/**
    methods: [POST]
    permission: shop:orders:create
    activity: true
  - host: shop.example.com
    path: [/api/orders, /api/orders/**]
    methods: GET
    permission: shop:orders:view
  - host: '*.example.com'
    path: /admin/**
    permission: shop:admin
  - host: js7.example.com
    path: /controller/*/orders/**
    permission: sos:products:controller:orders:view
    controller: controller-1
    folder: /sales/
  - host: shop.example.com
    path: /**
`;

function ruleIndex(rules: AuthRules, method: string, host: string, path: string): number | undefined {
  const rule = findRule(rules, method, host, path);
  return rule === undefined ? undefined : rules.rules.indexOf(rule);
}

describe('forward-auth rules: matching', () => {
  const rules = parseAuthRules(RULES, 'rules.yaml', CATALOGUE);

  it('compiles every rule with its access and line', () => {
    assert.equal(rules.rules.length, 6);
    assert.deepEqual(rules.rules[1]?.access, { kind: 'permission', permission: 'shop:orders:create', controllerId: undefined, folder: undefined });
    assert.deepEqual(rules.rules[4]?.access, { kind: 'permission', permission: 'sos:products:controller:orders:view', controllerId: 'controller-1', folder: '/sales' });
    assert.equal(rules.rules[0]?.line, 7);
    assert.equal(rules.rules[1]?.line, 9);
  });

  it('first match wins: a public rule before a protected one', () => {
    assert.equal(ruleIndex(rules, 'GET', 'shop.example.com', '/health'), 0);
  });

  it('methods decide between rules on the same path; GET admits HEAD', () => {
    assert.equal(ruleIndex(rules, 'POST', 'shop.example.com', '/api/orders/new'), 1);
    assert.equal(ruleIndex(rules, 'GET', 'shop.example.com', '/api/orders/7'), 2);
    assert.equal(ruleIndex(rules, 'HEAD', 'shop.example.com', '/api/orders/7'), 2);
    assert.equal(ruleIndex(rules, 'GET', 'shop.example.com', '/api/orders'), 2);
    // DELETE is in neither rule: it falls through to the catch-all of that host.
    assert.equal(ruleIndex(rules, 'DELETE', 'shop.example.com', '/api/orders/7'), 5);
  });

  it('host wildcards: * is one label', () => {
    assert.equal(ruleIndex(rules, 'GET', 'shop.example.com', '/admin/users'), 3);
    assert.equal(ruleIndex(rules, 'GET', 'other.example.com', '/admin/users'), 3);
    assert.equal(ruleIndex(rules, 'GET', 'a.b.example.com', '/admin/users'), undefined);
  });

  it('path wildcards: * is one segment', () => {
    assert.equal(ruleIndex(rules, 'GET', 'js7.example.com', '/controller/c1/orders/x/y'), 4);
    assert.equal(ruleIndex(rules, 'GET', 'js7.example.com', '/controller/c1/c2/orders/x'), undefined);
  });

  it('no matching rule means no rule (the route denies)', () => {
    assert.equal(ruleIndex(rules, 'GET', 'unknown.example.org', '/'), undefined);
  });

  it('activity: per rule, default false', () => {
    assert.equal(DEFAULT_ACTIVITY, false);
    assert.equal(rules.rules[1]?.activity, true);
    assert.equal(rules.rules[2]?.activity, false);
    const flipped = parseAuthRules('defaults: {activity: true}\nrules:\n  - path: /a\n  - path: /b\n    activity: false\n', 'r.yaml', EMPTY_CATALOGUE);
    assert.deepEqual(flipped.rules.map((r) => r.activity), [true, false]);
  });

  it('login settings: URL and redirect hosts', () => {
    assert.equal(rules.login.url, 'https://auth.example.com/login');
    assert.equal(rules.login.redirectHosts.length, 2);
    assert.equal(rules.login.redirectHosts[1]?.('x.apps.example.com'), true);
  });

  it('without a rules file every path needs a session and nothing more', () => {
    assert.deepEqual(findRule(BUILT_IN_RULES, 'POST', 'any.host', '/x/y')?.access, { kind: 'session' });
  });
});

describe('forward-auth rules: invalid files are rejected with the line', () => {
  const invalid: [name: string, text: string, line: number, message: RegExp][] = [
    ['YAML syntax error', 'rules:\n  - path: [/a\n', 3, /invalid YAML/],
    ['duplicate key', 'rules:\n  - path: /a\n    path: /b\n', 3, /invalid YAML/],
    ['unknown top-level key', 'rules: []\nrule: []\n', 2, /unknown key "rule"/],
    ['unknown rule key (typo)', 'rules:\n  - path: /a\n    permision: shop:orders:view\n', 3, /unknown key "permision"/],
    ['permission in neither tree', 'rules:\n  - path: /a\n  - path: /b\n    permission: shop:ordrs:view\n', 4, /"shop:ordrs:view" is neither in JS7's permission tree/],
    ['bad path pattern', 'rules:\n  - path: api/**\n', 2, /must start with "\/"/],
    ['bad host pattern', 'rules:\n  - host: shop.example.com:443\n', 2, /host name/],
    ['bad method', 'rules:\n  - methods: [GET, "PO ST"]\n', 2, /not an HTTP method/],
    ['controller without permission', 'rules:\n  - path: /a\n    controller: c1\n', 3, /"controller" needs a "permission"/],
    ['public with permission', 'rules:\n  - path: /a\n    public: true\n    permission: shop:admin\n', 4, /public rule cannot have "permission"/],
    ['activity not boolean', 'rules:\n  - path: /a\n    activity: yes please\n', 3, /true or false/],
    ['folder not absolute', 'rules:\n  - permission: shop:admin\n    folder: sales\n', 3, /must start with "\/"/],
    ['login url javascript:', 'login:\n  url: "javascript:alert(1)"\nrules: []\n', 2, /http\(s\) URL/],
    ['rules missing', 'login: {}\n', 1, /needs a list "rules"/],
    ['empty file', '', 1, /empty/],
    ['rules not a list', 'rules: {path: /a}\n', 1, /must be a list/],
  ];
  for (const [name, text, line, message] of invalid) {
    it(name, () => {
      assert.throws(() => parseAuthRules(text, 'rules.yaml', CATALOGUE), (err: unknown) => {
        assert.ok(err instanceof ConfigFileError, `expected ConfigFileError, got ${String(err)}`);
        assert.ok(err instanceof TypeError);
        assert.equal(err.line, line, err.message);
        assert.match(err.message, new RegExp(`^rules\\.yaml:${line}:\\d+: `));
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it('JS7 permissions are accepted without a catalogue, application permissions only with it', () => {
    const text = 'rules:\n  - permission: sos:products:joc:inventory\n  - permission: shop:orders\n';
    assert.throws(() => parseAuthRules(text, 'rules.yaml', EMPTY_CATALOGUE), /rules\.yaml:3:.*shop:orders/);
    assert.equal(parseAuthRules(text, 'rules.yaml', CATALOGUE).rules.length, 2);
  });
});
