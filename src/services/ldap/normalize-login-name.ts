/**
 * The login name as the LDAP service uses it (spec §3.1: `user@DOMAIN` or `DOMAIN\user` ⇒ `user@DOMAIN`).
 *
 * - `full` is the normalised account (`^s` in filters, `{0}` in a bare `{0}` template, the account name);
 * - `user` is what `%s` stands for in filters: on Active Directory the part before `@`; elsewhere the whole name.
 *
 * Deliberate deviation from JS7: the `DOMAIN\user` rewrite and the `@` split apply only when the service is marked
 * Active Directory (`iamLdapAD`). On other directories `\` and `@` are ordinary characters of a uid; rewriting them
 * would lock out such users, and splitting at `@` would let one entry log in under many account names
 * (`alice`, `alice@x`, `alice@y`), which defeats the name-based blocklist.
 */
export interface LoginName {
  readonly full: string;
  readonly user: string;
}

export function normalizeLoginName(name: string, activeDirectory: boolean): LoginName {
  if (!activeDirectory) return { full: name, user: name };
  const backslash = /^([^\\@]+)\\([^\\@]+)$/.exec(name);
  const full = backslash?.[1] !== undefined && backslash[2] !== undefined ? `${backslash[2]}@${backslash[1]}` : name;
  const at = full.lastIndexOf('@');
  return { full, user: at > 0 ? full.slice(0, at) : full };
}
