import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { call, ok, register, startFidoWorld, type FidoWorld } from '../fido/fido-world.js';

interface OutboxItem { id: number; to: string[]; subject: string; attempts: number; lastError?: string; delivered: boolean; purpose: string }

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Nothing is lost while the SMTP server is down: the mail waits in the outbox, the failure is visible to
// administrators, and it is delivered once the server is back (after the backoff, here by moving the clock).
describe('mail outbox while the SMTP server is down', () => {
  let port: number;
  let w: FidoWorld;
  let smtp: SmtpFixture | undefined;
  const undelivered = async (): Promise<OutboxItem[]> => (await ok(call(w.url, '/joc/api/mail/outbox', { token: w.root, body: {} }))).body.mails as OutboxItem[];

  before(async () => {
    port = await freePort();
    w = await startFidoWorld({ smtpUrl: `smtp://keyward:smtp-secret@127.0.0.1:${port}` });
  });
  after(async () => { await w.stop(); await smtp?.stop(); });

  it('the registration succeeds, the mail is kept with its error, and is delivered after the server comes back', async () => {
    await ok(register(w, new SoftAuthenticator({ origin: w.origin }), 'alice', 'alice@example.org'));
    const failed = await eventually('a failed attempt', async () => (await undelivered()).find((m) => m.attempts >= 1));
    assert.deepEqual(failed.to, ['alice@example.org']);
    assert.equal(failed.purpose, 'fido-confirm');
    assert.match(failed.lastError ?? '', /ECONNREFUSED/);
    assert.equal(JSON.stringify(failed).includes('email_verify'), false, 'the view never shows the body (it holds the link)');

    smtp = await startSmtp({ port });
    // Not yet due: the backoff holds it back although the server is up.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(smtp.inbox.length, 0);
    w.advanceClock(20_000);
    const mail = await smtp.waitForMail((m) => m.to.includes('alice@example.org'), 15_000);
    assert.match(mail.subject, /confirm/i);
    await eventually('an empty outbox', async () => ((await undelivered()).length === 0 ? true : undefined));
    const all = (await ok(call(w.url, '/joc/api/mail/outbox', { token: w.root, body: { undeliveredOnly: false } }))).body.mails as OutboxItem[];
    assert.equal(all.find((m) => m.id === failed.id)?.delivered, true);
  });

  it('an administrator can retry right away instead of waiting for the backoff', async () => {
    await smtp?.stop();
    await ok(register(w, new SoftAuthenticator({ origin: w.origin }), 'bob', 'bob@example.org'));
    await eventually('a failed attempt', async () => (await undelivered()).find((m) => m.to.includes('bob@example.org') && m.attempts >= 1));
    smtp = await startSmtp({ port });
    const r = await ok(call(w.url, '/joc/api/mail/outbox/retry', { token: w.root, body: {} }));
    assert.equal(r.body.count, 1);
    await smtp.waitForMail((m) => m.to.includes('bob@example.org'), 10_000);
  });
});
