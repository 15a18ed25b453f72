import type { FastifyInstance } from 'fastify';
import { recordChange, type AuditLogInput } from '../../audit/record-change.js';
import { hashPassword, verifyPassword } from '../../crypto/password-hash.js';
import { constantTimeEqual } from '../../crypto/tokens.js';
import { KeywardError, notFound } from '../../errors/index.js';
import { compilePermissions, toJocCockpitPermissions } from '../../permissions/index.js';
import { checkPasswordPolicy } from '../../services/joc/password-policy.js';
import { serviceTypeModule } from '../../services/registry.js';
import { loadRoleGrants } from '../../sessions/load-role-grants.js';
import { MASKED_SECRET, readGlobalIamSettings } from '../../settings/global-settings.js';
import {
  blockAccount, blockedNames, deleteAccounts, findAccount, findIdentityService, insertAccount, listAccounts,
  rolesOfAccounts, setAccountRoles, unblockAccounts, updateAccount, type Account, type IdentityService,
} from '../../store/index.js';
import { MANAGE_ACCOUNTS, VIEW_ACCOUNTS } from '../context.js';
import { defineRoute } from '../define-route.js';
import { delivered, ok, sessionOf } from '../reply-helpers.js';
import { accountName, auditLog, bool, int, limit, name, names, object } from '../schemas.js';

const email = { anyOf: [{ type: 'string', maxLength: 0 }, { type: 'string', maxLength: 320, pattern: '^[^<>\\s@]+@[^<>\\s@]+$' }, { type: 'null' }] } as const;
const password = { type: 'string', maxLength: 4096 } as const;

/**
 * Response schema of an account: the serializer drops every property not listed, so a password hash can never be
 * returned even if a later change put one on the object (style.md: the response schema is the last guard).
 */
const accountItemSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    identityServiceName: { type: 'string' }, accountName: { type: 'string' }, email: { type: 'string' },
    forcePasswordChange: { type: 'boolean' }, disabled: { type: 'boolean' }, blocked: { type: 'boolean' },
    roles: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** spec §1.6 Account — never with a password or hash. */
function toAccountItem(service: IdentityService, a: Account, roles: readonly string[], blocked: boolean): Record<string, unknown> {
  return {
    identityServiceName: service.name, accountName: a.name, email: a.email ?? undefined,
    forcePasswordChange: a.forcePasswordChange, disabled: a.disabled, blocked, roles,
  };
}

