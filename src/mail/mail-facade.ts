import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/index.js';
import { enqueueMail } from './enqueue-mail.js';
import { OutboxWorker } from './outbox-worker.js';
import { smtpSettingsFromConfig } from './smtp-settings.js';
import type { MailToSend } from './send-mail.js';

/** What other capabilities use to send mail: queue inside their transaction, then kick the worker after commit. */
export interface MailFacade {
  enqueue(db: Store['db'], purpose: string, mail: MailToSend): Promise<number>;
  /** Starts a send pass now (after the enqueueing transaction committed). */
  kick(): void;
  readonly worker: OutboxWorker;
}

declare module 'fastify' {
  interface FastifyInstance {
    keywardMail: MailFacade;
  }
}

/** Creates this instance's outbox worker, decorates the app with the facade and stops the worker on close. */
export function installMail(app: FastifyInstance): MailFacade {
  const kw = app.kw;
  // A malformed KEYWARD_SMTP_URL is a configuration mistake: refuse to start (TypeError) instead of failing each mail.
  smtpSettingsFromConfig(kw.config, kw.secrets);
  const worker = new OutboxWorker({ store: kw.store, secrets: kw.secrets, config: kw.config, log: kw.log, now: kw.now });
  const facade: MailFacade = {
    enqueue: (db, purpose, mail) => enqueueMail(db, kw.secrets, purpose, mail, kw.now()),
    kick: () => worker.kick(),
    worker,
  };
  app.decorate('keywardMail', facade);
  app.addHook('onReady', async () => { worker.start(); });
  app.addHook('onClose', async () => { await worker.stop(); });
  return facade;
}
