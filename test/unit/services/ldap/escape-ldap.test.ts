import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EqualityFilter, FilterParser } from 'ldapts';
import { escapeDnValue, escapeFilterValue } from '../../../../src/services/ldap/escape-ldap.js';
import { normalizeDn } from '../../../../src/services/ldap/normalize-dn.js';

describe('escapeDnValue (RFC 4514)', () => {
  const cases: [string, string][] = [
    ['alice', 'alice'],
    ['comma,user', 'comma\\,user'],
    ['plus+user', 'plus\\+user'],
    ['eq=user', 'eq\\=user'],
    ['back\\slash', 'back\\\\slash'],
    ['semi;colon', 'semi\\;colon'],
    ['<tag>', '\\<tag\\>'],
    ['"quoted"', '\\"quoted\\"'],
    ['#hash', '\\#hash'],
    ['mid#hash', 'mid#hash'],
    [' lead', '\\ lead'],
    ['trail ', 'trail\\ '],
    ['in side', 'in side'],
    ['a\\ ', 'a\\\\\\ '],
    ['nul\u0000byte', 'nul\\00byte'],
    ['jürgen', 'jürgen'],
  ];
  for (const [input, expected] of cases) {
    it(`escapes ${JSON.stringify(input)}`, () => assert.equal(escapeDnValue(input), expected));
  }

  it('keeps every escaped value inside its RDN: the DN has exactly the template\'s RDNs', () => {
    for (const evil of ['x,ou=admins', 'x+cn=admin', 'x\\,y', ' x ', '#x', 'x\u0000,dc=evil']) {
      const dn = `uid=${escapeDnValue(evil)},ou=people,dc=example,dc=org`;
      const normalized = normalizeDn(dn);
      assert.ok(normalized !== undefined, dn);
      assert.equal(normalized.split(/(?<!\\),/).length, 4, `${dn} → ${normalized}`);
    }
  });
});

describe('escapeFilterValue (RFC 4515)', () => {
  it('escapes the filter metacharacters and NUL', () => {
    assert.equal(escapeFilterValue('*)(uid=*'), '\\2a\\29\\28uid=\\2a');
    assert.equal(escapeFilterValue('admin)(|(a=*'), 'admin\\29\\28|\\28a=\\2a');
    assert.equal(escapeFilterValue('back\\slash'), 'back\\5cslash');
    assert.equal(escapeFilterValue('nul\u0000'), 'nul\\00');
  });

  it('leaves characters that are not special in a filter alone (UTF-8 stays literal)', () => {
    assert.equal(escapeFilterValue('jürgen o\'brien, jr+x=y'), 'jürgen o\'brien, jr+x=y');
  });

  it('yields one equality assertion whose value is exactly the input, whatever the input', () => {
    for (const evil of ['*', '*)(uid=*', 'admin)(|(a=*', 'a\\b', 'x\u0000y', ')(objectClass=*', 'jürgen', '(', '\\2a']) {
      const filter = FilterParser.parseString(`(uid=${escapeFilterValue(evil)})`);
      assert.ok(filter instanceof EqualityFilter, evil);
      assert.equal(filter.value, evil);
    }
  });
});
