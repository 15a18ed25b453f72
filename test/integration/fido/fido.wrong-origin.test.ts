import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { lastFailureReasons, loginWithKey, ok, onboard, register, saveSettings, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack: a phishing site on another origin relays the ceremony. The browser writes the real origin into
// clientDataJSON; the server accepts only the allowed origins.
describe('FIDO responses from a foreign origin are refused', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  let key: SoftAuthenticator;
  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url });
    key = new SoftAuthenticator({ origin: w.origin });
    await onboard(w, smtp, key, 'alice', 'alice@example.org');
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('registration from a phishing origin', async () => {
    const r = await register(w, new SoftAuthenticator({ origin: w.origin }), 'bob', 'bob@example.org', { origin: 'https://keyward.evil.example' });
    assert.equal(r.status, 420);
    assert.match(String(r.body.message), /origin/);
  });

  it('login from a phishing origin, while the real origin works', async () => {
    assert.equal((await loginWithKey(w, key, { accountName: 'alice', bend: { origin: 'https://keyward.evil.example' } })).status, 401);
    assert.match(await lastFailureReasons(w), /origin "https:\/\/keyward.evil.example"/);
    await ok(loginWithKey(w, key, { accountName: 'alice' }));
  });

  it('a second instance behind the same RP ID is accepted once its origin is allowed (cluster)', async () => {
    const second = `http://node2.localhost:${new URL(w.origin).port}`;
    assert.equal((await loginWithKey(w, key, { accountName: 'alice', bend: { origin: second } })).status, 401);
    await ok(saveSettings(w.url, w.root, { iamFidoRpId: 'localhost', iamFidoOrigins: [w.origin, second] }));
    await ok(loginWithKey(w, key, { accountName: 'alice', bend: { origin: second } }));
  });
});