export function accountRoutes(app: FastifyInstance): void {
  const kw = app.kw;

  const serviceNamed = async (serviceName: string): Promise<IdentityService> => {
    const s = await findIdentityService(kw.store.db, serviceName);
    if (s === undefined) throw notFound(`Identity service "${serviceName}"`, 'identityServiceName');
    return s;
  };
  const accountNamed = async (service: IdentityService, n: string, field = 'accountName'): Promise<Account> => {
    const a = await findAccount(kw.store.db, service.id, n);
    if (a === undefined) throw notFound(`Account "${n}" in identity service "${service.name}"`, field);
    return a;
  };
  const accountsNamed = async (service: IdentityService, list: readonly string[]): Promise<Account[]> =>
    Promise.all(list.map((n) => accountNamed(service, n, 'accountNames')));

  defineRoute<{ identityServiceName: string; accountName?: string; enabled?: boolean; disabled?: boolean; search?: string; limit?: number; offset?: number }>(app, {
    url: '/joc/api/iam/accounts', access: VIEW_ACCOUNTS, tags: ['accounts'],
    summary: 'List accounts of a service (filter, search, paging; totalCount is the number matching)',
    body: object({ identityServiceName: name, accountName, enabled: bool, disabled: bool, search: { type: 'string', maxLength: 255 }, limit, offset: int }, ['identityServiceName']),
    response: { 200: { type: 'object', properties: { deliveryDate: { type: 'string' }, identityServiceName: { type: 'string' }, totalCount: { type: 'integer' }, accountItems: { type: 'array', items: accountItemSchema } } } },
  }, async (_request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const { items, total } = await listAccounts(kw.store.db, service.id, {
      accountName: body.accountName, search: body.search, onlyEnabled: body.enabled, onlyDisabled: body.disabled,
      limit: body.limit ?? 10000, offset: body.offset,
    });
    const roles = await rolesOfAccounts(kw.store.db, items.map((a) => a.id));
    const blocked = await blockedNames(kw.store.db, items.map((a) => a.name));
    return delivered({
      identityServiceName: service.name, totalCount: total,
      accountItems: items.map((a) => toAccountItem(service, a, roles.get(a.id) ?? [], blocked.has(a.name))),
    });
  });

  defineRoute<{ identityServiceName: string; accountName: string }>(app, {
    url: '/joc/api/iam/account', access: VIEW_ACCOUNTS, tags: ['accounts'], summary: 'One account',
    body: object({ identityServiceName: name, accountName }, ['identityServiceName', 'accountName']),
    response: { 200: { ...accountItemSchema, properties: { ...accountItemSchema.properties, deliveryDate: { type: 'string' } } } },
  }, async (_request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const a = await accountNamed(service, body.accountName);
    const roles = (await rolesOfAccounts(kw.store.db, [a.id])).get(a.id) ?? [];
    return delivered(toAccountItem(service, a, roles, (await blockedNames(kw.store.db, [a.name])).has(a.name)));
  });

  defineRoute<{ identityServiceName: string; accountName: string; email?: string | null; password?: string; forcePasswordChange?: boolean; disabled?: boolean; blocked?: boolean; roles?: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/account/store', access: MANAGE_ACCOUNTS, tags: ['accounts'],
    summary: 'Create or update an account (password only for JOC services; none = the initial password, forced change)',
    body: object({ identityServiceName: name, accountName, email, password, forcePasswordChange: bool, disabled: bool, blocked: bool, roles: names(), auditLog }, ['identityServiceName', 'accountName']),
  }, async (request, body) => {
    const now = kw.now();
    const service = await serviceNamed(body.identityServiceName);
    const module = serviceTypeModule(service.type);
    const globals = await readGlobalIamSettings(kw.store, kw.secrets);
    const existing = await findAccount(kw.store.db, service.id, body.accountName);
    let passwordHash: string | null | undefined;
    let forcePasswordChange = body.forcePasswordChange ?? existing?.forcePasswordChange ?? false;
    if (module?.storesPasswords === true) {
      const given = body.password === MASKED_SECRET ? undefined : body.password;
      if (given === undefined || given === '') {
        // The seed: no password given → the initial password, which must be changed at the next login.
        if (existing === undefined || given === '') {
          passwordHash = await hashPassword(globals.initialPassword);
          forcePasswordChange = true;
        }
      } else {
        checkPasswordPolicy(given, globals);
        passwordHash = await hashPassword(given);
        if (constantTimeEqual(given, globals.initialPassword)) forcePasswordChange = true;
      }
    } else if (body.password !== undefined && body.password !== '' && body.password !== MASKED_SECRET) {
      throw new KeywardError('KW_VALIDATION', `Passwords of ${service.type} accounts are managed by the identity provider, not by Keyward`, { field: 'password' });
    }
    const result = await kw.store.db.transaction().execute(async (trx) => {
      let account: Account;
      if (existing === undefined) {
        account = await insertAccount(trx, service.id, {
          name: body.accountName, passwordHash: passwordHash ?? null, email: emptyToNull(body.email),
          forcePasswordChange, disabled: body.disabled ?? false,
        }, now);
      } else {
        await updateAccount(trx, existing.id, {
          ...(passwordHash === undefined ? {} : { passwordHash }),
          ...(body.email === undefined ? {} : { email: emptyToNull(body.email) }),
          forcePasswordChange, ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
        }, now);
        account = existing;
      }
      if (body.roles !== undefined) {
        const unknown = await setAccountRoles(trx, account.id, service.id, body.roles);
        if (unknown.length > 0) throw new KeywardError('KW_NOT_FOUND', `Role "${unknown.join('", "')}" does not exist in identity service "${service.name}"`, { field: 'roles' });
      }
      if (body.blocked === true) await blockAccount(trx, body.accountName, null, now);
      if (body.blocked === false) await unblockAccounts(trx, [body.accountName]);
      return { created: existing === undefined };
    });
    if (body.disabled === true) await kw.sessions.endForAccounts([body.accountName], service.id);
    if (body.blocked === true) await kw.sessions.endForAccounts([body.accountName]);
    await recordChange(kw.store, {
      account: sessionOf(request).accountName, request: request.url, now, auditLog: body.auditLog,
      summary: `${result.created ? 'created' : 'updated'} account ${body.accountName} in ${service.name}`,
      details: { roles: body.roles, disabled: body.disabled, blocked: body.blocked, passwordChanged: passwordHash !== undefined, forcePasswordChange },
    });
    return ok();
  });

  defineRoute<{ identityServiceName: string; accountOldName: string; accountNewName: string; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/account/rename', access: MANAGE_ACCOUNTS, tags: ['accounts'], summary: 'Rename an account',
    body: object({ identityServiceName: name, accountOldName: accountName, accountNewName: accountName, auditLog }, ['identityServiceName', 'accountOldName', 'accountNewName']),
  }, async (request, body) => {
    const now = kw.now();
    const service = await serviceNamed(body.identityServiceName);
    const a = await accountNamed(service, body.accountOldName, 'accountOldName');
    if (body.accountNewName !== a.name && (await findAccount(kw.store.db, service.id, body.accountNewName)) !== undefined) {
      throw new KeywardError('KW_ALREADY_EXISTS', `Account "${body.accountNewName}" already exists in "${service.name}"`, { field: 'accountNewName' });
    }
    await updateAccount(kw.store.db, a.id, { name: body.accountNewName }, now);
    await kw.sessions.endForAccounts([a.name], service.id);
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now, summary: `renamed account ${a.name} to ${body.accountNewName} in ${service.name}`, auditLog: body.auditLog });
    return ok();
  });

  defineRoute<{ identityServiceName: string; accountNames: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/accounts/delete', access: MANAGE_ACCOUNTS, tags: ['accounts'], summary: 'Delete accounts (their sessions end)',
    body: object({ identityServiceName: name, accountNames: { ...names(accountName), minItems: 1 }, enabled: bool, disabled: bool, auditLog }, ['identityServiceName', 'accountNames']),
  }, async (request, body) => {
    const now = kw.now();
    const service = await serviceNamed(body.identityServiceName);
    await accountsNamed(service, body.accountNames);
    await deleteAccounts(kw.store.db, service.id, body.accountNames);
    await kw.sessions.endForAccounts(body.accountNames, service.id);
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now, summary: `deleted accounts ${body.accountNames.join(', ')} in ${service.name}`, auditLog: body.auditLog });
    return ok();
  });

  defineRoute<{ identityServiceName: string; accountName: string; oldPassword: string; password: string; repeatedPassword: string; forcePasswordChange?: boolean; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/account/changepassword', access: 'session', allowDuringPasswordChange: true, tags: ['accounts'],
    summary: 'Change a JOC password: needs the old one; only the caller\'s own account unless the caller may manage accounts',
    body: object({ identityServiceName: name, accountName, oldPassword: password, password, repeatedPassword: password, forcePasswordChange: bool, auditLog }, ['identityServiceName', 'accountName', 'oldPassword', 'password', 'repeatedPassword']),
  }, async (request, body) => {
    const now = kw.now();
    const session = sessionOf(request);
    const service = await serviceNamed(body.identityServiceName);
    const own = session.subjects.some((s) => s.serviceId === service.id && s.account === body.accountName);
    // spec §1.6 defect fixed: JS7 lets anybody who knows an old password change any account's password.
    if (!own && !session.permissions.isPermitted(MANAGE_ACCOUNTS.permission)) {
      throw new KeywardError('KW_FORBIDDEN', 'Only your own password can be changed');
    }
    if (serviceTypeModule(service.type)?.storesPasswords !== true) {
      throw new KeywardError('KW_VALIDATION', `Passwords of ${service.type} accounts are managed by the identity provider`, { field: 'identityServiceName' });
    }
    const a = await accountNamed(service, body.accountName);
    if (!(await verifyPassword(body.oldPassword, a.passwordHash)).ok) throw new KeywardError('KW_WRONG_PASSWORD', 'The old password is wrong', { field: 'oldPassword' });
    if (body.password !== body.repeatedPassword) throw new KeywardError('KW_VALIDATION', 'The new password and its repetition differ', { field: 'repeatedPassword' });
    const globals = await readGlobalIamSettings(kw.store, kw.secrets);
    checkPasswordPolicy(body.password, globals);
    if (body.password === body.oldPassword) throw new KeywardError('KW_PASSWORD_POLICY', 'The new password must differ from the old one', { field: 'password' });
    const force = constantTimeEqual(body.password, globals.initialPassword) || (!own && body.forcePasswordChange === true);
    await updateAccount(kw.store.db, a.id, { passwordHash: await hashPassword(body.password), forcePasswordChange: force }, now);
    if (own && !force) await kw.sessions.update(session, { forcePasswordChange: false });
    await recordChange(kw.store, { account: session.accountName, request: request.url, now, summary: `changed password of ${a.name} in ${service.name}`, auditLog: body.auditLog });
    return ok();
  });

  const bulkFlag = (url: string, summary: string, apply: (service: IdentityService, accounts: Account[], now: number) => Promise<void>): void => {
    defineRoute<{ identityServiceName: string; accountNames: string[]; auditLog?: AuditLogInput }>(app, {
      url, access: MANAGE_ACCOUNTS, tags: ['accounts'], summary,
      body: object({ identityServiceName: name, accountNames: { ...names(accountName), minItems: 1 }, auditLog }, ['identityServiceName', 'accountNames']),
    }, async (request, body) => {
      const now = kw.now();
      const service = await serviceNamed(body.identityServiceName);
      const accounts = await accountsNamed(service, body.accountNames);
      await apply(service, accounts, now);
      await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now, summary: `${summary}: ${body.accountNames.join(', ')} in ${service.name}`, auditLog: body.auditLog });
      return ok();
    });
  };

  const requirePasswordService = (service: IdentityService): void => {
    if (serviceTypeModule(service.type)?.storesPasswords !== true) {
      throw new KeywardError('KW_VALIDATION', `Passwords of ${service.type} accounts are managed by the identity provider`, { field: 'identityServiceName' });
    }
  };

  // spec §5.1 fixed: JS7 lets any session reset any password to the known initial one.
  bulkFlag('/joc/api/iam/accounts/resetpassword', 'reset password to the initial password', async (service, accounts, now) => {
    requirePasswordService(service);
    const globals = await readGlobalIamSettings(kw.store, kw.secrets);
    const hash = await hashPassword(globals.initialPassword);
    for (const a of accounts) await updateAccount(kw.store.db, a.id, { passwordHash: hash, forcePasswordChange: true }, now);
    await kw.sessions.endForAccounts(accounts.map((a) => a.name), service.id);
  });
  bulkFlag('/joc/api/iam/accounts/forcepasswordchange', 'forced password change', async (service, accounts, now) => {
    requirePasswordService(service);
    for (const a of accounts) await updateAccount(kw.store.db, a.id, { forcePasswordChange: true }, now);
  });
  bulkFlag('/joc/api/iam/accounts/enable', 'enabled accounts', async (_service, accounts, now) => {
    for (const a of accounts) await updateAccount(kw.store.db, a.id, { disabled: false }, now);
  });
  bulkFlag('/joc/api/iam/accounts/disable', 'disabled accounts', async (service, accounts, now) => {
    for (const a of accounts) await updateAccount(kw.store.db, a.id, { disabled: true }, now);
    // Better than JS7: disabling ends the account's running sessions.
    await kw.sessions.endForAccounts(accounts.map((a) => a.name), service.id);
  });

  defineRoute<{ identityServiceName: string; accountName: string }>(app, {
    url: '/joc/api/iam/account/permissions', access: VIEW_ACCOUNTS, tags: ['accounts'],
    summary: 'Effective permissions of an account as if it logged in through this service (spec §2.2)',
    body: object({ identityServiceName: name, accountName }, ['identityServiceName', 'accountName']),
  }, async (_request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const a = await accountNamed(service, body.accountName);
    const roleNames = (await rolesOfAccounts(kw.store.db, [a.id])).get(a.id) ?? [];
    const compiled = compilePermissions([{ serviceName: service.name, roles: await loadRoleGrants(kw.store.db, service.id, roleNames) }]);
    return delivered(toJocCockpitPermissions(compiled));
  });
}

function emptyToNull(v: string | null | undefined): string | null {
  return v === undefined || v === null || v === '' ? null : v;
}
