import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { lastFailureReasons, loginWithKey, ok, onboard, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack: a cloned authenticator. Its signature counter lags behind the original's, so the server, which stores
// the highest counter seen, refuses a counter that does not increase (WebAuthn §6.1.1).
describe('FIDO signature counter regression is refused', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url });
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('a counter that stays or goes back is refused; a higher one works', async () => {
    const key = new SoftAuthenticator({ origin: w.origin });
    await onboard(w, smtp, key, 'alice', 'alice@example.org');
    await ok(loginWithKey(w, key, { accountName: 'alice', bend: { counter: 5 } }));
    assert.equal((await loginWithKey(w, key, { accountName: 'alice', bend: { counter: 5 } })).status, 401);
    assert.match(await lastFailureReasons(w), /counter value 5 was lower than expected 5/);
    assert.equal((await loginWithKey(w, key, { accountName: 'alice', bend: { counter: 3 } })).status, 401);
    assert.match(await lastFailureReasons(w), /counter/);
    await ok(loginWithKey(w, key, { accountName: 'alice', bend: { counter: 6 } }));
  });

  it('authenticators without a counter (always 0) keep working', async () => {
    const key = new SoftAuthenticator({ origin: w.origin, counterStep: 0 });
    await onboard(w, smtp, key, 'bob', 'bob@example.org');
    await ok(loginWithKey(w, key, { accountName: 'bob' }));
    await ok(loginWithKey(w, key, { accountName: 'bob' }));
    // ...but once a counter was seen, 0 is a regression.
    await ok(loginWithKey(w, key, { accountName: 'bob', bend: { counter: 2 } }));
    assert.equal((await loginWithKey(w, key, { accountName: 'bob', bend: { counter: 0 } })).status, 401);
  });
});
