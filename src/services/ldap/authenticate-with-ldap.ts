import type { Client, Entry } from 'ldapts';
import type { LoginFailureCode } from '../../login/login-failure.js';
import { bindUnknownUser, bindUser, type BoundUser } from './bind-user.js';
import { classifyLdapError, step } from './classify-ldap-error.js';
import { entryValues } from './entry-values.js';
import { escapeDnValue } from './escape-ldap.js';
import { findGroups, type GroupLookup } from './find-groups.js';
import { AmbiguousUserError, findUser, readEntry } from './find-user.js';
import type { BindConnectionSource, SystemConnectionSource } from './ldap-connection-pool.js';
import { mapGroupsToRoles } from './map-groups-to-roles.js';
import { normalizeDn } from './normalize-dn.js';
import { normalizeLoginName } from './normalize-login-name.js';
import type { LdapConfig } from './resolve-ldap-config.js';
import { withTimeout } from './with-timeout.js';

/**
 * One LDAP login (spec §3.1 with §5.6 item 6 fixed), shared by the login chain and "test settings":
 *
 * 1. an empty password is refused before anything is sent (it would be an anonymous bind);
 * 2. the bind DN: a DN template (`uid={0},ou=people,…`, the name RFC 4514-escaped); or, with the bare `{0}` template
 *    and a system user, search-then-bind (the user filter with the name RFC 4515-escaped must match exactly one
 *    entry); or the bare `{0}` with the login name as typed (Active Directory's `user@DOMAIN`);
 * 3. the user binds on a bind connection (StartTLS first; pooled, used for nothing but binds); searches use the
 *    pooled system-user connection when there is one, else the user's connection;
 * 4. for the LDAP type, groups (direct and nested) and roles from the group→roles map.
 *
 * The whole login is bounded by connect timeout + read timeout; when that passes the sockets are closed and the
 * result is SERVICE_UNAVAILABLE, so the chain moves on. The user's connection always goes back: to the pool after a
 * clean run, closed after an error or the deadline.
 */
export interface LdapLoginReport {
  bindDn?: string;
  account?: string;
  rawGroups: string[];
  nestedGroups: string[];
  roles: string[];
  notes: string[];
}

interface LookupResult { readonly entry: Entry | undefined; readonly notes: string[]; readonly groups: GroupLookup | undefined }

export type LdapLoginResult =
  | { readonly ok: true; readonly account: string; readonly report: LdapLoginReport }
  | { readonly ok: false; readonly code: LoginFailureCode; readonly message: string; readonly report: LdapLoginReport };

