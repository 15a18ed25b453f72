import type { FastifyInstance } from 'fastify';
import { recordChange, type AuditLogInput } from '../../audit/record-change.js';
import { KeywardError } from '../../errors/index.js';
import {
  blockAccount, listAudit, listBlockedAccounts, listLoginHistory, unblockAccounts,
} from '../../store/index.js';
import { MANAGE_ACCOUNTS, VIEW_ACCOUNTS, VIEW_AUDIT_LOG } from '../context.js';
import { defineRoute } from '../define-route.js';
import { delivered, iso, ok, sessionOf } from '../reply-helpers.js';
import { accountName, auditLog, bool, date, limit, name, names, object, optionalText, toEpochMs } from '../schemas.js';

export function sessionAndAuditRoutes(app: FastifyInstance): void {
  const kw = app.kw;

  // --- blocklist (spec §1.9): global by account name ------------------------------------------------------------
  defineRoute<{ accountName?: string; dateFrom?: string | number; dateTo?: string | number; limit?: number }>(app, {
    url: '/joc/api/iam/blockedAccounts', access: VIEW_ACCOUNTS, tags: ['blocklist'], summary: 'The global blocklist',
    body: object({ accountName, dateFrom: date, dateTo: date, timeZone: { type: 'string', maxLength: 100 }, limit }),
  }, async (_request, body) => {
    const rows = await listBlockedAccounts(kw.store.db, { accountName: body.accountName, dateFrom: toEpochMs(body.dateFrom), dateTo: toEpochMs(body.dateTo), limit: body.limit ?? 10000 });
    return delivered({ blockedAccounts: rows.map((b) => ({ accountName: b.accountName, comment: b.comment ?? undefined, since: iso(b.since) })) });
  });

  defineRoute<{ accountName: string; comment?: string; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/blockedAccount/store', access: MANAGE_ACCOUNTS, tags: ['blocklist'],
    summary: 'Block an account name in every identity service (its running sessions end)',
    body: object({ accountName, comment: optionalText, auditLog }, ['accountName']),
  }, async (request, body) => {
    const session = sessionOf(request);
    if (body.accountName === session.accountName) throw new KeywardError('KW_CONFLICT', 'You cannot block your own account', { field: 'accountName' });
    await blockAccount(kw.store.db, body.accountName, body.comment ?? null, kw.now());
    // Better than JS7 (spec §4.4): blocking ends the account's sessions at once, on every instance.
    await kw.sessions.endForAccounts([body.accountName]);
    await recordChange(kw.store, { account: session.accountName, request: request.url, now: kw.now(), summary: `blocked account ${body.accountName}`, auditLog: body.auditLog });
    return ok();
  });

  defineRoute<{ accountNames: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/blockedAccounts/delete', access: MANAGE_ACCOUNTS, tags: ['blocklist'], summary: 'Unblock account names',
    body: object({ accountNames: { ...names(accountName), minItems: 1 }, auditLog }, ['accountNames']),
  }, async (request, body) => {
    await unblockAccounts(kw.store.db, body.accountNames);
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now: kw.now(), summary: `unblocked ${body.accountNames.join(', ')}`, auditLog: body.auditLog });
    return ok();
  });

  // --- active sessions (spec §1.9) --------------------------------------------------------------------------------
  defineRoute<{ accountName?: string; limit?: number }>(app, {
    url: '/joc/api/iam/sessions', access: VIEW_ACCOUNTS, tags: ['sessions'], summary: 'Active sessions with their remaining idle time',
    body: object({ accountName, limit }),
  }, async (_request, body) => {
    const now = kw.now();
    const rows = await kw.sessions.list({ accountName: body.accountName, limit: body.limit ?? 10000 });
    const live = rows.map((s) => ({ s, left: Math.min(s.lastTouch + s.idleTimeoutMs - now, s.expiresAt === null ? Infinity : s.expiresAt - now) })).filter((x) => x.left > 0);
    return delivered({
      activeSessions: live.map(({ s, left }) => ({ id: s.id, accountName: s.accountName, identityService: s.identityService, timeout: left, callerIpAddress: s.callerIp, created: iso(s.createdAt), lastTouch: iso(s.lastTouch) })),
    });
  });

  defineRoute<{ accountNames?: string[]; ids?: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/sessions/cancel', access: MANAGE_ACCOUNTS, tags: ['sessions'], summary: 'End sessions by id or account name, on every instance',
    body: object({ accountNames: names(accountName), ids: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 10000 }, auditLog }),
  }, async (request, body) => {
    if ((body.accountNames ?? []).length === 0 && (body.ids ?? []).length === 0) {
      throw new KeywardError('KW_VALIDATION', 'Give accountNames or ids of the sessions to cancel', { field: 'ids' });
    }
    const ended = [...await kw.sessions.end(body.ids ?? []), ...await kw.sessions.endForAccounts(body.accountNames ?? [])];
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now: kw.now(), summary: `cancelled ${ended.length} session(s)`, details: { ids: ended, accountNames: body.accountNames }, auditLog: body.auditLog });
    return ok();
  });

  // --- login history (spec §1.12) and change audit ----------------------------------------------------------------
  defineRoute<{ accountName?: string; dateFrom?: string | number; dateTo?: string | number; success?: boolean; limit?: number }>(app, {
    url: '/joc/api/audit_log/login_history', access: VIEW_AUDIT_LOG, tags: ['audit'], summary: 'Login history with each service\'s message',
    body: object({ accountName: name, dateFrom: date, dateTo: date, timeZone: { type: 'string', maxLength: 100 }, success: bool, limit }),
  }, async (_request, body) => {
    const rows = await listLoginHistory(kw.store.db, { accountName: body.accountName, dateFrom: toEpochMs(body.dateFrom), dateTo: toEpochMs(body.dateTo), success: body.success, limit: body.limit ?? 5000 });
    return delivered({
      loginHistoryItems: rows.map((r) => ({
        accountName: r.accountName, loginDate: iso(r.loginDate), loginSuccess: r.success, callerIpAddress: r.callerIp,
        identityServiceName: r.serviceName ?? undefined,
        details: { loginHistoryItems: r.details.map((d) => ({ identityServiceName: d.identityServiceName, message: d.message, code: d.code })) },
      })),
    });
  });

  defineRoute<{ accountName?: string; dateFrom?: string | number; dateTo?: string | number; category?: string; limit?: number }>(app, {
    url: '/joc/api/audit_log', access: VIEW_AUDIT_LOG, tags: ['audit'], summary: 'The audit log of changes (newest first)',
    body: object({ accountName: name, dateFrom: date, dateTo: date, category: name, limit, timeZone: { type: 'string', maxLength: 100 } }),
  }, async (_request, body) => {
    const rows = await listAudit(kw.store.db, { accountName: body.accountName, dateFrom: toEpochMs(body.dateFrom), dateTo: toEpochMs(body.dateTo), category: body.category, limit: body.limit ?? 5000 });
    return delivered({
      auditLog: rows.map((r) => ({
        id: r.id, created: iso(r.created), account: r.accountName, request: r.request, category: r.category,
        summary: r.summary, details: r.details ?? undefined, comment: r.comment ?? undefined, ticketLink: r.ticketLink ?? undefined, timeSpent: r.timeSpent ?? undefined,
      })),
    });
  });
}
