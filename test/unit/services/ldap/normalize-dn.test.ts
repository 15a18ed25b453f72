import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeDn, sameDn } from '../../../../src/services/ldap/normalize-dn.js';

describe('normalizeDn', () => {
  it('treats case, spaces after separators and the attribute type\'s case as insignificant', () => {
    const canonical = 'cn=admins,ou=groups,dc=example,dc=org';
    for (const v of ['CN=Admins,OU=Groups,DC=Example,DC=Org', 'cn=admins, ou=groups, dc=example, dc=org', 'cn = admins ,ou=groups;dc=example,dc=org', 'cn=admins  ,ou=groups,dc=example,dc=org']) {
      assert.equal(normalizeDn(v), canonical, v);
    }
    assert.equal(normalizeDn('OID.2.5.4.3=Admins,dc=org'), '2.5.4.3=admins,dc=org');
  });

  it('compares the whole DN: a group with the same first RDN in another subtree is a different group', () => {
    assert.equal(sameDn('cn=admins,ou=other,dc=example,dc=org', 'cn=admins,ou=groups,dc=example,dc=org'), false);
    assert.equal(sameDn('cn=admins,ou=groups,dc=example,dc=org', 'cn=admins,ou=groups,dc=example,dc=org,dc=evil'), false);
    assert.equal(sameDn('cn=admins', 'cn=admins,ou=groups,dc=example,dc=org'), false);
  });

  it('decodes hex escapes and backslash escapes to the same value (servers write either)', () => {
    assert.ok(sameDn('uid=o\'brien\\2C jr\\2Bx\\3Dy\\5Cz,ou=people,dc=example,dc=org', 'uid=o\'brien\\, jr\\+x=y\\\\z,ou=people,dc=example,dc=org'));
    assert.ok(sameDn('cn=j\\C3\\BCrgen,dc=example', 'cn=JÜRGEN,dc=example'));
  });

  it('keeps escaped separators inside their value', () => {
    assert.equal(normalizeDn('cn=a\\,ou=groups,dc=x'), 'cn=a\\,ou\\=groups,dc=x');
    assert.equal(sameDn('cn=a\\,ou=groups,dc=x', 'cn=a,ou=groups,dc=x'), false);
  });

  it('orders the values of a multi-valued RDN', () => {
    assert.ok(sameDn('cn=a+uid=b,dc=x', 'UID=b+CN=a,dc=x'));
  });

  it('refuses text that is not a DN', () => {
    for (const bad of ['admins', 'cn=', '=x', 'cn=a,', 'cn=a,,dc=x', 'cn="open', 'c n=a', 'cn=a\\']) assert.equal(normalizeDn(bad), undefined, bad);
    assert.equal(sameDn('admins', 'admins'), false);
  });
});
