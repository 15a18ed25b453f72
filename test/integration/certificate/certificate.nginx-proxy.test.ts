import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, startNginx, type RunningNginx } from '../forward-auth/nginx-fixture.js';
import { curlLogin, escapedPem, lastLogin, lastLoginMessages, startCertificateKeyward, type CertificateKeyward } from './helpers.js';

/**
 * Keyward on plain HTTP behind a real nginx that terminates TLS and forwards the client certificate in
 * `X-SSL-Client-Cert: $ssl_client_escaped_cert` — the configuration docs/identity-services/certificate.md shows.
 * Two nginx servers: `ssl_verify_client optional` (nginx verifies too, the recommended setting) and
 * `optional_no_ca` (nginx forwards anything), which shows that Keyward verifies the header on its own.
 */
describe('behind nginx terminating TLS: the certificate arrives in a header from a trusted proxy', () => {
  let env: CertificateKeyward;
  let nginx: RunningNginx;
  let verifying: string;
  let forwarding: string;
  let direct: string;

  before(async () => {
    env = await startCertificateKeyward({
      https: false,
      env: { KEYWARD_TRUST_PROXY: '127.0.0.1', KEYWARD_TLS_CLIENT_CERT_HEADER: 'X-SSL-Client-Cert' },
    });
    direct = env.url;
    const [p1, p2] = [await freePort(), await freePort()];
    const server = (port: number, verify: string): string => `
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${env.pki.server.cert};
    ssl_certificate_key ${env.pki.server.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_client_certificate ${env.pki.clientCaBundle};
    ssl_verify_client ${verify};
    ssl_verify_depth 3;
    location / {
      proxy_pass ${direct};
      proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }`;
    nginx = await startNginx(server(p1, 'optional') + server(p2, 'optional_no_ca'), p1);
    verifying = `https://127.0.0.1:${p1}`;
    forwarding = `https://127.0.0.1:${p2}`;
  });
  after(async () => { await nginx?.stop(); await env?.stop(); });

  const through = (url: string): CertificateKeyward => ({ ...env, url });

  it('alice\'s certificate through nginx logs her in; Keyward itself speaks plain HTTP', async () => {
    assert.match(direct, /^http:/);
    for (const url of [verifying, forwarding]) {
      const r = await curlLogin(through(url), { cert: env.pki.clients.alice });
      assert.equal(r.status, 200, JSON.stringify(r.body) + r.error);
      assert.equal(r.body.account, 'alice');
    }
    const bob = await curlLogin(through(verifying), { cert: env.pki.clients.bob, certFile: env.pki.bobChain });
    assert.equal(bob.status, 200, JSON.stringify(bob.body));
    assert.equal(bob.body.account, 'bob');
  });

  it('a password login through nginx without a certificate still works', async () => {
    const r = await curlLogin(through(verifying), { basic: ['root', 'root-Secret-1'] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  it('attack: a client-supplied X-SSL-Client-Cert is overwritten by nginx and logs nobody in', async () => {
    const r = await curlLogin(through(verifying), { headers: { 'X-SSL-Client-Cert': escapedPem(env.pki.clients.alice.cert) } });
    assert.equal(r.status, 420, JSON.stringify(r.body));
  });

  it('attack: nginx forwarding an unverified CN=alice from another CA (optional_no_ca): Keyward refuses it', async () => {
    const r = await curlLogin(through(forwarding), { cert: env.pki.clients.otherCa });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    const history = await lastLogin(env);
    assert.equal(history.accountName, '*none');
    assert.match(await lastLoginMessages(env), /certificate rejected: untrusted issuer: .*\(proxy header/);
  });

  it('nginx accepts a certificate without extendedKeyUsage, Keyward does not ("wrong usage")', async () => {
    const r = await curlLogin(through(verifying), { cert: env.pki.clients.noEku });
    assert.equal(r.status, 401, JSON.stringify(r.body));
    assert.match(await lastLoginMessages(env), /certificate rejected: wrong usage: the certificate has no extendedKeyUsage/);
  });

  it('nginx itself answers 400 for an expired certificate, in both modes: it never reaches Keyward', async () => {
    for (const url of [verifying, forwarding]) {
      const r = await curlLogin(through(url), { cert: env.pki.clients.expired });
      assert.equal(r.status, 400, JSON.stringify(r.body));
    }
  });
});
