import type { Kysely } from 'kysely';
import { idColumn, isPostgres } from '../migration-helpers.js';

/**
 * Outbox of notification mails (mail/store/tables.ts): a mail is a row first and is sent by the outbox worker,
 * retried with backoff while the SMTP server is unreachable, so nothing is lost. `locked_until` lets several
 * instances share one outbox without sending a mail twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.createTable('mail_outbox')
    .addColumn('id', idColumn(pg), (c) => c.primaryKey().$call((b) => (pg ? b : b.autoIncrement())))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('cc', 'text', (c) => c.notNull())
    .addColumn('bcc', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('mail_outbox_due_idx').on('mail_outbox').columns(['sent_at', 'next_attempt_at']).execute();
}
