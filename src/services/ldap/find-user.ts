import type { Client, Entry } from 'ldapts';
import { fillFilter } from './fill-filter.js';
import type { LoginName } from './normalize-login-name.js';

/**
 * Searches the user's entry under `base` with the user filter. Exactly one entry may match: none is "unknown
 * account", two or more is refused (`AmbiguousUserError`), because binding as "the first one" would let a crafted
 * or colliding name pick an entry. The size limit of 2 is enough to tell, and keeps a broad filter cheap.
 */
export class AmbiguousUserError extends Error {
  override readonly name = 'AmbiguousUserError';
}

export async function findUser(client: Client, base: string, filterTemplate: string, name: LoginName, attributes: readonly string[]): Promise<Entry | undefined> {
  const { searchEntries } = await client.search(base, {
    scope: 'sub',
    filter: fillFilter(filterTemplate, { user: name.user, full: name.full }),
    attributes: attributes.length === 0 ? ['1.1'] : [...attributes],
    sizeLimit: 2,
  });
  if (searchEntries.length > 1) throw new AmbiguousUserError(`the user filter ${filterTemplate} matches more than one entry for this name under ${base}`);
  return searchEntries[0];
}

/** Reads the entry at `dn` itself (a base search), for a user found by DN template. */
export async function readEntry(client: Client, dn: string, attributes: readonly string[]): Promise<Entry | undefined> {
  const { searchEntries } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: attributes.length === 0 ? ['1.1'] : [...attributes], sizeLimit: 1 });
  return searchEntries[0];
}
