import type { Generated } from 'kysely';

/** Row type of the mail outbox (migration 0003_mail_outbox). */
export interface MailOutboxTable {
  id: Generated<number>;
  /** What the mail is for (e.g. `fido-confirm`), for the undelivered-mail view. */
  purpose: string;
  /** JSON arrays of addresses. */
  recipients: string;
  cc: string;
  bcc: string;
  subject: string;
  /** Sealed with the secret box: confirmation links are credentials. Emptied once the mail is sent. */
  body: string;
  content_type: string;
  priority: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  locked_until: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
  sent_at: number | null;
}

declare module '../../store/schema.js' {
  interface Database {
    mail_outbox: MailOutboxTable;
  }
}
