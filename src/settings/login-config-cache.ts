/**
 * What every login reads and almost never changes — the list of identity services, the global settings, each
 * service's settings, and the permission and folder rows of roles — cached per instance for at most `MAX_AGE_MS`.
 * Any write of these on this instance bumps `version` and so invalidates at once; writes on another instance are
 * seen within `MAX_AGE_MS`. Accounts (password, disabled, which roles an account has), the blocklist and throttling
 * are never cached: they are read on every login.
 */
export const LOGIN_CONFIG_MAX_AGE_MS = 1000;

let version = 0;
const MAX_KEYS = 1000;

/** Called by every writer of identity services and settings (store/repositories). */
export function invalidateLoginConfig(): void {
  version++;
}

interface Entry { value: unknown; version: number; at: number }
const entries = new WeakMap<object, Map<string, Entry>>();

/** The cached value of `key` for `owner` (a store), or a fresh one from `load`. */
export async function cachedLoginConfig<T>(owner: object, key: string, now: number, load: () => Promise<T>): Promise<T> {
  let map = entries.get(owner);
  if (map === undefined) { map = new Map(); entries.set(owner, map); }
  const hit = map.get(key);
  if (hit !== undefined && hit.version === version && now - hit.at < LOGIN_CONFIG_MAX_AGE_MS) return hit.value as T;
  const startVersion = version;
  const value = await load();
  // Do not cache what was read while a write happened (it may be the old value).
  if (startVersion === version) {
    if (map.size >= MAX_KEYS && !map.has(key)) map.clear(); // keys are per role set: bounded, but never unbounded
    map.set(key, { value, version, at: now });
  }
  return value;
}
