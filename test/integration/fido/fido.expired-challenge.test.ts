import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { assertion, finishRegistration, lastFailureReasons, loginWith, ok, onboard, startFidoWorld, startRegistration, type FidoWorld } from './fido-world.js';

// Attack: a response captured (or phished) earlier is used after the ceremony's time ran out. The clock is moved,
// not waited for; the service timeout is 60 s (the default).
describe('FIDO expired challenges are refused', () => {
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

  it('a login answered within the timeout works; the same after the timeout is refused', async () => {
    const inTime = await assertion(w, key, { accountName: 'alice' });
    w.advanceClock(59_000);
    await ok(loginWith(w, inTime));
    const late = await assertion(w, key, { accountName: 'alice' });
    w.advanceClock(61_000);
    assert.equal((await loginWith(w, late)).status, 401);
    assert.match(await lastFailureReasons(w), /challenge has expired/);
  });

  it('a registration finished after the timeout is refused', async () => {
    const other = new SoftAuthenticator({ origin: w.origin });
    const { options } = await startRegistration(w, 'bob', 'bob@example.org');
    w.advanceClock(61_000);
    const r = await finishRegistration(w, 'bob', 'bob@example.org', other.createCredential(options));
    assert.equal(r.status, 420);
    assert.match(String(r.body.message), /expired/);
  });
});
