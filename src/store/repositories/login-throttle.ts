import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { runPrepared } from '../prepared-query.js';

type Db = Kysely<Database>;

export interface ThrottleState { failures: number; lastFailureAt: number }

export async function readThrottle(db: Db, keys: readonly string[]): Promise<Map<string, ThrottleState>> {
  const out = new Map<string, ThrottleState>();
  if (keys.length === 0) return out;
  const rows = await runPrepared(db, `readThrottle:${keys.length}`, keys, () => db.selectFrom('login_throttle').selectAll().where('key', 'in', keys));
  for (const r of rows) out.set(r.key, { failures: r.failures, lastFailureAt: r.last_failure_at });
  return out;
}

/** Atomic increment (an upsert), so concurrent failures on several instances are all counted. */
export async function recordThrottleFailure(db: Db, key: string, now: number, resetBefore: number): Promise<void> {
  await db.insertInto('login_throttle').values({ key, failures: 1, last_failure_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({
      // A failure long after the previous one starts a new series instead of punishing forever.
      failures: eb.case().when('login_throttle.last_failure_at', '<', resetBefore).then(1)
        .else(eb('login_throttle.failures', '+', 1)).end(),
      last_failure_at: now,
    }))).execute();
}

export async function clearThrottle(db: Db, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}

export async function purgeThrottle(db: Db, before: number): Promise<void> {
  await db.deleteFrom('login_throttle').where('last_failure_at', '<', before).execute();
}
