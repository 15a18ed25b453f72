import type { Kysely } from 'kysely';
import { invalidateLoginConfig } from '../../settings/login-config-cache.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

/**
 * Settings documents as JSON text. Scopes: `GLOBALS` (name = section, e.g. `identityService`) and `IAM`
 * (name = identity service id, so renaming a service keeps its settings). Secrets inside are already encrypted by
 * the caller (crypto/secret-box.ts); this layer never sees them in clear.
 */
export async function readSetting(db: Db, scope: 'GLOBALS' | 'IAM' | 'MAIL', name: string): Promise<unknown> {
  const row = await db.selectFrom('settings').select('item').where('scope', '=', scope).where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : (JSON.parse(row.item) as unknown);
}

export async function writeSetting(db: Db, scope: 'GLOBALS' | 'IAM' | 'MAIL', name: string, item: unknown, now: number): Promise<void> {
  invalidateLoginConfig();
  const text = JSON.stringify(item);
  await db.insertInto('settings').values({ scope, name, item: text, updated_at: now })
    .onConflict((oc) => oc.columns(['scope', 'name']).doUpdateSet({ item: text, updated_at: now })).execute();
}
