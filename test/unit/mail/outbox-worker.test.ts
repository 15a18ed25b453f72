import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { createSecretBox } from '../../../src/crypto/secret-box.js';
import { enqueueMail } from '../../../src/mail/enqueue-mail.js';
import { OutboxWorker, retryDelayMs } from '../../../src/mail/outbox-worker.js';
import type { MailToSend } from '../../../src/mail/send-mail.js';
import { listOutboxMails } from '../../../src/mail/store/outbox.js';
import { openStore, type Store } from '../../../src/store/index.js';

const noop = (): void => undefined;
const silentLog = { info: noop, warn: noop, error: noop, debug: noop, trace: noop, fatal: noop, child: () => silentLog, level: 'silent' } as unknown as FastifyBaseLogger;
const mail: MailToSend = { to: ['a@example.org'], cc: [], bcc: [], subject: 's', body: 'secret link', contentType: 'text/plain', priority: 'normal' };

describe('outbox worker', () => {
  let store: Store;
  const secrets = createSecretBox(randomBytes(32));
  let now = 1_000_000;
  before(async () => { store = await openStore(':memory:'); });
  after(async () => { await store.close(); });

  it('backoff doubles from 15 s and is capped at 30 min', () => {
    assert.deepEqual([1, 2, 3, 4].map(retryDelayMs), [15_000, 30_000, 60_000, 120_000]);
    assert.equal(retryDelayMs(50), 30 * 60_000);
  });

  it('keeps a failing mail with its error, retries only when due, seals the body, drops it once sent', async () => {
    let up = false;
    const sent: MailToSend[] = [];
    const worker = new OutboxWorker({
      store, secrets, config: { smtpUrl: 'smtp://127.0.0.1:1', mailFrom: undefined }, log: silentLog, now: () => now,
      send: async (_s, _b, m) => { if (!up) return { ok: false, error: 'ECONNREFUSED' }; sent.push(m); return { ok: true }; },
    });
    await enqueueMail(store.db, secrets, 'test', mail, now);
    const raw = await store.db.selectFrom('mail_outbox').select('body').executeTakeFirstOrThrow();
    assert.equal(raw.body.includes('secret link'), false, 'sealed at rest');
    assert.equal(await worker.runOnce(), 0);
    let [row] = await listOutboxMails(store.db, { undeliveredOnly: true, limit: 10 });
    assert.equal(row?.attempts, 1);
    assert.equal(row?.lastError, 'ECONNREFUSED');
    assert.equal(row?.nextAttemptAt, now + 15_000);
    up = true;
    now += 14_000;
    assert.equal(await worker.runOnce(), 0, 'not due yet');
    now += 1_000;
    assert.equal(await worker.runOnce(), 1);
    assert.equal(sent[0]?.body, 'secret link');
    [row] = await listOutboxMails(store.db, { undeliveredOnly: false, limit: 10 });
    assert.equal(row?.sentAt, now);
    assert.equal(row?.sealedBody, '', 'the body is gone once sent');
    assert.equal(await worker.runOnce(), 0, 'sent once only');
  });
});
