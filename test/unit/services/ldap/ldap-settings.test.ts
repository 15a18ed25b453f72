import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSecretBox } from '../../../../src/crypto/secret-box.js';
import { KeywardError } from '../../../../src/errors/index.js';
import { expertFromSimple } from '../../../../src/services/ldap/expert-from-simple.js';
import { parseLdapSettings, redactLdapSettings } from '../../../../src/services/ldap/ldap-settings.js';
import type { LdapSettingsDocument } from '../../../../src/services/ldap/ldap-settings-types.js';
import { resolveLdapConfig } from '../../../../src/services/ldap/resolve-ldap-config.js';
import { createLdapTestPki, type LdapTestPki } from '../../../support/ldap-test-ca.js';

const secrets = createSecretBox(randomBytes(32));
const LDAP = { groupsMapToRoles: true };
const LDAP_JOC = { groupsMapToRoles: false };
const base = { iamLdapServerUrl: 'ldap://ldap.example.org:389', iamLdapSearchBase: 'dc=example,dc=org' };
const parse = (expert: Record<string, unknown>, simple?: Record<string, unknown>, previous?: unknown, options = LDAP): LdapSettingsDocument =>
  parseLdapSettings({ ldap: { ...(simple === undefined ? {} : { simple }), expert } }, previous, secrets, options);
const rejects = (fn: () => unknown, field: string): void => {
  assert.throws(fn, (err: unknown) => err instanceof KeywardError && err.code === 'KW_VALIDATION' && err.field === field, `expected KW_VALIDATION on ${field}`);
};

describe('simple → expert mapping (spec §3.1)', () => {
  it('PLAIN/STARTTLS build ldap://host:389, SSL builds ldaps://host:636', () => {
    assert.equal(expertFromSimple({ iamLdapHost: 'h', iamLdapProtocol: 'PLAIN' }).iamLdapServerUrl, 'ldap://h:389');
    assert.equal(expertFromSimple({ iamLdapHost: 'h', iamLdapProtocol: 'STARTTLS' }).iamLdapServerUrl, 'ldap://h:389');
    assert.equal(expertFromSimple({ iamLdapHost: 'h', iamLdapProtocol: 'SSL' }).iamLdapServerUrl, 'ldaps://h:636');
    assert.equal(expertFromSimple({ iamLdapHost: 'h', iamLdapPort: 3269, iamLdapProtocol: 'SSL' }).iamLdapServerUrl, 'ldaps://h:3269');
  });

  it('STARTTLS sets iamLdapUseStartTls, the others clear it', () => {
    assert.equal(expertFromSimple({ iamLdapProtocol: 'STARTTLS' }).iamLdapUseStartTls, true);
    assert.equal(expertFromSimple({ iamLdapProtocol: 'SSL' }).iamLdapUseStartTls, false);
    assert.equal(expertFromSimple({ iamLdapProtocol: 'PLAIN' }).iamLdapUseStartTls, false);
  });

  it('sAMAccountName binds with {0}; memberOf reads memberOf, with (uid=%s) outside AD and the AD default inside', () => {
    assert.equal(expertFromSimple({ iamLdapADwithSamAccount: true }).iamLdapUserDnTemplate, '{0}');
    assert.deepEqual(expertFromSimple({ iamLdapWithMemberOf: true }), { iamLdapGroupNameAttribute: 'memberOf', iamLdapUserSearchFilter: '(uid=%s)' });
    assert.deepEqual(expertFromSimple({ iamLdapWithMemberOf: true, iamLdapAD: true }), { iamLdapGroupNameAttribute: 'memberOf' });
    const ad = parse({ iamLdapSearchBase: 'dc=example,dc=org' }, { iamLdapHost: 'ad.example.com', iamLdapProtocol: 'SSL', iamLdapAD: true, iamLdapADwithSamAccount: true, iamLdapWithMemberOf: true });
    assert.equal(resolveLdapConfig(ad, secrets).userFilter, '(sAMAccountName=%s)');
  });

  it('a simple-only document becomes a complete expert document, and explicit expert values win', () => {
    const doc = parse({ iamLdapSearchBase: 'dc=example,dc=org' }, { iamLdapHost: 'ldap.example.org', iamLdapPort: '1389', iamLdapProtocol: 'STARTTLS', iamLdapWithMemberOf: true });
    assert.equal(doc.ldap.expert.iamLdapServerUrl, 'ldap://ldap.example.org:1389');
    assert.equal(doc.ldap.expert.iamLdapUseStartTls, true);
    assert.equal(doc.ldap.expert.iamLdapUserSearchFilter, '(uid=%s)');
    assert.deepEqual(doc.ldap.simple, { iamLdapHost: 'ldap.example.org', iamLdapPort: 1389, iamLdapProtocol: 'STARTTLS', iamLdapWithMemberOf: true });
    const explicit = parse({ ...base, iamLdapUserSearchFilter: '(mail=%s)' }, { iamLdapHost: 'other', iamLdapWithMemberOf: true });
    assert.equal(explicit.ldap.expert.iamLdapServerUrl, base.iamLdapServerUrl);
    assert.equal(explicit.ldap.expert.iamLdapUserSearchFilter, '(mail=%s)');
  });
});

