import type { AuthOutcome, IdentityServiceType, LoginInput, ServiceContext } from '../identity-service-type.js';
import { authenticateWithLdap } from './authenticate-with-ldap.js';
import { connectionPoolFor } from './ldap-connection-pool.js';
import { ldapSettingsSpec } from './ldap-settings.js';
import { cachedLdapConfig } from './cached-ldap-config.js';
import { LdapConfigError } from './resolve-ldap-config.js';

/**
 * LDAP and LDAP-JOC (seed 001 matrix): accounts and passwords live in the directory for both. LDAP maps the user's
 * security groups to roles (`iamLdapGroupRolesMap`); LDAP-JOC takes roles from Keyward's database, where the
 * account must exist. One authenticator serves both (design: "-JOC" = same authenticator, database role source).
 */
export async function authenticateLdapLogin(input: LoginInput, ctx: ServiceContext, options: { resolveGroups: boolean }): Promise<AuthOutcome> {
  if (input.basic === undefined) return { ok: false, code: 'NO_CREDENTIALS', message: 'no account/password given' };
  let config;
  try {
    config = cachedLdapConfig(ctx.settings, ctx.secrets);
  } catch (err) {
    if (err instanceof LdapConfigError) return { ok: false, code: 'SERVICE_MISCONFIGURED', message: err.message };
    throw err;
  }
  const pool = connectionPoolFor(ctx.store);
  const key = String(ctx.service.id);
  const connections = { system: config.system === undefined ? undefined : pool.system(key, config), binds: pool.binds(key, config) };
  const result = await authenticateWithLdap(input.basic, config, connections, options);
  if (!result.ok) return { ok: false, code: result.code, message: result.message };
  ctx.log.debug({ identityService: ctx.service.name, bindDn: result.report.bindDn, groups: result.report.rawGroups.length + result.report.nestedGroups.length, roles: result.report.roles }, 'LDAP login');
  return { ok: true, account: result.account, ...(options.resolveGroups ? { providerRoles: result.report.roles } : {}) };
}

function ldapServiceType<T extends 'LDAP' | 'LDAP-JOC'>(type: T, rolesFromDatabase: boolean) {
  return {
    type,
    credential: 'password',
    rolesFromDatabase,
    storesPasswords: false,
    accountsInDatabase: rolesFromDatabase,
    canBeSecondFactor: false,
    canBeRequired: true,
    settings: ldapSettingsSpec({ groupsMapToRoles: !rolesFromDatabase }),
    authenticate: (input: LoginInput, ctx: ServiceContext) => authenticateLdapLogin(input, ctx, { resolveGroups: !rolesFromDatabase }),
  } satisfies IdentityServiceType;
}

/** LDAP: roles from the directory's groups through the group→roles map. */
export const ldapService = ldapServiceType('LDAP', false);
/** LDAP-JOC: roles from Keyward's database; the account must exist there. */
export const ldapJocService = ldapServiceType('LDAP-JOC', true);
