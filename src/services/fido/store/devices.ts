import type { Kysely } from 'kysely';
import type { Database } from '../../../store/schema.js';
import { keyColumns, keyFromColumns, type KeyMaterial } from './key-material.js';

type Db = Kysely<Database>;

/** An approved security key of an account (spec §0 IAM_FIDO2_DEVICES). */
export interface FidoDevice {
  readonly id: number;
  readonly serviceId: number;
  readonly accountId: number;
  readonly accountName: string;
  readonly accountDisabled: boolean;
  readonly name: string;
  readonly key: KeyMaterial;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

const columns = [
  'fido_devices.id', 'fido_devices.service_id', 'fido_devices.account_id', 'accounts.name as account_name', 'accounts.disabled as account_disabled',
  'fido_devices.name', 'fido_devices.credential_id', 'fido_devices.public_key', 'fido_devices.algorithm',
  'fido_devices.counter', 'fido_devices.transports', 'fido_devices.aaguid', 'fido_devices.user_handle',
  'fido_devices.user_verified', 'fido_devices.backup_eligible', 'fido_devices.backed_up', 'fido_devices.origin',
  'fido_devices.rp_id', 'fido_devices.created_at', 'fido_devices.last_used_at',
] as const;

function base(db: Db) {
  return db.selectFrom('fido_devices').innerJoin('accounts', 'accounts.id', 'fido_devices.account_id').select(columns);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toDevice(r: Row): FidoDevice {
  return {
    id: r.id, serviceId: r.service_id, accountId: r.account_id, accountName: r.account_name, accountDisabled: r.account_disabled === 1, name: r.name,
    key: keyFromColumns(r), createdAt: r.created_at, lastUsedAt: r.last_used_at,
  };
}

export async function insertDevice(db: Db, d: { serviceId: number; accountId: number; name: string; key: KeyMaterial }, now: number): Promise<void> {
  await db.insertInto('fido_devices').values({
    service_id: d.serviceId, account_id: d.accountId, name: d.name, ...keyColumns(d.key), created_at: now, last_used_at: null,
  }).execute();
}

export async function findDeviceByCredentialId(db: Db, serviceId: number, credentialId: string): Promise<FidoDevice | undefined> {
  const row = await base(db).where('fido_devices.service_id', '=', serviceId).where('fido_devices.credential_id', '=', credentialId).executeTakeFirst();
  return row && toDevice(row);
}

export async function listDevicesOfAccount(db: Db, accountId: number): Promise<FidoDevice[]> {
  return (await base(db).where('fido_devices.account_id', '=', accountId).orderBy('fido_devices.created_at').orderBy('fido_devices.id').execute()).map(toDevice);
}

export async function countDevicesOfAccount(db: Db, accountId: number): Promise<number> {
  const r = await db.selectFrom('fido_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Stores the new signature counter only if it went up (compare-and-set): two logins racing with a cloned
 * authenticator cannot both move it. Counters that stay 0 (authenticators without one) are allowed to stay 0.
 */
export async function advanceDeviceCounter(db: Db, id: number, previous: number, next: number, now: number): Promise<boolean> {
  let q = db.updateTable('fido_devices').set({ counter: next, last_used_at: now }).where('id', '=', id).where('counter', '=', previous);
  if (!(next === 0 && previous === 0)) q = q.where('counter', '<', next);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function renameDevice(db: Db, accountId: number, credentialId: string, name: string): Promise<boolean> {
  const r = await db.updateTable('fido_devices').set({ name }).where('account_id', '=', accountId).where('credential_id', '=', credentialId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteDevices(db: Db, accountId: number, credentialIds: readonly string[]): Promise<number> {
  if (credentialIds.length === 0) return 0;
  const r = await db.deleteFrom('fido_devices').where('account_id', '=', accountId).where('credential_id', 'in', credentialIds).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deviceWithCredential(db: Db, serviceId: number, credentialId: string): Promise<boolean> {
  const row = await db.selectFrom('fido_devices').select('id').where('service_id', '=', serviceId).where('credential_id', '=', credentialId).executeTakeFirst();
  return row !== undefined;
}
