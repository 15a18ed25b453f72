import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createSecretBox } from '../../../../src/crypto/secret-box.js';
import { mapGroupRoles } from '../../../../src/services/oidc/map-group-roles.js';
import { parseOidcSettingsDocument, readOidcSettings, redactOidcSettingsDocument } from '../../../../src/services/oidc/oidc-settings.js';
import { sniffImageType } from '../../../../src/services/oidc/oidc-routes.js';
import { readClaim } from '../../../../src/services/oidc/read-claim.js';
import { readPkcs12Certificates, readTruststore } from '../../../../src/services/oidc/read-truststore.js';

const secrets = createSecretBox(Buffer.alloc(32, 7));
const base = { iamOidcAuthenticationUrl: 'https://kc.example.com/realms/js7/', iamOidcClientId: 'keyward', iamOidcClientSecret: 's3cret' };
const parse = (oidc: Record<string, unknown>, previous?: unknown) => parseOidcSettingsDocument({ oidc }, previous, secrets);

describe('OIDC settings (spec §3.3)', () => {
  it('seals the client secret, never returns it, keeps it for "********" and removes it for ""', () => {
    const stored = parse(base);
    const o = (stored.oidc as Record<string, unknown>);
    assert.equal(secrets.isSealed(String(o.iamOidcClientSecret)), true);
    assert.equal(secrets.decrypt(String(o.iamOidcClientSecret)), 's3cret');
    assert.equal(JSON.stringify(redactOidcSettingsDocument(stored)).includes('enc:v1'), false);
    assert.equal((redactOidcSettingsDocument(stored) as { oidc: Record<string, unknown> }).oidc.iamOidcClientSecret, '********');
    const kept = parse({ ...base, iamOidcClientSecret: '********' }, stored).oidc as Record<string, unknown>;
    assert.equal(kept.iamOidcClientSecret, o.iamOidcClientSecret);
    assert.equal((parse({ ...base, iamOidcClientSecret: '' }, stored).oidc as Record<string, unknown>).iamOidcClientSecret, undefined);
  });

  it('applies the defaults: flow AUTHENTICATION, skew 30 s, no user attribute (auto), issuer without trailing slash', () => {
    const s = readOidcSettings(parse(base));
    assert.equal(s?.flowType, 'AUTHENTICATION');
    assert.equal(s?.clockSkewSeconds, 30);
    assert.equal(s?.userAttribute, '');
    assert.equal(s?.issuer, 'https://kc.example.com/realms/js7');
    assert.equal(s?.clientCredentialAudience, 'keyward');
  });

  it('refuses http issuers without the loud opt-in, unknown keys, bad flow types and skews', () => {
    assert.throws(() => parse({ ...base, iamOidcAuthenticationUrl: 'http://kc.example.com' }), /https/);
    assert.ok(parse({ ...base, iamOidcAuthenticationUrl: 'http://127.0.0.1:9', iamOidcAllowInsecureHttpIssuer: true }));
    assert.throws(() => parse({ ...base, iamOidcTypo: true }), /unknown setting "iamOidcTypo"/);
    assert.throws(() => parse({ ...base, iamOidcFlowType: 'PASSWORD' }), /iamOidcFlowType/);
    assert.throws(() => parse({ ...base, iamOidcClockSkew: 3600 }), /iamOidcClockSkew/);
    assert.throws(() => parse({ iamOidcClientId: 'x' }), /iamOidcAuthenticationUrl is required/);
  });

  it('ignores a client-sent image marker (server-managed) and keeps the stored one', () => {
    const previous = { oidc: { ...base, iamOidcImage: { contentType: 'image/png', hash: 'abc' } } };
    const s = readOidcSettings(parse({ ...base, iamOidcImage: { contentType: 'text/html', hash: 'evil' } }, previous));
    assert.deepEqual(s?.image, { contentType: 'image/png', hash: 'abc' });
  });

  it('maps group claims (arrays, strings, dotted paths) through the roles map, exact match only', () => {
    const map = [{ oidcGroup: 'js7-admins', roles: ['administrator'] }, { oidcGroup: 'ops', roles: ['operator', 'viewer'] }];
    const r = mapGroupRoles([{ groups: ['js7-admins', 'JS7-ADMINS'] }, { realm_access: { roles: ['ops'] } }], ['groups', 'realm_access.roles'], map);
    assert.deepEqual(r.roles.sort(), ['administrator', 'operator', 'viewer']);
    assert.deepEqual(mapGroupRoles([{ groups: 'ops' }], ['groups'], map).roles.sort(), ['operator', 'viewer']);
    assert.deepEqual(mapGroupRoles([{ groups: ['nope'] }], ['groups'], map).roles, []);
    assert.equal(readClaim({ 'https://x.example/groups': ['a'] }, 'https://x.example/groups') !== undefined, true);
  });

  it('sniffs image types from the bytes', () => {
    assert.equal(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex')), 'image/png');
    assert.equal(sniffImageType(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')), 'image/svg+xml');
    assert.equal(sniffImageType(Buffer.from('<html><svg>')), undefined);
  });
});

describe('OIDC truststore: PEM and PKCS12 (openssl-made fixtures)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyward-truststore-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Truststore Test CA');
  run('pkcs12', '-export', '-nokeys', '-in', 'ca.crt', '-out', 'aes.p12', '-passout', 'pass:changeit');
  run('pkcs12', '-export', '-nokeys', '-in', 'ca.crt', '-out', '3des.p12', '-passout', 'pass:changeit', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1');
  const pem = readFileSync(path.join(dir, 'ca.crt'), 'utf8');

  it('reads PEM content', () => {
    assert.equal(readTruststore({ type: 'PEM', content: pem, sealedPassword: '' }).length, 1);
    assert.throws(() => readTruststore({ type: 'PEM', content: 'garbage', sealedPassword: '' }), /no PEM certificate/);
  });

  it('reads PKCS12 (PBES2/AES and legacy 3DES) and checks the password by the MAC', () => {
    for (const f of ['aes.p12', '3des.p12']) {
      const certs = readPkcs12Certificates(readFileSync(path.join(dir, f)), 'changeit');
      assert.equal(certs.length, 1, f);
      assert.match(readTruststore({ type: 'PKCS12', path: path.join(dir, f), sealedPassword: '' }, undefined, 'changeit')[0] ?? '', /BEGIN CERTIFICATE/);
      assert.throws(() => readPkcs12Certificates(readFileSync(path.join(dir, f)), 'wrong'), /wrong truststore password/);
    }
  });

  it('explains JKS instead of failing obscurely', () => {
    assert.throws(() => readPkcs12Certificates(Buffer.from('feedfeed00000002', 'hex'), 'x'), /JKS keystore/);
  });
});
