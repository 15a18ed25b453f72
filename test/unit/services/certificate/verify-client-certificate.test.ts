import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { loadClientCertificateTrust, type ClientCertificateTrust } from '../../../../src/services/certificate/client-certificate-trust.js';
import { verifyClientCertificate } from '../../../../src/services/certificate/verify-client-certificate.js';
import { testPki, type ClientName, type TestPki } from '../../../support/certificates.js';

const cert = (file: string): X509Certificate => new X509Certificate(readFileSync(file));

describe('verifyClientCertificate: one reason per check (RSA and EC, root and intermediate)', () => {
  let pki: TestPki;
  let trust: ClientCertificateTrust;
  let withCrl: ClientCertificateTrust;
  let now = 0;
  const verify = (name: ClientName, t = trust, intermediates: X509Certificate[] = [], at = now) =>
    verifyClientCertificate({ leaf: cert(pki.clients[name].cert), intermediates }, t, at);

  before(async () => {
    pki = await testPki();
    now = Date.now();
    trust = loadClientCertificateTrust({ caFiles: [pki.clientCaBundle], crlFiles: [] });
    withCrl = loadClientCertificateTrust({ caFiles: [pki.clientCaBundle], crlFiles: [pki.rootCrl, pki.intermediateCrl] });
  });

  it('accepts alice (RSA, root) and bob (EC, intermediate) with their CN, serial and issuer', () => {
    const alice = verify('alice');
    assert.ok(alice.ok, JSON.stringify(alice));
    assert.equal(alice.cert.commonName, 'alice');
    assert.equal(alice.cert.serialNumber, cert(pki.clients.alice.cert).serialNumber);
    assert.match(alice.cert.issuer, /Keyward Test Root CA/);
    assert.equal(alice.chain.length, 2);
    const bob = verify('bob');
    assert.ok(bob.ok, JSON.stringify(bob));
    assert.equal(bob.cert.commonName, 'bob');
    assert.equal(bob.chain.length, 3, 'leaf, intermediate, root (the chain goes on through configured CAs)');
  });

  it('builds the chain through an intermediate the client sent when only the root is configured', () => {
    const rootOnly = loadClientCertificateTrust({ caFiles: [pki.rootCa], crlFiles: [] });
    const without = verify('bob', rootOnly);
    assert.equal(without.ok, false);
    assert.equal(!without.ok && without.reason, 'untrusted-issuer');
    const withChain = verify('bob', rootOnly, [cert(pki.intermediateCa)]);
    assert.ok(withChain.ok, JSON.stringify(withChain));
  });

  const rejections: [ClientName, string, RegExp][] = [
    ['otherCa', 'untrusted-issuer', /untrusted issuer: no configured CA issued/],
    ['selfSigned', 'untrusted-issuer', /untrusted issuer: self-signed/],
    ['expired', 'expired', /^expired: certificate expired at/],
    ['notYetValid', 'not-yet-valid', /^not yet valid: certificate is valid from/],
    ['serverAuthOnly', 'wrong-usage', /^wrong usage: extendedKeyUsage serverAuth lacks clientAuth/],
    ['noEku', 'wrong-usage', /^wrong usage: the certificate has no extendedKeyUsage/],
    ['noDigitalSignature', 'wrong-usage', /^wrong usage: keyUsage keyEncipherment lacks digitalSignature/],
  ];
  for (const [name, reason, message] of rejections) {
    it(`refuses ${name}: ${reason}`, () => {
      const r = verify(name);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.reason, reason);
      assert.match(!r.ok ? r.message : '', message);
    });
  }

  it('uses the given clock, not the system clock (validity follows `now`)', () => {
    const alice = verify('alice', trust, [], now + 2.5 * 86_400_000);
    assert.match(!alice.ok ? alice.message : '', /^expired: certificate expired/);
    const later = verify('notYetValid', trust, [], now + 2.5 * 86_400_000);
    assert.ok(later.ok, JSON.stringify(later));
  });

  it('with CRLs: refuses the revoked certificate, accepts the others of both CAs', () => {
    assert.ok(verify('revoked').ok, 'without a CRL the revoked certificate passes: the CRL is what refuses it');
    const r = verify('revoked', withCrl);
    assert.equal(!r.ok && r.reason, 'revoked');
    assert.match(!r.ok ? r.message : '', /^revoked: certificate serial [0-9A-F]+ is revoked/);
    assert.ok(verify('alice', withCrl).ok);
    assert.ok(verify('bob', withCrl).ok);
  });

  it('reads DER CRLs and checks the CAs of the chain too: a root CRL revoking the intermediate refuses bob', () => {
    const der = loadClientCertificateTrust({ caFiles: [pki.clientCaBundle], crlFiles: [pki.rootCrlDer, pki.intermediateCrl] });
    assert.equal((r => !r.ok && r.reason)(verify('revoked', der)), 'revoked');
    const revokedCa = loadClientCertificateTrust({ caFiles: [pki.clientCaBundle], crlFiles: [pki.rootCrlRevokingIntermediate, pki.intermediateCrl] });
    const bob = verify('bob', revokedCa);
    assert.equal(!bob.ok && bob.reason, 'revoked');
    assert.match(!bob.ok ? bob.message : '', /issuing CA "CN=Keyward Test Issuing CA.*is revoked/);
    assert.ok(verify('alice', revokedCa).ok);
  });

  it('fails closed: no CRL for the issuer, or a CRL past its nextUpdate', () => {
    const rootCrlOnly = loadClientCertificateTrust({ caFiles: [pki.clientCaBundle], crlFiles: [pki.rootCrl] });
    const bob = verify('bob', rootCrlOnly);
    assert.equal(!bob.ok && bob.reason, 'revocation-unknown');
    assert.match(!bob.ok ? bob.message : '', /no CRL of "CN=Keyward Test Issuing CA/);
    const stale = loadClientCertificateTrust({ caFiles: [pki.clientCaBundle], crlFiles: [pki.staleRootCrl, pki.intermediateCrl] });
    const alice = verify('alice', stale);
    assert.equal(!alice.ok && alice.reason, 'revocation-unknown');
    assert.match(!alice.ok ? alice.message : '', /out of date/);
  });

  it('trusts a self-signed client certificate only when it is itself configured (seed 002)', () => {
    const pinned = loadClientCertificateTrust({ caFiles: [pki.clientCaBundle, pki.clients.selfSigned.cert], crlFiles: [] });
    const r = verify('selfSigned', pinned);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.cert.commonName, 'alice');
  });

  it('refuses configuration mistakes at load time with the setting named', () => {
    assert.throws(() => loadClientCertificateTrust({ caFiles: [pki.clients.alice.cert], crlFiles: [] }), /KEYWARD_TLS_CLIENT_CA: .* neither a CA/);
    assert.throws(() => loadClientCertificateTrust({ caFiles: ['/nonexistent.pem'], crlFiles: [] }), /KEYWARD_TLS_CLIENT_CA: cannot read/);
    assert.throws(() => loadClientCertificateTrust({ caFiles: [pki.otherCa], crlFiles: [pki.rootCrl] }), /KEYWARD_TLS_CLIENT_CRL: .* not issued \(signed\) by any CA/);
    assert.throws(() => loadClientCertificateTrust({ caFiles: [pki.rootCa], crlFiles: [pki.rootCa] }), /KEYWARD_TLS_CLIENT_CRL: .* no PEM "X509 CRL"/);
  });
});