describe('expert defaults', () => {
  it('verifies host names unless told not to, and writes the defaults out', () => {
    const e = parse(base).ldap.expert;
    assert.equal(e.iamLdapHostNameVerification, true);
    assert.equal(e.iamLdapUseStartTls, false);
    assert.equal(e.iamLdapReadTimeout, 10);
    assert.equal(e.iamLdapConnectTimeout, 5);
    assert.equal(e.iamLdapUserDnTemplate, '{0}');
    assert.equal(e.iamLdapGroupNameAttribute, 'memberOf');
    assert.deepEqual(e.iamLdapGroupRolesMap, { iamLdapDisableNestedGroupSearch: false, items: [] });
    assert.equal(parse({ ...base, iamLdapHostNameVerification: false }).ldap.expert.iamLdapHostNameVerification, false);
  });

  it('accepts the string forms JS7 clients send for numbers and booleans', () => {
    const e = parse({ ...base, iamLdapReadTimeout: '3', iamLdapConnectTimeout: '1.5', iamLdapUseStartTls: 'true' }).ldap.expert;
    assert.equal(e.iamLdapReadTimeout, 3);
    assert.equal(e.iamLdapConnectTimeout, 1.5);
    assert.equal(e.iamLdapUseStartTls, true);
  });
});

describe('secrets', () => {
  it('seals the system password at rest and redacts it on the way out', () => {
    const doc = parse({ ...base, iamLdapSystemUser: 'cn=reader,dc=example,dc=org', iamLdapSystemPassword: 'readerpw' });
    const stored = doc.ldap.expert.iamLdapSystemPassword ?? '';
    assert.ok(secrets.isSealed(stored));
    assert.ok(!JSON.stringify(doc).includes('readerpw'));
    assert.equal(secrets.decrypt(stored), 'readerpw');
    const shown = redactLdapSettings(doc) as LdapSettingsDocument;
    assert.equal(shown.ldap.expert.iamLdapSystemPassword, '********');
    assert.equal(doc.ldap.expert.iamLdapSystemPassword, stored, 'redact must not modify the stored document');
  });

  it('"********" and an absent key keep the stored secret; a new value replaces it', () => {
    const first = parse({ ...base, iamLdapSystemUser: 'cn=reader,dc=example,dc=org', iamLdapSystemPassword: 'one' });
    const masked = parse({ ...base, iamLdapSystemUser: 'cn=reader,dc=example,dc=org', iamLdapSystemPassword: '********' }, undefined, first);
    assert.equal(masked.ldap.expert.iamLdapSystemPassword, first.ldap.expert.iamLdapSystemPassword);
    const absent = parse({ ...base, iamLdapSystemUser: 'cn=reader,dc=example,dc=org' }, undefined, first);
    assert.equal(absent.ldap.expert.iamLdapSystemPassword, first.ldap.expert.iamLdapSystemPassword);
    const changed = parse({ ...base, iamLdapSystemUser: 'cn=reader,dc=example,dc=org', iamLdapSystemPassword: 'two' }, undefined, first);
    assert.equal(secrets.decrypt(changed.ldap.expert.iamLdapSystemPassword ?? ''), 'two');
  });

  it('a system user needs a password (an empty one would be an anonymous bind)', () => {
    rejects(() => parse({ ...base, iamLdapSystemUser: 'cn=reader,dc=example,dc=org' }), 'ldap.expert.iamLdapSystemPassword');
    rejects(() => parse({ ...base, iamLdapSystemUser: 'cn=reader,dc=example,dc=org', iamLdapSystemPassword: '' }), 'ldap.expert.iamLdapSystemPassword');
    rejects(() => parse({ ...base, iamLdapSystemUser: 'cn=reader,dc=example,dc=org', iamLdapSystemPassword: '********' }), 'ldap.expert.iamLdapSystemPassword');
  });
});

