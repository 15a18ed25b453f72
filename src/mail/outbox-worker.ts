import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/index.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Store } from '../store/index.js';
import { sendMail, type SendResult, type MailToSend } from './send-mail.js';
import { readSmtpSettings, type SmtpSettings } from './smtp-settings.js';
import { claimDueMails, markMailFailed, markMailSent, purgeSentMails } from './store/outbox.js';

/** Delay before the next attempt after `attempts` failures: 15 s, 30 s, 1 min, ... capped at 30 min; never gives up. */
export function retryDelayMs(attempts: number): number {
  return Math.min(15_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

const LOCK_MS = 2 * 60_000;
const KEEP_SENT_MS = 7 * 24 * 3_600_000;

export interface OutboxWorkerDeps {
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly config: Pick<Config, 'smtpUrl' | 'mailFrom'>;
  readonly log: FastifyBaseLogger;
  /** The clock that decides when a mail is due (tests move it instead of sleeping). */
  readonly now: () => number;
  /** Test seam: how a mail reaches the SMTP server. */
  readonly send?: (settings: SmtpSettings, secrets: SecretBox, mail: MailToSend) => Promise<SendResult>;
}

/**
 * Sends the outbox: on `kick()` (a mail was queued) and every `pollMs` (retries that became due, mails queued by
 * other instances). One pass at a time per instance; rows are claimed with a lock, so instances can share one
 * outbox. Failures are recorded on the row (shown in the undelivered-mail view) and retried with backoff.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: OutboxWorkerDeps, private readonly pollMs = 2000) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.running;
  }

  /** Runs a pass now (or right after the current one). */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== undefined) { this.again = true; return; }
    this.running = this.runOnce()
      .then(() => undefined, (err: unknown) => { this.deps.log.warn({ err }, 'mail outbox pass failed'); })
      .finally(() => {
        this.running = undefined;
        if (this.again) { this.again = false; this.kick(); }
      });
  }

  /** One pass: claim due mails and try each once. Resolves with the number sent. */
  async runOnce(): Promise<number> {
    const { store, secrets, log } = this.deps;
    const now = this.deps.now();
    const batch = await claimDueMails(store.db, now, LOCK_MS, 20);
    if (batch.length === 0) return 0;
    const { settings } = await readSmtpSettings(store, secrets, this.deps.config);
    const send = this.deps.send ?? sendMail;
    let sent = 0;
    for (const m of batch) {
      let result: SendResult;
      try {
        result = await send(settings, secrets, { to: m.to, cc: m.cc, bcc: m.bcc, subject: m.subject, body: secrets.decrypt(m.sealedBody), contentType: m.contentType, priority: m.priority });
      } catch (err) {
        result = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      const at = this.deps.now();
      if (result.ok) {
        await markMailSent(store.db, m.id, at);
        sent++;
        log.info({ mailId: m.id, purpose: m.purpose }, 'mail sent');
      } else {
        const next = at + retryDelayMs(m.attempts + 1);
        await markMailFailed(store.db, m, at, result.error, next);
        log.warn({ mailId: m.id, purpose: m.purpose, attempts: m.attempts + 1, error: result.error }, 'mail not sent; will retry');
      }
    }
    await purgeSentMails(store.db, now - KEEP_SENT_MS);
    return sent;
  }
}
