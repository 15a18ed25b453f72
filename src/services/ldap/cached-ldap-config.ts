import type { SecretBox } from '../../crypto/secret-box.js';
import { resolveLdapConfig, type LdapConfig } from './resolve-ldap-config.js';

/**
 * `resolveLdapConfig` for logins, remembered per settings document for `TTL_MS`: opening secrets, loading the trust
 * store and normalising the group map is then done once per service and period instead of at every login. The key
 * is the stored document itself, so saved settings apply at the next login; a changed trust store file within
 * `TTL_MS`. Keyed per SecretBox too (two servers in one process never share an entry).
 */
export const TTL_MS = 10_000;
const MAX_ENTRIES = 64;

const caches = new WeakMap<SecretBox, Map<string, { config: LdapConfig; until: number }>>();
/**
 * The login path hands over the same settings object for as long as the login configuration cache keeps it: then
 * the object itself is the key and the document need not be serialised at every login.
 */
const byObject = new WeakMap<object, { secrets: SecretBox; config: LdapConfig; until: number }>();

export function cachedLdapConfig(stored: unknown, secrets: SecretBox, now = Date.now()): LdapConfig {
  const same = typeof stored === 'object' && stored !== null ? byObject.get(stored) : undefined;
  if (same !== undefined && same.secrets === secrets && same.until > now) return same.config;
  let cache = caches.get(secrets);
  if (cache === undefined) {
    cache = new Map();
    caches.set(secrets, cache);
  }
  const key = JSON.stringify(stored ?? null);
  let hit = cache.get(key);
  if (hit === undefined || hit.until <= now) {
    hit = { config: resolveLdapConfig(stored, secrets), until: now + TTL_MS };
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, hit);
  }
  if (typeof stored === 'object' && stored !== null) byObject.set(stored, { secrets, ...hit });
  return hit.config;
}