describe('trust stores', () => {
  let pki: LdapTestPki;
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kw-ldap-unit-'));
    pki = createLdapTestPki(path.join(dir, 'pki'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a PEM file and a password-protected PKCS12 trust store, sealing the store password', () => {
    const pem = parse({ ...base, iamLdapTruststorePath: pki.caFile, iamLdapTruststoreType: 'PEM' });
    assert.match(String(resolveLdapConfig(pem, secrets).tls.ca), /BEGIN CERTIFICATE/);
    const p12 = parse({ ...base, iamLdapTruststorePath: pki.caP12File, iamLdapTruststoreType: 'PKCS12', iamLdapTruststorePassword: pki.caP12Password });
    assert.ok(secrets.isSealed(p12.ldap.expert.iamLdapTruststorePassword ?? ''));
    assert.equal(String(resolveLdapConfig(p12, secrets).tls.ca).trim(), pki.caPem.trim());
    assert.equal((redactLdapSettings(p12) as LdapSettingsDocument).ldap.expert.iamLdapTruststorePassword, '********');
  });

  it('reports a wrong PKCS12 password, a missing file, a file without certificates and JKS when saving', () => {
    rejects(() => parse({ ...base, iamLdapTruststorePath: pki.caP12File, iamLdapTruststoreType: 'PKCS12', iamLdapTruststorePassword: 'wrong' }), 'ldap.expert.iamLdapTruststorePath');
    rejects(() => parse({ ...base, iamLdapTruststorePath: path.join(dir, 'missing.pem') }), 'ldap.expert.iamLdapTruststorePath');
    const junk = path.join(dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    rejects(() => parse({ ...base, iamLdapTruststorePath: junk }), 'ldap.expert.iamLdapTruststorePath');
    rejects(() => parse({ ...base, iamLdapTruststorePath: pki.caFile, iamLdapTruststoreType: 'JKS' }), 'ldap.expert.iamLdapTruststoreType');
  });
});

describe('validation when saving (spec §3.1 configuration errors, checked up front)', () => {
  it('needs an ldap:// or ldaps:// URL with a host and nothing else', () => {
    rejects(() => parse({ iamLdapSearchBase: 'dc=x' }), 'ldap.expert.iamLdapServerUrl');
    rejects(() => parse({ ...base, iamLdapServerUrl: 'http://localhost:389' }), 'ldap.expert.iamLdapServerUrl');
    rejects(() => parse({ ...base, iamLdapServerUrl: 'ldap://host:389/dc=example,dc=org' }), 'ldap.expert.iamLdapServerUrl');
    rejects(() => parse({ ...base, iamLdapServerUrl: 'ldaps://host:636', iamLdapUseStartTls: true }), 'ldap.expert.iamLdapUseStartTls');
  });

  it('an LDAP service needs a search base to read groups; LDAP-JOC does not', () => {
    rejects(() => parse({ iamLdapServerUrl: 'ldap://h:389' }), 'ldap.expert.iamLdapSearchBase');
    assert.doesNotThrow(() => parse({ iamLdapServerUrl: 'ldap://h:389', iamLdapUserDnTemplate: 'uid={0},ou=people,dc=x' }, undefined, undefined, LDAP_JOC));
  });

  it('a group search filter needs a group search base; filters and bases must parse', () => {
    rejects(() => parse({ ...base, iamLdapGroupSearchFilter: '(member={dn})' }), 'ldap.expert.iamLdapGroupSearchBase');
    rejects(() => parse({ ...base, iamLdapUserSearchFilter: 'uid=%s' }), 'ldap.expert.iamLdapUserSearchFilter');
    rejects(() => parse({ ...base, iamLdapUserSearchFilter: '(uid=%s' }), 'ldap.expert.iamLdapUserSearchFilter');
    rejects(() => parse({ ...base, iamLdapSearchBase: 'example.org' }), 'ldap.expert.iamLdapSearchBase');
    rejects(() => parse({ ...base, iamLdapUserDnTemplate: 'uid=alice,ou=people' }), 'ldap.expert.iamLdapUserDnTemplate');
  });

  it('group mappings name full group DNs, never bare names', () => {
    rejects(() => parse({ ...base, iamLdapGroupRolesMap: { items: [{ ldapGroupDn: 'admins', roles: ['all'] }] } }), 'ldap.expert.iamLdapGroupRolesMap.items.0.ldapGroupDn');
    const doc = parse({ ...base, iamLdapGroupRolesMap: { iamLdapDisableNestedGroupSearch: true, items: [{ ldapGroupDn: 'CN=Admins,OU=Groups,DC=Example,DC=Org', roles: ['all', 'all'] }] } });
    assert.deepEqual(doc.ldap.expert.iamLdapGroupRolesMap, { iamLdapDisableNestedGroupSearch: true, items: [{ ldapGroupDn: 'CN=Admins,OU=Groups,DC=Example,DC=Org', roles: ['all'] }] });
  });

  it('refuses unknown keys, so a typo is an error instead of an ignored setting', () => {
    rejects(() => parse({ ...base, iamLdapServerURL: 'ldap://x' }), 'ldap.expert.iamLdapServerURL');
    rejects(() => parseLdapSettings({ ldap: { expert: base }, oidc: {} }, undefined, secrets, LDAP), 'oidc');
    rejects(() => parse(base, { iamLdapHostname: 'x' }), 'ldap.simple.iamLdapHostname');
  });

  it('keeps the JS7 compatibility keys it does not use', () => {
    const doc = parse({ ...base, iamLdapSysemUserDnTemplate: 'x', iamLdapSecurityProtocol: 'TLSv1.2' });
    assert.equal(doc.ldap.expert.iamLdapSysemUserDnTemplate, 'x');
  });
});
