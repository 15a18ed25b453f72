import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { runPrepared } from '../prepared-query.js';

type Db = Kysely<Database>;

/** One service's verdict during a login (spec §1.12 details); `code` is the stable failure code. */
export interface LoginTraceEntry { identityServiceName: string; message: string; code?: string | undefined }

export interface LoginHistoryEntry {
  id: number;
  accountName: string;
  serviceName: string | null;
  loginDate: number;
  success: boolean;
  callerIp: string;
  details: LoginTraceEntry[];
}

export async function insertLoginHistory(db: Db, e: Omit<LoginHistoryEntry, 'id'>): Promise<void> {
  const row = {
    account_name: e.accountName, service_name: e.serviceName, login_date: e.loginDate, success: e.success ? 1 : 0,
    caller_ip: e.callerIp, details: JSON.stringify(e.details),
  };
  await runPrepared(db, 'insertLoginHistory', Object.values(row), () => db.insertInto('login_history').values(row));
}

export async function listLoginHistory(db: Db, f: { accountName?: string | undefined; dateFrom?: number | undefined; dateTo?: number | undefined; success?: boolean | undefined; limit: number }): Promise<LoginHistoryEntry[]> {
  let q = db.selectFrom('login_history').selectAll();
  if (f.accountName !== undefined) q = q.where('account_name', '=', f.accountName);
  if (f.dateFrom !== undefined) q = q.where('login_date', '>=', f.dateFrom);
  if (f.dateTo !== undefined) q = q.where('login_date', '<=', f.dateTo);
  if (f.success !== undefined) q = q.where('success', '=', f.success ? 1 : 0);
  const rows = await q.orderBy('login_date', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: r.id, accountName: r.account_name, serviceName: r.service_name, loginDate: r.login_date,
    success: r.success === 1, callerIp: r.caller_ip, details: JSON.parse(r.details) as LoginTraceEntry[],
  }));
}
