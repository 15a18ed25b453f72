import { readSetting, writeSetting, type Store } from '../store/index.js';

/**
 * Per-service settings documents (spec §3, the `Properties` JSON of JS7's IAM configuration rows), keyed by service
 * id so a rename keeps them. Values are stored as the type module's `settings.parse` produced them (secrets already
 * sealed); the API returns them only through `settings.redact`.
 */
export async function readServiceSettings(store: Store, serviceId: number): Promise<unknown> {
  return readSetting(store.db, 'IAM', String(serviceId));
}

export async function writeServiceSettings(store: Store, serviceId: number, item: unknown, now: number): Promise<void> {
  await writeSetting(store.db, 'IAM', String(serviceId), item, now);
}
