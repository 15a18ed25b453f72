import type { Kysely, Selectable } from 'kysely';
import type { Database, IdentityServiceTable } from '../schema.js';
import { invalidateLoginConfig } from '../../settings/login-config-cache.js';
import { SERVICE_TYPES, type AuthenticationScheme, type IdentityService, type ServiceType } from '../types.js';

type Db = Kysely<Database>;

function toService(row: Selectable<IdentityServiceTable>): IdentityService {
  return {
    id: row.id,
    name: row.name,
    // Unknown values in the database (e.g. retired SHIRO) are tolerated as read-only legacy rows.
    type: (SERVICE_TYPES as readonly string[]).includes(row.type) ? (row.type as ServiceType) : 'UNKNOWN',
    scheme: row.scheme === 'TWO-FACTOR' ? 'TWO-FACTOR' : 'SINGLE-FACTOR',
    secondFactorServiceId: row.second_factor_service_id,
    secondFactor: row.second_factor === 1,
    ordering: row.ordering,
    disabled: row.disabled === 1,
    required: row.required === 1,
  };
}

export async function listIdentityServices(db: Db): Promise<IdentityService[]> {
  const rows = await db.selectFrom('identity_services').selectAll().orderBy('ordering').orderBy('id').execute();
  return rows.map(toService);
}

export async function findIdentityService(db: Db, name: string): Promise<IdentityService | undefined> {
  const row = await db.selectFrom('identity_services').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toService(row);
}

export async function findIdentityServiceById(db: Db, id: number): Promise<IdentityService | undefined> {
  const row = await db.selectFrom('identity_services').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toService(row);
}

export interface IdentityServiceInput {
  name: string;
  type: ServiceType;
  scheme: AuthenticationScheme;
  secondFactorServiceId: number | null;
  secondFactor: boolean;
  ordering: number;
  disabled: boolean;
  required: boolean;
}

export async function insertIdentityService(db: Db, s: IdentityServiceInput, now: number): Promise<IdentityService> {
  invalidateLoginConfig();
  const row = await db.insertInto('identity_services').values({
    name: s.name, type: s.type, scheme: s.scheme, second_factor_service_id: s.secondFactorServiceId,
    second_factor: s.secondFactor ? 1 : 0, ordering: s.ordering, disabled: s.disabled ? 1 : 0,
    required: s.required ? 1 : 0, created_at: now, updated_at: now,
  }).returningAll().executeTakeFirstOrThrow();
  return toService(row);
}

export async function updateIdentityService(db: Db, id: number, s: IdentityServiceInput, now: number): Promise<void> {
  invalidateLoginConfig();
  await db.updateTable('identity_services').set({
    name: s.name, type: s.type, scheme: s.scheme, second_factor_service_id: s.secondFactorServiceId,
    second_factor: s.secondFactor ? 1 : 0, ordering: s.ordering, disabled: s.disabled ? 1 : 0,
    required: s.required ? 1 : 0, updated_at: now,
  }).where('id', '=', id).execute();
}

export async function renameIdentityService(db: Db, id: number, newName: string, now: number): Promise<void> {
  invalidateLoginConfig();
  await db.updateTable('identity_services').set({ name: newName, updated_at: now }).where('id', '=', id).execute();
}

/** Deletes the service; accounts, roles, permissions cascade; second-factor links to it are cleared. */
export async function deleteIdentityService(db: Db, id: number): Promise<void> {
  invalidateLoginConfig();
  await db.updateTable('identity_services')
    .set({ second_factor_service_id: null, scheme: 'SINGLE-FACTOR' })
    .where('second_factor_service_id', '=', id).execute();
  await db.deleteFrom('settings').where('scope', '=', 'IAM').where('name', '=', String(id)).execute();
  await db.deleteFrom('identity_services').where('id', '=', id).execute();
}

export async function setIdentityServiceOrdering(db: Db, id: number, ordering: number, now: number): Promise<void> {
  invalidateLoginConfig();
  await db.updateTable('identity_services').set({ ordering, updated_at: now }).where('id', '=', id).execute();
}
