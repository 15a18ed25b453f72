import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { lastFailureReasons, loginWithKey, ok, onboard, register, saveSettings, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack: an authenticator (or a forged response) using a public key algorithm the service does not accept.
describe('FIDO public key algorithms outside the allow-list are refused', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url });
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('registration with RS256 when only ES256 is allowed; ES256 is accepted', async () => {
    await ok(saveSettings(w.url, w.root, { iamFidoAlgorithms: [-7] }));
    const r = await register(w, new SoftAuthenticator({ origin: w.origin, algorithm: -257 }), 'alice', 'alice@example.org');
    assert.equal(r.status, 420);
    assert.match(String(r.body.message), /public key alg "-257"/);
    await ok(register(w, new SoftAuthenticator({ origin: w.origin, algorithm: -7 }), 'alice', 'alice@example.org'));
  });

  it('a key whose algorithm was removed from the list later no longer logs in', async () => {
    await ok(saveSettings(w.url, w.root, {}));
    const ed = new SoftAuthenticator({ origin: w.origin, algorithm: -8 });
    await onboard(w, smtp, ed, 'bob', 'bob@example.org');
    await ok(loginWithKey(w, ed, { accountName: 'bob' }));
    await ok(saveSettings(w.url, w.root, { iamFidoAlgorithms: [-7, -257] }));
    assert.equal((await loginWithKey(w, ed, { accountName: 'bob' })).status, 401);
    assert.match(await lastFailureReasons(w), /algorithm -8 is no longer allowed/);
  });
});
