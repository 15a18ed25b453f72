import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

export interface AuditEntry {
  id: number;
  created: number;
  accountName: string;
  category: string;
  request: string;
  summary: string;
  details: unknown;
  comment: string | null;
  ticketLink: string | null;
  timeSpent: number | null;
}

export async function insertAudit(db: Db, e: Omit<AuditEntry, 'id'>): Promise<void> {
  await db.insertInto('audit_log').values({
    created: e.created, account_name: e.accountName, category: e.category, request: e.request, summary: e.summary,
    details: e.details === undefined ? null : JSON.stringify(e.details), comment: e.comment, ticket_link: e.ticketLink,
    time_spent: e.timeSpent,
  }).execute();
}

export async function listAudit(db: Db, f: { accountName?: string | undefined; dateFrom?: number | undefined; dateTo?: number | undefined; category?: string | undefined; limit: number }): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.accountName !== undefined) q = q.where('account_name', '=', f.accountName);
  if (f.category !== undefined) q = q.where('category', '=', f.category);
  if (f.dateFrom !== undefined) q = q.where('created', '>=', f.dateFrom);
  if (f.dateTo !== undefined) q = q.where('created', '<=', f.dateTo);
  const rows = await q.orderBy('created', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: r.id, created: r.created, accountName: r.account_name, category: r.category, request: r.request,
    summary: r.summary, details: r.details === null ? null : (JSON.parse(r.details) as unknown), comment: r.comment,
    ticketLink: r.ticket_link, timeSpent: r.time_spent,
  }));
}
