import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { keyColumns, keyFromColumns, type KeyMaterial } from './key-material.js';
import type { FidoRegistrationTable } from './tables.js';

type Db = Kysely<Database>;

/** A pending registration request (spec §1.10 "pending requests"): verified key, waiting for approval. */
export interface FidoRegistration {
  readonly id: number;
  readonly serviceId: number;
  readonly accountName: string;
  readonly email: string;
  readonly key: KeyMaterial;
  readonly confirmed: boolean;
  readonly deferred: boolean;
  readonly createdAt: number;
  readonly confirmedAt: number | null;
  readonly tokenExpiresAt: number;
}

function toRegistration(r: Selectable<FidoRegistrationTable>): FidoRegistration {
  return {
    id: r.id, serviceId: r.service_id, accountName: r.account_name, email: r.email, key: keyFromColumns(r),
    confirmed: r.confirmed === 1, deferred: r.deferred === 1, createdAt: r.created_at, confirmedAt: r.confirmed_at,
    tokenExpiresAt: r.token_expires_at,
  };
}

export const emailKey = (email: string): string => email.trim().toLowerCase();

export async function insertRegistration(db: Db, r: { serviceId: number; accountName: string; email: string; key: KeyMaterial; tokenHash: string; tokenExpiresAt: number }, now: number): Promise<FidoRegistration> {
  const row = await db.insertInto('fido_registrations').values({
    service_id: r.serviceId, account_name: r.accountName, email: r.email, email_key: emailKey(r.email), ...keyColumns(r.key),
    token_hash: r.tokenHash, token_expires_at: r.tokenExpiresAt, confirmed: 0, deferred: 0, created_at: now, confirmed_at: null,
  }).returningAll().executeTakeFirstOrThrow();
  return toRegistration(row);
}

/** A registration that already holds this account name or e-mail address (one of each per service). */
export async function findConflictingRegistration(db: Db, serviceId: number, accountName: string, email: string): Promise<FidoRegistration | undefined> {
  const row = await db.selectFrom('fido_registrations').selectAll().where('service_id', '=', serviceId)
    .where((eb) => eb.or([eb('account_name', '=', accountName), eb('email_key', '=', emailKey(email))]))
    .executeTakeFirst();
  return row && toRegistration(row);
}

export async function findRegistration(db: Db, serviceId: number, accountName: string): Promise<FidoRegistration | undefined> {
  const row = await db.selectFrom('fido_registrations').selectAll().where('service_id', '=', serviceId).where('account_name', '=', accountName).executeTakeFirst();
  return row && toRegistration(row);
}

export async function registrationWithCredential(db: Db, serviceId: number, credentialId: string): Promise<boolean> {
  const row = await db.selectFrom('fido_registrations').select('id').where('service_id', '=', serviceId).where('credential_id', '=', credentialId).executeTakeFirst();
  return row !== undefined;
}

export async function listRegistrations(db: Db, serviceId: number, f: { accountName?: string | undefined; deferred?: boolean | undefined; confirmed?: boolean | undefined }): Promise<FidoRegistration[]> {
  let q = db.selectFrom('fido_registrations').selectAll().where('service_id', '=', serviceId);
  if (f.accountName !== undefined) q = q.where('account_name', '=', f.accountName);
  if (f.deferred !== undefined) q = q.where('deferred', '=', f.deferred ? 1 : 0);
  if (f.confirmed !== undefined) q = q.where('confirmed', '=', f.confirmed ? 1 : 0);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toRegistration);
}

/** Marks the registration whose token hashes to `tokenHash` as confirmed (idempotent); undefined if none or expired. */
export async function confirmRegistrationByToken(db: Db, tokenHash: string, now: number): Promise<{ registration: FidoRegistration; newlyConfirmed: boolean } | undefined> {
  const row = await db.selectFrom('fido_registrations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.confirmed === 1) return { registration: toRegistration(row), newlyConfirmed: false };
  if (row.token_expires_at < now) return undefined;
  const updated = await db.updateTable('fido_registrations').set({ confirmed: 1, confirmed_at: now })
    .where('id', '=', row.id).where('confirmed', '=', 0).executeTakeFirst();
  return { registration: { ...toRegistration(row), confirmed: true, confirmedAt: now }, newlyConfirmed: Number(updated.numUpdatedRows) === 1 };
}

export async function setRegistrationsDeferred(db: Db, serviceId: number, accountNames: readonly string[], deferred: boolean): Promise<number> {
  if (accountNames.length === 0) return 0;
  const r = await db.updateTable('fido_registrations').set({ deferred: deferred ? 1 : 0 })
    .where('service_id', '=', serviceId).where('account_name', 'in', accountNames).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function deleteRegistrations(db: Db, serviceId: number, accountNames: readonly string[]): Promise<number> {
  if (accountNames.length === 0) return 0;
  const r = await db.deleteFrom('fido_registrations').where('service_id', '=', serviceId).where('account_name', 'in', accountNames).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Whether an account of the service already uses this e-mail address (case-insensitive). */
export async function accountWithEmail(db: Db, serviceId: number, email: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where('service_id', '=', serviceId)
    .where((eb) => eb(eb.fn('lower', [eb.ref('email')]), '=', emailKey(email))).executeTakeFirst();
  return row !== undefined;
}
