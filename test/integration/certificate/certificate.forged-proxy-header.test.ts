import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { curlLogin, escapedPem, lastLogin, lastLoginMessages, nodeLogin, startCertificateKeyward, type CertificateKeyward } from './helpers.js';

const HEADER = 'X-SSL-Client-Cert';
/** A loopback alias stands for the TLS-terminating proxy; 127.0.0.1 is "anybody else". */
const PROXY = '127.0.0.2';

/**
 * The attack: a certificate is public, so anybody can paste alice's genuine certificate into the header a proxy
 * would use and hope Keyward believes it. Only KEYWARD_TRUST_PROXY addresses may send it; everybody else's header
 * is ignored — not merely refused, so it cannot even displace the certificate of the TLS handshake.
 */
describe('attack: a forged client-certificate header from an address that is not a trusted proxy', () => {
  let env: CertificateKeyward;
  before(async () => {
    env = await startCertificateKeyward({ env: { KEYWARD_TRUST_PROXY: PROXY, KEYWARD_TLS_CLIENT_CERT_HEADER: HEADER } });
  });
  after(async () => { await env.stop(); });

  it('alice\'s genuine certificate in the header, from 127.0.0.1: ignored, nobody is logged in', async () => {
    for (const login of [curlLogin, nodeLogin]) {
      const r = await login(env, { headers: { [HEADER]: escapedPem(env.pki.clients.alice.cert) }, from: '127.0.0.1' });
      assert.equal(r.exitCode, 0, r.error);
      assert.equal(r.status, 420, `no credential at all once the header is ignored: ${JSON.stringify(r.body)}`);
      assert.notEqual(r.body.account, 'alice');
    }
    const sessions = await env.api('/joc/api/iam/sessions', { accountName: 'alice' });
    assert.deepEqual(sessions.body.activeSessions, []);
  });

  it('header naming alice plus bob\'s own TLS certificate, from 127.0.0.1: bob is logged in, not alice', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.bob, headers: { [HEADER]: escapedPem(env.pki.clients.alice.cert) }, from: '127.0.0.1' });
    assert.equal(r.status, 200, JSON.stringify(r.body) + r.error);
    assert.equal(r.body.account, 'bob');
  });

  it('from the trusted proxy the same header logs alice in (nginx $ssl_client_escaped_cert form)', async () => {
    for (const login of [curlLogin, nodeLogin]) {
      const r = await login(env, { headers: { [HEADER]: escapedPem(env.pki.clients.alice.cert) }, from: PROXY });
      assert.equal(r.status, 200, JSON.stringify(r.body) + r.error);
      assert.equal(r.body.account, 'alice');
    }
    assert.equal((await lastLogin(env)).callerIpAddress, PROXY);
  });

  it('from the trusted proxy: tab-folded PEM and base64 DER headers are read too', async () => {
    const pem = readFileSync(env.pki.clients.alice.cert, 'utf8').trim().split('\n').join('\t');
    const folded = await nodeLogin(env, { headers: { [HEADER]: pem }, from: PROXY });
    assert.equal(folded.status, 200, JSON.stringify(folded.body));
    const der = new X509Certificate(readFileSync(env.pki.clients.bob.cert)).raw.toString('base64');
    const traefik = await curlLogin(env, { headers: { [HEADER]: der }, from: PROXY });
    assert.equal(traefik.status, 200, JSON.stringify(traefik.body));
    assert.equal(traefik.body.account, 'bob');
  });

  it('from the trusted proxy the header certificate must still chain to the configured CAs', async () => {
    const forged = await curlLogin(env, { headers: { [HEADER]: escapedPem(env.pki.clients.otherCa.cert) }, from: PROXY });
    assert.equal(forged.status, 401, JSON.stringify(forged.body));
    assert.match(await lastLoginMessages(env), /certificate rejected: untrusted issuer: .*\(proxy header, presented subject "CN=alice/);
    const expired = await curlLogin(env, { headers: { [HEADER]: escapedPem(env.pki.clients.expired.cert) }, from: PROXY });
    assert.equal(expired.status, 401, JSON.stringify(expired.body));
    assert.match(await lastLoginMessages(env), /certificate rejected: expired: .*\(proxy header/);
    const garbage = await curlLogin(env, { headers: { [HEADER]: '-----BEGIN%20CERTIFICATE-----%0AAAAA%0A-----END%20CERTIFICATE-----' }, from: PROXY });
    assert.equal(garbage.status, 401, JSON.stringify(garbage.body));
    assert.match(await lastLoginMessages(env), /certificate rejected: malformed certificate/);
  });

  it('from the trusted proxy its own TLS client certificate is not the user\'s: no header, no certificate login', async () => {
    const r = await curlLogin(env, { cert: env.pki.clients.bob, from: PROXY });
    assert.equal(r.status, 420, JSON.stringify(r.body));
    assert.notEqual(r.body.account, 'bob');
  });

  it('from the trusted proxy a header sent twice is refused, not guessed', async () => {
    const c = await curlLogin(env, {
      headerLines: [`${HEADER}: ${escapedPem(env.pki.clients.alice.cert)}`, `${HEADER}: ${escapedPem(env.pki.clients.bob.cert)}`], from: PROXY,
    });
    assert.equal(c.status, 401, JSON.stringify(c.body));
    assert.match(await lastLoginMessages(env), /malformed certificate: the x-ssl-client-cert header appears 2 times/);
  });
});
