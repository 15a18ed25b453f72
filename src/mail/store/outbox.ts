import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { MailOutboxTable } from './tables.js';

type Db = Kysely<Database>;

/** A queued mail as the outbox worker and the undelivered-mail view see it (body still sealed). */
export interface OutboxMail {
  readonly id: number;
  readonly purpose: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly sealedBody: string;
  readonly contentType: 'text/html' | 'text/plain';
  readonly priority: 'high' | 'normal' | 'low';
  readonly createdAt: number;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: number | null;
  readonly sentAt: number | null;
}

function toMail(r: Selectable<MailOutboxTable>): OutboxMail {
  return {
    id: r.id, purpose: r.purpose, to: JSON.parse(r.recipients) as string[], cc: JSON.parse(r.cc) as string[],
    bcc: JSON.parse(r.bcc) as string[], subject: r.subject, sealedBody: r.body,
    contentType: r.content_type === 'text/plain' ? 'text/plain' : 'text/html',
    priority: r.priority === 'high' || r.priority === 'low' ? r.priority : 'normal',
    createdAt: r.created_at, attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error,
    lastAttemptAt: r.last_attempt_at, sentAt: r.sent_at,
  };
}

export interface NewOutboxMail {
  purpose: string;
  to: readonly string[];
  cc: readonly string[];
  bcc: readonly string[];
  subject: string;
  sealedBody: string;
  contentType: 'text/html' | 'text/plain';
  priority: 'high' | 'normal' | 'low';
}

export async function insertOutboxMail(db: Db, m: NewOutboxMail, now: number): Promise<number> {
  const row = await db.insertInto('mail_outbox').values({
    purpose: m.purpose, recipients: JSON.stringify(m.to), cc: JSON.stringify(m.cc), bcc: JSON.stringify(m.bcc),
    subject: m.subject, body: m.sealedBody, content_type: m.contentType, priority: m.priority, created_at: now,
    attempts: 0, next_attempt_at: now, locked_until: null, last_error: null, last_attempt_at: null, sent_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claims up to `limit` due, unsent mails for `lockMs` with a compare-and-set per row, so two instances polling the
 * same outbox never send one mail twice (a crashed sender's lock simply runs out).
 */
export async function claimDueMails(db: Db, now: number, lockMs: number, limit: number): Promise<OutboxMail[]> {
  const due = await db.selectFrom('mail_outbox').select('id')
    .where('sent_at', 'is', null).where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
  const claimed: OutboxMail[] = [];
  for (const { id } of due) {
    const row = await db.updateTable('mail_outbox').set({ locked_until: now + lockMs })
      .where('id', '=', id).where('sent_at', 'is', null)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .returningAll().executeTakeFirst();
    if (row !== undefined) claimed.push(toMail(row));
  }
  return claimed;
}

/** The body is dropped once sent: it may hold a confirmation link, which must not outlive its purpose. */
export async function markMailSent(db: Db, id: number, now: number): Promise<void> {
  await db.updateTable('mail_outbox').set((eb) => ({
    sent_at: now, body: '', locked_until: null, last_attempt_at: now, last_error: null, attempts: eb('attempts', '+', 1),
  })).where('id', '=', id).execute();
}

/**
 * Records a failed attempt and schedules the next one — unless somebody asked for a retry while this attempt ran
 * (`next_attempt_at` no longer what was claimed, e.g. new SMTP settings): that request wins over the backoff.
 */
export async function markMailFailed(db: Db, mail: Pick<OutboxMail, 'id' | 'nextAttemptAt'>, now: number, error: string, nextAttemptAt: number): Promise<void> {
  await db.updateTable('mail_outbox').set((eb) => ({
    locked_until: null, last_attempt_at: now, last_error: error.slice(0, 1000), attempts: eb('attempts', '+', 1),
  })).where('id', '=', mail.id).execute();
  await db.updateTable('mail_outbox').set({ next_attempt_at: nextAttemptAt })
    .where('id', '=', mail.id).where('next_attempt_at', '=', mail.nextAttemptAt).execute();
}

export async function listOutboxMails(db: Db, f: { undeliveredOnly: boolean; limit: number }): Promise<OutboxMail[]> {
  let q = db.selectFrom('mail_outbox').selectAll();
  if (f.undeliveredOnly) q = q.where('sent_at', 'is', null);
  return (await q.orderBy('id', 'desc').limit(f.limit).execute()).map(toMail);
}

/** Makes unsent mails due now (an administrator fixed the SMTP settings and does not want to wait for the backoff). */
export async function makeMailsDue(db: Db, ids: readonly number[] | 'all', now: number): Promise<number> {
  let q = db.updateTable('mail_outbox').set({ next_attempt_at: now }).where('sent_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', ids);
  }
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

export async function deleteOutboxMails(db: Db, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return Number((await db.deleteFrom('mail_outbox').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
}

/** Sent mails are kept a while (the view shows recent deliveries), then removed. */
export async function purgeSentMails(db: Db, sentBefore: number): Promise<void> {
  await db.deleteFrom('mail_outbox').where('sent_at', 'is not', null).where('sent_at', '<', sentBefore).execute();
}
