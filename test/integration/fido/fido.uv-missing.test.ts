import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { lastFailureReasons, loginWithKey, ok, onboard, register, saveSettings, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack: a stolen key used without its PIN or biometric. With user verification REQUIRED (the default) the UV flag
// must be set, at registration and at every login; a user-presence touch alone is not enough.
describe('FIDO user verification missing when required is refused', () => {
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

  it('registration without UV', async () => {
    const r = await register(w, new SoftAuthenticator({ origin: w.origin }), 'bob', 'bob@example.org', { userVerified: false });
    assert.equal(r.status, 420);
    assert.match(String(r.body.message), /User verification/);
  });

  it('login without UV is refused; without user presence too; with UV it works', async () => {
    assert.equal((await loginWithKey(w, key, { accountName: 'alice', bend: { userVerified: false } })).status, 401);
    assert.match(await lastFailureReasons(w), /User verification required/);
    assert.equal((await loginWithKey(w, key, { accountName: 'alice', bend: { userPresent: false, userVerified: false } })).status, 401);
    await ok(loginWithKey(w, key, { accountName: 'alice' }));
  });

  it('with user verification PREFERRED a login without UV is accepted', async () => {
    await ok(saveSettings(w.url, w.root, { iamFidoUserVerification: 'PREFERRED' }));
    await ok(loginWithKey(w, key, { accountName: 'alice', bend: { userVerified: false } }));
  });
});
