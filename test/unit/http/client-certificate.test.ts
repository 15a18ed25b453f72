import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { loadConfig, type Config } from '../../../src/config/index.js';
import { readClientCertificate } from '../../../src/http/client-certificate.js';
import { testPki, type TestPki } from '../../support/certificates.js';

interface FakeSocket { remoteAddress: string; cert?: string; authorized?: boolean; authorizationError?: string }

/** A request as Fastify hands it over, with just what readClientCertificate reads. */
function fakeRequest(config: Config, socket: FakeSocket, headers: Record<string, string[]> = {}, warnings: unknown[] = []): FastifyRequest {
  const leaf = socket.cert === undefined ? undefined : new X509Certificate(readFileSync(socket.cert));
  const tlsSocket = {
    remoteAddress: socket.remoteAddress,
    authorized: socket.authorized ?? false,
    authorizationError: socket.authorizationError,
    getPeerX509Certificate: () => leaf,
    getPeerCertificate: () => (leaf === undefined ? {} : { raw: leaf.raw, fingerprint256: leaf.fingerprint256 }),
  };
  return {
    server: { kw: { config, now: () => Date.now() } },
    raw: { socket: tlsSocket, headersDistinct: headers },
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.join(', ')])),
    log: { warn: (...args: unknown[]) => { warnings.push(args); } },
  } as unknown as FastifyRequest;
}

describe('readClientCertificate: where a login certificate may come from', () => {
  let pki: TestPki;
  let config: Config;
  before(async () => {
    pki = await testPki();
    config = loadConfig({
      KEYWARD_TLS_CERT: pki.server.cert, KEYWARD_TLS_KEY: pki.server.key, KEYWARD_TLS_CLIENT_CA: pki.clientCaBundle,
      KEYWARD_TRUST_PROXY: '10.0.0.0/8', KEYWARD_TLS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert',
    });
  });
  const header = (file: string): Record<string, string[]> => ({ 'x-ssl-client-cert': [encodeURIComponent(readFileSync(file, 'utf8'))] });

  it('a handshake certificate OpenSSL verified is accepted with its CN', () => {
    const r = readClientCertificate(fakeRequest(config, { remoteAddress: '192.0.2.1', cert: pki.clients.alice.cert, authorized: true }));
    assert.ok(r?.ok === true, JSON.stringify(r));
    assert.equal(r.cert.commonName, 'alice');
  });

  it('never takes a CN from a certificate the TLS layer did not verify, even if our own checks pass', () => {
    const r = readClientCertificate(fakeRequest(config, { remoteAddress: '192.0.2.1', cert: pki.clients.alice.cert, authorized: false, authorizationError: 'UNABLE_TO_GET_ISSUER_CERT' }));
    assert.equal(r?.ok, false);
    assert.match(r?.ok === false ? r.reason : '', /^untrusted issuer: the TLS layer did not verify the chain \(UNABLE_TO_GET_ISSUER_CERT\)/);
  });

  it('no certificate, or no KEYWARD_TLS_CLIENT_CA: undefined (not a rejection)', () => {
    assert.equal(readClientCertificate(fakeRequest(config, { remoteAddress: '192.0.2.1' })), undefined);
    const noCa = loadConfig({ KEYWARD_TLS_CERT: pki.server.cert, KEYWARD_TLS_KEY: pki.server.key });
    assert.equal(readClientCertificate(fakeRequest(noCa, { remoteAddress: '192.0.2.1', cert: pki.clients.alice.cert, authorized: true })), undefined);
  });

  it('attack: the header from an address outside KEYWARD_TRUST_PROXY is ignored and logged', () => {
    const warnings: unknown[] = [];
    const r = readClientCertificate(fakeRequest(config, { remoteAddress: '192.0.2.1' }, header(pki.clients.alice.cert), warnings));
    assert.equal(r, undefined);
    assert.equal(warnings.length, 1);
    const withTls = readClientCertificate(fakeRequest(config, { remoteAddress: '192.0.2.1', cert: pki.clients.dave.cert, authorized: true }, header(pki.clients.alice.cert)));
    assert.equal(withTls?.ok === true && withTls.cert.commonName, 'dave', 'the handshake certificate, not the header');
  });

  it('from a trusted proxy (IPv4 or IPv4-mapped IPv6) the header is verified and used', () => {
    for (const remoteAddress of ['10.1.2.3', '::ffff:10.1.2.3']) {
      const r = readClientCertificate(fakeRequest(config, { remoteAddress }, header(pki.clients.alice.cert)));
      assert.ok(r?.ok === true, JSON.stringify(r));
      assert.equal(r.cert.commonName, 'alice');
    }
    const forged = readClientCertificate(fakeRequest(config, { remoteAddress: '10.1.2.3' }, header(pki.clients.otherCa.cert)));
    assert.match(forged?.ok === false ? forged.reason : '', /^untrusted issuer: .*\(proxy header, presented subject "CN=alice/);
  });

  it('from a trusted proxy its own TLS certificate never counts, and a doubled header is refused', () => {
    assert.equal(readClientCertificate(fakeRequest(config, { remoteAddress: '10.1.2.3', cert: pki.clients.dave.cert, authorized: true })), undefined);
    const twice = { 'x-ssl-client-cert': [...header(pki.clients.alice.cert)['x-ssl-client-cert'] ?? [], ...header(pki.clients.bob.cert)['x-ssl-client-cert'] ?? []] };
    const r = readClientCertificate(fakeRequest(config, { remoteAddress: '10.1.2.3' }, twice));
    assert.match(r?.ok === false ? r.reason : '', /appears 2 times/);
  });
});
