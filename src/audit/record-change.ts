import { insertAudit, type Store } from '../store/index.js';

/** Optional `auditLog` block of every mutating JS7 request (spec §1.0). */
export interface AuditLogInput {
  comment?: string | undefined;
  timeSpent?: number | undefined;
  ticketLink?: string | undefined;
}

/**
 * Writes one entry to the change audit (category IDENTITY as in JS7). `details` must never hold a password or a
 * secret: callers pass names and flags only.
 */
export async function recordChange(store: Store, entry: {
  account: string; request: string; summary: string; details?: unknown; auditLog?: AuditLogInput | undefined; now: number;
}): Promise<void> {
  await insertAudit(store.db, {
    created: entry.now, accountName: entry.account, category: 'IDENTITY', request: entry.request, summary: entry.summary,
    details: entry.details, comment: entry.auditLog?.comment ?? null, ticketLink: entry.auditLog?.ticketLink ?? null,
    timeSpent: entry.auditLog?.timeSpent ?? null,
  });
}
