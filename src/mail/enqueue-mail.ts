import type { SecretBox } from '../crypto/secret-box.js';
import type { Store } from '../store/index.js';
import { insertOutboxMail } from './store/outbox.js';
import type { MailToSend } from './send-mail.js';

/**
 * Puts a mail into the outbox (the only way Keyward sends mail). Call it inside the transaction that makes the
 * mail true (e.g. with the registration row), so a mail exists exactly when its cause does; the outbox worker
 * sends it and retries until the SMTP server takes it. The body is sealed at rest: it may carry a confirmation link.
 */
export async function enqueueMail(db: Store['db'], secrets: SecretBox, purpose: string, mail: MailToSend, now: number): Promise<number> {
  if (mail.to.length === 0) throw new TypeError('enqueueMail: a mail needs at least one recipient');
  return insertOutboxMail(db, {
    purpose, to: mail.to, cc: mail.cc, bcc: mail.bcc, subject: mail.subject, sealedBody: secrets.encrypt(mail.body),
    contentType: mail.contentType, priority: mail.priority,
  }, now);
}
