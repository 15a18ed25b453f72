import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { lastFailureReasons, loginWithKey, ok, onboard, register, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack: a response made by the authenticator for another relying party (its rpIdHash names another site) is
// presented here. The RP ID hash in authenticatorData must be SHA-256("localhost").
describe('FIDO responses for another relying party are refused', () => {
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

  it('registration signed for another RP ID', async () => {
    const r = await register(w, new SoftAuthenticator({ origin: w.origin }), 'bob', 'bob@example.org', { rpId: 'evil.example' });
    assert.equal(r.status, 420);
    assert.match(String(r.body.message), /RP ID/);
  });

  it('login signed for another RP ID, while the right one works', async () => {
    assert.equal((await loginWithKey(w, key, { accountName: 'alice', bend: { rpId: 'evil.example' } })).status, 401);
    assert.match(await lastFailureReasons(w), /RP ID/);
    await ok(loginWithKey(w, key, { accountName: 'alice' }));
  });
});