export async function authenticateWithLdap(
  credentials: { readonly account: string; readonly password: string },
  config: LdapConfig,
  connections: { readonly system: SystemConnectionSource | undefined; readonly binds: BindConnectionSource },
  options: { readonly resolveGroups: boolean; readonly expandAllGroups?: boolean },
): Promise<LdapLoginResult> {
  const report: LdapLoginReport = { rawGroups: [], nestedGroups: [], roles: [], notes: [] };
  const fail = (code: LoginFailureCode, message: string): LdapLoginResult => ({ ok: false, code, message, report });
  if (credentials.password === '') return fail('BAD_CREDENTIALS', 'empty password refused before contacting the LDAP server (it would be an anonymous bind)');
  if (credentials.account === '') return fail('BAD_CREDENTIALS', 'empty account name');
  // Control characters (NUL...) and surrounding spaces are never part of a real account name; spaces would also match
  // the entry without them (insignificant-space matching) under a different account name.
  if (/[\u0000-\u001f\u007f]/.test(credentials.account) || credentials.account.trim() !== credentials.account) {
    return fail('BAD_CREDENTIALS', 'account name with control characters or surrounding spaces refused before contacting the LDAP server');
  }
  if (!config.secure && !config.startTls) report.notes.push('the connection is not encrypted: passwords cross the network in clear (use ldaps:// or StartTLS)');

  const { system, binds } = connections;
  let user: BoundUser | undefined;
  let completed = false;
  let usedSystem = false;
  let expired = false;
  const deadlineMs = config.connectTimeoutMs + config.readTimeoutMs;
  const systemRun = system === undefined || config.system === undefined ? undefined
    : <T>(work: (c: Client) => Promise<T>): Promise<T> => { usedSystem = true; return system.run(work); };

  const login = async (): Promise<LdapLoginResult> => {
    const name = normalizeLoginName(credentials.account, config.activeDirectory);
    const attributes = [
      ...(options.resolveGroups && config.groupSearchFilter === undefined ? [config.groupNameAttribute] : []),
      ...(config.accountNameAttribute === undefined ? [] : [config.accountNameAttribute]),
    ];
    const template = config.userDnTemplate;
    let entry: Entry | undefined;
    let entryRead = false;
    let bindDn: string;
    if (template === '{0}' && systemRun !== undefined && config.searchBase !== undefined) {
      const base = config.searchBase;
      entry = await step('user-search', () => systemRun((c) => findUser(c, base, config.userFilter, name, attributes)));
      entryRead = true;
      if (entry === undefined) {
        await bindUnknownUser(binds, base, credentials.password);
        return fail('BAD_CREDENTIALS', 'unknown account (no entry matches the user filter)');
      }
      bindDn = entry.dn;
    } else if (template === '{0}') {
      bindDn = name.full;
    } else {
      bindDn = fillDnTemplate(template, config.activeDirectory ? name.user : name.full);
    }
    report.bindDn = bindDn;

    if (expired) throw new Error('deadline passed'); // the caller has answered already: do not send the password now
    // What the login needs besides the bind: the user entry (when not read yet) and the groups. With a system user
    // these run on its connection while the user binds on another (one round trip less per login); their result is
    // used only after the bind succeeded. Without one they run afterwards, as the user.
    const lookup = async (search: <T>(work: (c: Client) => Promise<T>) => Promise<T>): Promise<LookupResult> => {
      let userEntry = entry;
      const notes: string[] = [];
      if (!entryRead && (attributes.length > 0 || (options.resolveGroups && config.activeDirectory))) {
        if (template !== '{0}') {
          userEntry = await step('user-entry', () => search((c) => readEntry(c, bindDn, attributes)));
        } else if (config.searchBase !== undefined) {
          const base = config.searchBase;
          userEntry = await step('user-entry', () => search((c) => findUser(c, base, config.userFilter, name, attributes)));
        }
        if (userEntry === undefined) notes.push('the user entry was not found after the bind; groups and the user name attribute are unavailable');
      }
      const userDn = userEntry?.dn ?? (template === '{0}' ? undefined : bindDn);
      const groups = options.resolveGroups && !expired
        ? await search((c) => findGroups(c, config, { dn: userDn, entry: userEntry, name }, options.expandAllGroups !== true))
        : undefined;
      return { entry: userEntry, notes, groups };
    };
    let found: LookupResult;
    if (systemRun !== undefined) {
      const early = lookup(systemRun);
      early.catch(() => undefined); // a refused bind makes the lookup's outcome irrelevant
      user = await bindUser(binds, bindDn, credentials.password);
      found = await early;
    } else {
      user = await bindUser(binds, bindDn, credentials.password);
      const own = user.connection.client;
      found = await lookup((work) => work(own));
    }
    report.notes.push(...found.notes);
    entry = found.entry;

    const account = config.accountNameAttribute === undefined || entry === undefined ? name.full : entryValues(entry, config.accountNameAttribute)[0] ?? name.full;
    report.account = account;
    if (found.groups !== undefined) {
      report.rawGroups = found.groups.raw;
      report.nestedGroups = found.groups.nested;
      report.notes.push(...found.groups.notes);
      report.roles = mapGroupsToRoles([...found.groups.raw, ...found.groups.nested], config);
    }
    completed = true;
    return { ok: true, account, report };
  };

  const work = login();
  // Work still running when the deadline passed must not keep what it acquires afterwards.
  work.finally(() => { if (expired) user?.release(false); }).catch(() => undefined);
  try {
    return await withTimeout(work, deadlineMs, 'LDAP login', () => {
      expired = true;
      user?.release(false);
      if (usedSystem) system?.abandon();
    });
  } catch (err) {
    if (expired) {
      return fail('SERVICE_UNAVAILABLE', `the LDAP server ${config.url} did not complete the login within ${deadlineMs / 1000} s (iamLdapConnectTimeout + iamLdapReadTimeout)`);
    }
    const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
    if (cause instanceof AmbiguousUserError) return fail('SERVICE_MISCONFIGURED', cause.message);
    const failure = classifyLdapError(err, config);
    return fail(failure.code, failure.message);
  } finally {
    // Back to the pool only after a clean run; after an error or the deadline the connection is closed.
    user?.release(completed);
  }
}

/**
 * `{0}` in the bind template replaced by the name: RFC 4514-escaped when the template is a DN
 * (`uid={0},ou=people,…`), as is for Active Directory's non-DN forms (`{0}@example.com`, `EXAMPLE\{0}`), which the
 * server does not parse as a DN.
 */
export function fillDnTemplate(template: string, name: string): string {
  const isDn = normalizeDn(template.replace('{0}', 'x')) !== undefined && template.includes('=');
  const value = isDn ? escapeDnValue(name) : name;
  return template.replace('{0}', () => value); // a function: `$&`, `$'` in a name are not replacement patterns
}
