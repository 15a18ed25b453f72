import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { SERVICE, approve, call, confirmFromMail, ok, register, saveSettings, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack: somebody registers with another person's e-mail address and hopes an administrator approves before the
// address owner could object. By default approval needs the confirmed address (spec §5.5: JS7 ignores it).
describe('FIDO approval before e-mail confirmation is refused by default', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url });
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('refused while unconfirmed, nothing created; accepted after the link was followed', async () => {
    await ok(register(w, new SoftAuthenticator({ origin: w.origin }), 'alice', 'alice@example.org'));
    const r = await approve(w, ['alice']);
    assert.equal(r.status, 420);
    assert.equal((r.body.error as { code: string }).code, 'KW_CONFLICT');
    assert.match(String(r.body.message), /not confirmed/);
    assert.equal((await call(w.url, '/joc/api/iam/account', { token: w.root, body: { identityServiceName: SERVICE, accountName: 'alice' } })).status, 420);
    await ok(confirmFromMail(w, smtp, 'alice@example.org'));
    await ok(approve(w, ['alice']));
  });

  it('an invalid or guessed token confirms nothing', async () => {
    await ok(register(w, new SoftAuthenticator({ origin: w.origin }), 'bob', 'bob@example.org'));
    const r = await call(w.url, '/joc/api/iam/fidoregistration/confirm', { body: { token: 'A'.repeat(43) } });
    assert.equal(r.status, 420);
    assert.equal((await approve(w, ['bob'])).status, 420);
  });

  it('an administrator may switch the requirement off for a service', async () => {
    await ok(register(w, new SoftAuthenticator({ origin: w.origin }), 'carol', 'carol@example.org'));
    await ok(saveSettings(w.url, w.root, { iamFidoRequireConfirmedEmail: false }));
    await ok(approve(w, ['carol']));
  });

  it('the requirement cannot be combined with switching the confirmation mail off', async () => {
    const r = await saveSettings(w.url, w.root, { iamFidoRequireConfirmedEmail: true, iamFidoEmailSettings: { sendMailToConfirm: false } });
    assert.equal(r.status, 420);
    assert.match(String(r.body.message), /sendMailToConfirm/);
  });
});
