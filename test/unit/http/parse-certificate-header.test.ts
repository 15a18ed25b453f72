import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { parseCertificateHeader } from '../../../src/http/parse-certificate-header.js';
import { testPki, type TestPki } from '../../support/certificates.js';

describe('parseCertificateHeader: the forms proxies forward a client certificate in', () => {
  let pki: TestPki;
  let alicePem: string;
  before(async () => { pki = await testPki(); alicePem = readFileSync(pki.clients.alice.cert, 'utf8'); });
  const cnOf = (value: string): string | undefined => {
    const r = parseCertificateHeader(value);
    return r?.ok === true ? r.presented.leaf.subject.split('\n')[0] : undefined;
  };

  it('URL-encoded PEM (nginx $ssl_client_escaped_cert), plain, tab- and space-folded PEM, (URL-escaped) base64 DER', () => {
    assert.equal(cnOf(encodeURIComponent(alicePem)), 'CN=alice');
    assert.equal(cnOf(alicePem.trim().split('\n').join('\t')), 'CN=alice');
    assert.equal(cnOf(new X509Certificate(alicePem).raw.toString('base64')), 'CN=alice');
    // Apache mod_headers turns the PEM's newlines into spaces; Traefik URL-escapes base64 DER without delimiters.
    assert.equal(cnOf(alicePem.trim().split('\n').join(' ')), 'CN=alice');
    assert.equal(cnOf(encodeURIComponent(new X509Certificate(alicePem).raw.toString('base64'))), 'CN=alice');
  });

  it('a chain: the first certificate is the leaf, the rest are intermediate candidates', () => {
    const r = parseCertificateHeader(encodeURIComponent(readFileSync(pki.bobChain, 'utf8')));
    assert.ok(r?.ok === true);
    assert.match(r.presented.leaf.subject, /CN=bob/);
    assert.equal(r.presented.intermediates.length, 1);
    const der = [pki.clients.bob.cert, pki.intermediateCa].map((f) => new X509Certificate(readFileSync(f)).raw.toString('base64')).join(',');
    const traefik = parseCertificateHeader(der);
    assert.ok(traefik?.ok === true && traefik.presented.intermediates.length === 1);
  });

  it('empty and "(null)" mean no certificate; anything unreadable is a malformed certificate', () => {
    assert.equal(parseCertificateHeader(''), undefined);
    assert.equal(parseCertificateHeader('  '), undefined);
    assert.equal(parseCertificateHeader('(null)'), undefined);
    for (const bad of ['%E0%A4%A', 'not a certificate!', 'AAAA', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----x-----END PRIVATE KEY-----']) {
      const r = parseCertificateHeader(bad);
      assert.equal(r?.ok, false, bad);
      assert.match(r?.ok === false ? r.reason : '', /^malformed certificate: /);
    }
  });
});
