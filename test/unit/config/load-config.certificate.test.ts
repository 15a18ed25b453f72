import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../src/config/index.js';

const https = { KEYWARD_TLS_CERT: 's.crt', KEYWARD_TLS_KEY: 's.key' };

describe('loadConfig: client certificate settings', () => {
  it('reads the CRL list and the proxy header (lower-cased for lookup)', () => {
    const c = loadConfig({ ...https, KEYWARD_TLS_CLIENT_CA: 'a.pem, b.pem', KEYWARD_TLS_CLIENT_CRL: 'a.crl,b.crl', KEYWARD_TRUST_PROXY: '10.0.0.1', KEYWARD_TLS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert' });
    assert.deepEqual(c.tlsClientCa, ['a.pem', 'b.pem']);
    assert.deepEqual(c.tlsClientCrl, ['a.crl', 'b.crl']);
    assert.equal(c.tlsClientCertHeader, 'x-ssl-client-cert');
    assert.equal(c.tlsClientAuth, 'want', 'want is the default');
  });

  it('allows client CAs on plain HTTP only behind a proxy that forwards the certificate', () => {
    assert.throws(() => loadConfig({ KEYWARD_TLS_CLIENT_CA: 'ca.pem' }), /needs HTTPS/);
    const c = loadConfig({ KEYWARD_TLS_CLIENT_CA: 'ca.pem', KEYWARD_TRUST_PROXY: '127.0.0.1', KEYWARD_TLS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert' });
    assert.equal(c.tlsCert, undefined);
  });

  it('refuses settings that cannot work together, naming them', () => {
    assert.throws(() => loadConfig({ ...https, KEYWARD_TLS_CLIENT_CRL: 'a.crl' }), /KEYWARD_TLS_CLIENT_CRL needs KEYWARD_TLS_CLIENT_CA/);
    assert.throws(() => loadConfig({ ...https, KEYWARD_TLS_CLIENT_CA: 'ca.pem', KEYWARD_TLS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert' }), /needs .*KEYWARD_TRUST_PROXY/);
    assert.throws(() => loadConfig({ ...https, KEYWARD_TRUST_PROXY: '127.0.0.1', KEYWARD_TLS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert' }), /needs KEYWARD_TLS_CLIENT_CA/);
    assert.throws(() => loadConfig({ ...https, KEYWARD_TLS_CLIENT_CA: 'ca.pem', KEYWARD_TRUST_PROXY: '127.0.0.1', KEYWARD_TLS_CLIENT_CERT_HEADER: 'X SSL: cert' }), /must be an HTTP header name/);
    assert.throws(() => loadConfig({ ...https, KEYWARD_TLS_CLIENT_CA: 'ca.pem', KEYWARD_TLS_CLIENT_AUTH: 'optional' }), /KEYWARD_TLS_CLIENT_AUTH must be one of want, need/);
    assert.throws(() => loadConfig({ ...https, KEYWARD_TLS_CLIENT_AUTH: 'need' }), /KEYWARD_TLS_CLIENT_AUTH=need needs KEYWARD_TLS_CLIENT_CA/);
    assert.equal(loadConfig({ ...https, KEYWARD_TLS_CLIENT_AUTH: 'want' }).tlsClientAuth, 'want', 'want alone is harmless');
  });
});
