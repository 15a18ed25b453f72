import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { initialView, MASK, readLdapValues, urlFromSimple, validateLdapValues, writeLdapItem } from '../../../web/src/admin/settings/ldap-settings-model.js';
import { createSecretBox } from '../../../src/crypto/secret-box.js';
import { parseLdapSettings, redactLdapSettings } from '../../../src/services/ldap/ldap-settings.js';

const secrets = createSecretBox(randomBytes(32));
const STORED = {
  ldap: {
    simple: { iamLdapHost: 'ldap.example.org', iamLdapPort: 389, iamLdapProtocol: 'STARTTLS', iamLdapAD: false, iamLdapWithMemberOf: true },
    expert: {
      iamLdapServerUrl: 'ldap://ldap.example.org:389', iamLdapUseStartTls: true, iamLdapHostNameVerification: true,
      iamLdapReadTimeout: 10, iamLdapConnectTimeout: 5, iamLdapUserDnTemplate: '{0}', iamLdapGroupNameAttribute: 'memberOf',
      iamLdapSystemUser: 'cn=reader,dc=example,dc=org', iamLdapSystemPassword: MASK, iamLdapSearchBase: 'ou=people,dc=example,dc=org',
      iamLdapUserSearchFilter: '(uid=%s)',
      iamLdapGroupRolesMap: { iamLdapDisableNestedGroupSearch: false, items: [{ ldapGroupDn: 'cn=admins,ou=groups,dc=example,dc=org', roles: ['all', 'viewer'] }] },
    },
  },
};

describe('LDAP settings form model', () => {
  it('reads a stored item into form values, secrets write-only', () => {
    const v = readLdapValues(STORED);
    assert.equal(v.host, 'ldap.example.org');
    assert.equal(v.protocol, 'STARTTLS');
    assert.equal(v.systemPassword, '');
    assert.equal(v.hasSystemPassword, true);
    assert.deepEqual(v.groups, [{ groupDn: 'cn=admins,ou=groups,dc=example,dc=org', roles: 'all, viewer' }]);
    assert.equal(initialView(STORED), 'simple');
    assert.equal(initialView({ ldap: { expert: STORED.ldap.expert } }), 'expert');
    assert.equal(initialView({}), 'simple');
  });

  it('saves from the simple view so the server derives the same expert settings it stored', () => {
    const item = writeLdapItem(readLdapValues(STORED), 'simple');
    const expert = (item.ldap as { expert: Record<string, unknown> }).expert;
    assert.equal(expert.iamLdapServerUrl, undefined, 'derived by the server from the simple fields');
    assert.equal(expert.iamLdapSystemPassword, MASK, 'an untouched password field keeps the stored secret');
    const previous = parseLdapSettings({ ldap: { ...STORED.ldap, expert: { ...STORED.ldap.expert, iamLdapSystemPassword: 'readerpw' } } }, undefined, secrets, { groupsMapToRoles: true });
    const parsed = parseLdapSettings(item, previous, secrets, { groupsMapToRoles: true });
    assert.deepEqual(redactLdapSettings(parsed), redactLdapSettings(previous));
  });

  it('saves from the expert view with every expert key, and a typed password replaces the stored one', () => {
    const v = { ...readLdapValues(STORED), serverUrl: 'ldaps://ldap.example.org:636', startTls: true, systemPassword: 'new-secret' };
    const expert = (writeLdapItem(v, 'expert').ldap as { expert: Record<string, unknown> }).expert;
    assert.equal(expert.iamLdapServerUrl, 'ldaps://ldap.example.org:636');
    assert.equal(expert.iamLdapUseStartTls, false, 'no StartTLS on ldaps://');
    assert.equal(expert.iamLdapSystemPassword, 'new-secret');
    assert.equal(expert.iamLdapUserSearchFilter, '(uid=%s)');
  });

  it('previews the URL the simple fields stand for', () => {
    assert.equal(urlFromSimple({ host: 'h', port: '', protocol: 'SSL' }), 'ldaps://h:636');
    assert.equal(urlFromSimple({ host: 'h', port: '1389', protocol: 'STARTTLS' }), 'ldap://h:1389');
  });

  it('catches the obvious mistakes before asking the server', () => {
    const v = readLdapValues(STORED);
    assert.deepEqual(validateLdapValues(v, 'simple'), {});
    assert.ok(validateLdapValues({ ...v, host: '' }, 'simple').iamLdapHost);
    assert.ok(validateLdapValues({ ...v, port: '70000' }, 'simple').iamLdapPort);
    assert.ok(validateLdapValues({ ...v, serverUrl: 'http://x' }, 'expert').iamLdapServerUrl);
    assert.ok(validateLdapValues({ ...v, readTimeout: '0' }, 'simple').iamLdapReadTimeout);
    assert.ok(validateLdapValues({ ...v, hasSystemPassword: false }, 'simple').iamLdapSystemPassword);
    assert.ok(validateLdapValues({ ...v, groups: [{ groupDn: 'admins', roles: 'all' }] }, 'simple').iamLdapGroupRolesMap);
    assert.deepEqual(validateLdapValues({ ...v, groups: [{ groupDn: 'CN=Smith\\, John,OU=Groups,DC=x', roles: 'all' }] }, 'simple'), {});
  });
});
