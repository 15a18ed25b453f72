import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { DerError, readNode } from '../../../../src/services/certificate/der.js';
import { isCrlIssuedBy, parseCrl } from '../../../../src/services/certificate/parse-crl.js';
import { readPemBlocks } from '../../../../src/services/certificate/pem.js';
import { readKeyUsage, readValidity } from '../../../../src/services/certificate/read-certificate-fields.js';
import { testPki, type TestPki } from '../../../support/certificates.js';

describe('DER reading: CRLs, keyUsage bits and validity that node:crypto does not expose', () => {
  let pki: TestPki;
  before(async () => { pki = await testPki(); });
  const crl = (file: string) => {
    const [der] = readPemBlocks(readFileSync(file, 'utf8'), 'X509 CRL');
    assert.ok(der);
    return parseCrl(der);
  };
  const cert = (file: string): X509Certificate => new X509Certificate(readFileSync(file));

  it('parses the root CRL: issuer, dates, the revoked serial; it verifies with the root key only', () => {
    const c = crl(pki.rootCrl);
    assert.deepEqual([...c.revokedSerials], [cert(pki.clients.revoked.cert).serialNumber]);
    assert.ok(c.nextUpdate !== undefined && c.nextUpdate > Date.now() && c.thisUpdate <= Date.now());
    assert.equal(isCrlIssuedBy(c, cert(pki.rootCa)), true);
    assert.equal(isCrlIssuedBy(c, cert(pki.otherCa)), false, 'same subject DN, different key');
    assert.equal(isCrlIssuedBy(crl(pki.intermediateCrl), cert(pki.intermediateCa)), true, 'ECDSA-signed CRL');
    assert.equal(crl(pki.intermediateCrl).revokedSerials.size, 0);
  });

  it('a CRL with a flipped signature byte does not verify; truncated or trailing bytes do not parse', () => {
    const [der] = readPemBlocks(readFileSync(pki.rootCrl, 'utf8'), 'X509 CRL');
    assert.ok(der);
    const tampered = Buffer.from(der);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff;
    assert.equal(isCrlIssuedBy(parseCrl(tampered), cert(pki.rootCa)), false);
    assert.throws(() => parseCrl(der.subarray(0, der.length - 10)), DerError);
    assert.throws(() => parseCrl(Buffer.concat([der, Buffer.from([0])])), DerError);
    assert.throws(() => readNode(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff])), DerError);
    assert.throws(() => readNode(Buffer.from([0x30, 0x80, 0x00, 0x00])), DerError, 'indefinite length is not DER');
  });

  it('keyUsage bits and validity of the test certificates', () => {
    assert.deepEqual([...readKeyUsage(cert(pki.clients.alice.cert).raw) ?? []], ['digitalSignature']);
    assert.deepEqual([...readKeyUsage(cert(pki.clients.noDigitalSignature.cert).raw) ?? []], ['keyEncipherment']);
    assert.deepEqual([...readKeyUsage(cert(pki.intermediateCa).raw) ?? []], ['keyCertSign', 'cRLSign']);
    const expired = readValidity(cert(pki.clients.expired.cert).raw);
    assert.ok(expired.notAfter < Date.now() && expired.notBefore < expired.notAfter);
    const alice = cert(pki.clients.alice.cert);
    assert.equal(readValidity(alice.raw).notAfter, Date.parse(alice.validTo));
  });
});
