import type { FastifyInstance } from 'fastify';
import { recordChange, type AuditLogInput } from '../../audit/record-change.js';
import { MANAGE_ACCOUNTS, MANAGE_SETTINGS, VIEW_ACCOUNTS, VIEW_SETTINGS } from '../../http/context.js';
import { defineRoute } from '../../http/define-route.js';
import { delivered, iso, ok, sessionOf } from '../../http/reply-helpers.js';
import { auditLog, bool, limit, object } from '../../http/schemas.js';
import { sendMail, verifySmtp } from '../send-mail.js';
import { SMTP_SECURITY, readSmtpSettings, redactSmtpSettings, writeSmtpSettings, type SmtpSettingsInput } from '../smtp-settings.js';
import { deleteOutboxMails, listOutboxMails, makeMailsDue } from '../store/outbox.js';

const text = (max: number) => ({ type: 'string', maxLength: max, pattern: '^[^<>\\r\\n]*$' }) as const;
const ids = { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 10000 } as const;

/**
 * Mail administration (Keyward extension; JS7 takes SMTP settings from a job resource): the global SMTP settings,
 * and the outbox so administrators see which notification mails are not delivered yet and why. Mail bodies are
 * never returned: they may hold confirmation links.
 */
export function mailRoutes(app: FastifyInstance): void {
  const kw = app.kw;

  defineRoute(app, {
    url: '/joc/api/mail/settings', access: VIEW_SETTINGS, tags: ['mail'],
    summary: 'SMTP settings of notification mails (password masked; source: database, environment or none)', body: object({}),
  }, async () => delivered({ settings: redactSmtpSettings(await readSmtpSettings(kw.store, kw.secrets, kw.config)) }));

  defineRoute<SmtpSettingsInput & { auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/mail/settings/store', access: MANAGE_SETTINGS, tags: ['mail'],
    summary: 'Store the SMTP settings; password "********" or absent keeps the stored one, "" removes it',
    body: object({
      host: text(255), port: { type: 'integer', minimum: 1, maximum: 65535 }, security: { type: 'string', enum: [...SMTP_SECURITY] },
      user: text(255), password: { type: 'string', maxLength: 1024 }, from: text(320), rejectUnauthorized: bool, auditLog,
    }, ['host', 'port', 'security', 'from']),
  }, async (request, body) => {
    const now = kw.now();
    await writeSmtpSettings(kw.store, kw.secrets, kw.config, body, now);
    await recordChange(kw.store, {
      account: sessionOf(request).accountName, request: request.url, now, auditLog: body.auditLog,
      summary: 'changed the SMTP settings', details: { host: body.host, port: body.port, security: body.security, user: body.user, passwordChanged: body.password !== undefined && body.password !== '********' },
    });
    // New settings: try what is waiting now instead of after its backoff.
    await makeMailsDue(kw.store.db, 'all', now);
    app.keywardMail.kick();
    return ok();
  });

  defineRoute<{ to?: string }>(app, {
    url: '/joc/api/mail/settings/test', access: MANAGE_SETTINGS, tags: ['mail'],
    summary: 'Connect to the SMTP server with the stored settings; with `to`, also send a test mail directly',
    body: object({ to: { type: 'string', maxLength: 320, pattern: '^[^<>\\s@]+@[^<>\\s@]+$' } }),
  }, async (_request, body) => {
    const { settings } = await readSmtpSettings(kw.store, kw.secrets, kw.config);
    const result = body.to === undefined ? await verifySmtp(settings, kw.secrets)
      : await sendMail(settings, kw.secrets, { to: [body.to], cc: [], bcc: [], subject: 'Keyward: test mail', body: 'This is a test mail from Keyward.', contentType: 'text/plain', priority: 'normal' });
    return delivered(result.ok ? { ok: true } : { ok: false, error: result.error });
  });

  defineRoute<{ undeliveredOnly?: boolean; limit?: number }>(app, {
    url: '/joc/api/mail/outbox', access: VIEW_ACCOUNTS, tags: ['mail'],
    summary: 'Queued notification mails, undelivered ones by default (recipients, subject, attempts, last error; never the body)',
    body: object({ undeliveredOnly: bool, limit }),
  }, async (_request, body) => {
    const mails = await listOutboxMails(kw.store.db, { undeliveredOnly: body.undeliveredOnly !== false, limit: body.limit ?? 1000 });
    return delivered({
      mails: mails.map((m) => ({
        id: m.id, purpose: m.purpose, to: m.to, cc: m.cc, subject: m.subject, created: iso(m.createdAt),
        attempts: m.attempts, nextAttempt: m.sentAt === null ? iso(m.nextAttemptAt) : undefined,
        lastAttempt: m.lastAttemptAt === null ? undefined : iso(m.lastAttemptAt), lastError: m.lastError ?? undefined,
        delivered: m.sentAt !== null, sent: m.sentAt === null ? undefined : iso(m.sentAt),
      })),
    });
  });

  defineRoute<{ ids?: number[] }>(app, {
    url: '/joc/api/mail/outbox/retry', access: MANAGE_ACCOUNTS, tags: ['mail'],
    summary: 'Retry undelivered mails now (all, or the given ids) instead of waiting for the backoff',
    body: object({ ids }),
  }, async (_request, body) => {
    const count = await makeMailsDue(kw.store.db, body.ids ?? 'all', kw.now());
    app.keywardMail.kick();
    return delivered({ ok: true, count });
  });

  defineRoute<{ ids: number[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/mail/outbox/delete', access: MANAGE_SETTINGS, tags: ['mail'],
    summary: 'Drop queued mails (they will not be sent)', body: object({ ids: { ...ids, minItems: 1 }, auditLog }, ['ids']),
  }, async (request, body) => {
    const now = kw.now();
    const count = await deleteOutboxMails(kw.store.db, body.ids);
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now, auditLog: body.auditLog, summary: `deleted ${count} queued mail(s)`, details: { ids: body.ids } });
    return delivered({ ok: true, count });
  });
}
