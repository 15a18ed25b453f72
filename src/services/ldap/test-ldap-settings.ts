import type { SecretBox } from '../../crypto/secret-box.js';
import { readServiceSettings } from '../../settings/service-settings.js';
import { findAccount, findRole, rolesOfAccounts, type IdentityService, type Store } from '../../store/index.js';
import type { IdentityServiceType } from '../identity-service-type.js';
import { authenticateWithLdap } from './authenticate-with-ldap.js';
import { freshConnections } from './fresh-connections.js';
import { LdapConfigError, resolveLdapConfig } from './resolve-ldap-config.js';

/**
 * "Test settings" (issue 4; the diagnostic JS7 and Keycloak lack): runs one LDAP login with a test account against
 * the stored settings or a draft (`settings`, parsed like a save, so `"********"` reuses stored secrets), and says
 * what happened: the bind DN, the raw groups, the nested expansion and the resulting roles. Creates no session,
 * writes no login history, uses its own connections (never the pool). `ok` means a login would get roles.
 */
export interface LdapTestReport {
  ok: boolean;
  message: string;
  code?: string;
  bindDn: string | null;
  account: string | null;
  rawGroups: string[];
  nestedGroups: string[];
  roles: string[];
  notes: string[];
}

export async function testLdapSettings(args: {
  store: Store; secrets: SecretBox; service: IdentityService; module: IdentityServiceType;
  draft: unknown; accountName: string; password: string;
}): Promise<LdapTestReport> {
  const { store, secrets, service, module } = args;
  const stored = await readServiceSettings(store, service.id);
  const settings = args.draft === undefined || module.settings === undefined ? stored : module.settings.parse(args.draft, stored, secrets);
  const empty = { bindDn: null, account: null, rawGroups: [], nestedGroups: [], roles: [], notes: [] };
  let config;
  try {
    config = resolveLdapConfig(settings, secrets);
  } catch (err) {
    if (err instanceof LdapConfigError) return { ok: false, code: 'SERVICE_MISCONFIGURED', message: err.message, ...empty };
    throw err;
  }
  const connections = freshConnections(config);
  let result;
  try {
    result = await authenticateWithLdap({ account: args.accountName, password: args.password }, config, connections, { resolveGroups: true, expandAllGroups: true });
  } finally {
    await connections.close();
  }
  const r = result.report;
  const report: LdapTestReport = {
    ok: result.ok, message: result.ok ? 'the LDAP server accepted the credentials' : result.message,
    ...(result.ok ? {} : { code: result.code }),
    bindDn: r.bindDn ?? null, account: r.account ?? null, rawGroups: r.rawGroups, nestedGroups: r.nestedGroups, roles: r.roles, notes: [...r.notes],
  };
  if (!result.ok) return report;

  if (module.rolesFromDatabase) {
    // LDAP-JOC: the groups are shown for information; roles come from Keyward's database.
    const account = await findAccount(store.db, service.id, result.account);
    if (account === undefined) {
      return { ...report, ok: false, roles: [], message: `the LDAP server accepted the credentials, but account ${result.account} does not exist in ${service.name} (${service.type} takes accounts and roles from Keyward)` };
    }
    const roles = (await rolesOfAccounts(store.db, [account.id])).get(account.id) ?? [];
    report.roles = roles;
    report.notes.push(`${service.type}: roles are the account's role assignments in Keyward, not the LDAP groups`);
  } else {
    for (const role of r.roles) {
      if ((await findRole(store.db, service.id, role)) === undefined) report.notes.push(`role ${role} is mapped but does not exist in ${service.name}`);
    }
  }
  if (report.roles.length === 0) return { ...report, ok: false, message: 'the LDAP server accepted the credentials, but no role results: a login would be denied (no role assignment found)' };
  return { ...report, message: `the LDAP server accepted the credentials; roles: ${report.roles.join(', ')}` };
}
