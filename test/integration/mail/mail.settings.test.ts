import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { startKeyward } from '../../support/keyward-server.js';
import { call, ok, register, startFidoWorld, type FidoWorld } from '../fido/fido-world.js';

// SMTP settings default from KEYWARD_SMTP_URL and are edited by administrators; the password is sealed at rest and
// never returned.
describe('SMTP settings', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  before(async () => {
    smtp = await startSmtp({ password: 'the-right-one' });
    // The environment gives a wrong password: mails fail until an administrator fixes it.
    w = await startFidoWorld({ smtpUrl: `smtp://keyward:wrong@127.0.0.1:${smtp.port}` });
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('shows the environment defaults without the password', async () => {
    const r = await ok(call(w.url, '/joc/api/mail/settings', { token: w.root, body: {} }));
    assert.deepEqual(r.body.settings, {
      source: 'environment', host: '127.0.0.1', port: smtp.port, security: 'opportunistic', user: 'keyward', password: '********',
      from: 'Keyward <keyward@example.org>', rejectUnauthorized: true,
    });
    const test = await ok(call(w.url, '/joc/api/mail/settings/test', { token: w.root, body: {} }));
    assert.equal(test.body.ok, false);
  });

  it('an administrator fixes the password; queued mail is then delivered; the password is sealed in the database', async () => {
    await ok(register(w, new SoftAuthenticator({ origin: w.origin }), 'alice', 'alice@example.org'));
    await ok(call(w.url, '/joc/api/mail/settings/store', { token: w.root, body: { host: '127.0.0.1', port: smtp.port, security: 'opportunistic', user: 'keyward', password: 'the-right-one', from: 'iam@example.org' } }));
    const mail = await smtp.waitForMail((m) => m.to.includes('alice@example.org'));
    assert.equal(mail.from, 'iam@example.org');
    const stored = await w.kw.server.app.kw.store.db.selectFrom('settings').select('item').where('scope', '=', 'MAIL').where('name', '=', 'smtp').executeTakeFirstOrThrow();
    assert.equal(stored.item.includes('the-right-one'), false);
    assert.match(stored.item, /enc:v1:/);
    const shown = await ok(call(w.url, '/joc/api/mail/settings', { token: w.root, body: {} }));
    assert.equal((shown.body.settings as Record<string, unknown>).password, '********');
    assert.equal((shown.body.settings as Record<string, unknown>).source, 'database');
    // "********" keeps the password.
    await ok(call(w.url, '/joc/api/mail/settings/store', { token: w.root, body: { host: '127.0.0.1', port: smtp.port, security: 'opportunistic', user: 'keyward', password: '********', from: 'iam@example.org' } }));
    assert.equal((await ok(call(w.url, '/joc/api/mail/settings/test', { token: w.root, body: { to: 'admin@example.org' } }))).body.ok, true);
    await smtp.waitForMail((m) => m.to.includes('admin@example.org'));
  });

  it('rejects bad values and callers without settings permissions', async () => {
    const bad = await call(w.url, '/joc/api/mail/settings/store', { token: w.root, body: { host: 'smtp.example.org', port: 25, security: 'opportunistic', from: 'not an address' } });
    assert.equal(bad.status, 420);
    assert.equal((await call(w.url, '/joc/api/mail/settings', { body: {} })).status, 401);
  });

  it('a malformed KEYWARD_SMTP_URL stops the server at startup', async () => {
    await assert.rejects(startKeyward({ env: { KEYWARD_SMTP_URL: 'mail.example.org:25' } }), (e: Error) => e instanceof TypeError && /KEYWARD_SMTP_URL/.test(e.message));
  });
});
