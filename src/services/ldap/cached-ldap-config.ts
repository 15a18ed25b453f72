import type { SecretBox } from '../../crypto/secret-box.js';
import { resolveLdapConfig, type LdapConfig } from './resolve-ldap-config.js';

/**
 * `resolveLdapConfig` for logins, remembered per settings object for at most `TTL_MS`: opening secrets, loading the
 * trust store and normalising the group map are then done once per service and period instead of at every login.
 * The login path hands over the same settings object for as long as the login configuration cache keeps it (at most
 * 1 s; saving replaces it), so saved settings apply at the next login and a changed trust store file within `TTL_MS`.
 * The SecretBox is part of the key (two servers in one process never share an entry).
 */
export const TTL_MS = 10_000;

const remembered = new WeakMap<object, { secrets: SecretBox; config: LdapConfig; until: number }>();

export function cachedLdapConfig(stored: unknown, secrets: SecretBox, now = Date.now()): LdapConfig {
  if (typeof stored !== 'object' || stored === null) return resolveLdapConfig(stored, secrets);
  const hit = remembered.get(stored);
  if (hit !== undefined && hit.secrets === secrets && hit.until > now) return hit.config;
  const config = resolveLdapConfig(stored, secrets);
  remembered.set(stored, { secrets, config, until: now + TTL_MS });
  return config;
}
