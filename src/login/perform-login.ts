import type { FastifyBaseLogger } from 'fastify';
import type { SecretBox } from '../crypto/secret-box.js';
import type { RoleGrant } from '../permissions/index.js';
import { serviceTypeModule } from '../services/registry.js';
import type { AuthOutcome, IdentityServiceType, LoginInput, ServiceContext } from '../services/identity-service-type.js';
import { cachedGrantsOfRoles, cachedRoleGrants } from '../sessions/load-role-grants.js';
import type { Session, SessionManager, SessionSubject } from '../sessions/session-manager.js';
import { readGlobalIamSettings } from '../settings/global-settings.js';
import { cachedLoginConfig } from '../settings/login-config-cache.js';
import { readServiceSettings } from '../settings/service-settings.js';
import {
  findAccount, insertLoginHistory, isBlocked, listIdentityServices, rolesOfAccount,
  type IdentityService, type Store,
} from '../store/index.js';
import { recordLoginFailure, recordLoginSuccess, throttleKeys, throttleState } from './login-throttle.js';
import { runChain, type ChainService, type ChainSubject, type TraceEntry } from './run-chain.js';

export interface LoginDeps {
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly sessions: SessionManager;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
}

export type LoginResult =
  | { readonly status: 'success'; readonly token: string; readonly session: Session }
  | { readonly status: 'second-factor-needed'; readonly account: string; readonly identityService: string; readonly secondFactorServiceName: string }
  | { readonly status: 'failed'; readonly account: string }
  | { readonly status: 'throttled'; readonly account: string; readonly retryAfterMs: number };

interface Subject extends ChainSubject {
  readonly roleNames: readonly string[];
  readonly outcome: Extract<AuthOutcome, { ok: true }>;
  readonly serviceRecord: IdentityService;
}

/**
 * One login request end to end (spec §4.1): throttle check, the chain over the configured services, second factor,
 * session creation, login history with the per-service trace. Clients only learn success or "Access denied".
 */
export async function performLogin(input: LoginInput, deps: LoginDeps): Promise<LoginResult> {
  const now = deps.now();
  const accountHint = input.basic?.account ?? (input.certificate?.ok === true ? input.certificate.cert.commonName : undefined);
  const historyAccount = accountHint !== undefined && accountHint !== '' ? accountHint : '*none';
  const keys = throttleKeys(accountHint, input.callerIp);

  const { waitMs: wait, accountCounted } = await throttleState(deps.store, keys, now);
  if (wait > 0) {
    await insertLoginHistory(deps.store.db, {
      accountName: historyAccount, serviceName: null, loginDate: now, success: false, callerIp: input.callerIp,
      details: [{ identityServiceName: '*none', message: `too many failed logins: refused for ${Math.ceil(wait / 1000)} s`, code: 'THROTTLED' }],
    });
    return { status: 'throttled', account: historyAccount, retryAfterMs: wait };
  }

  const globals = await cachedLoginConfig(deps.store, 'globals', now, () => readGlobalIamSettings(deps.store, deps.secrets));
  const services = await cachedLoginConfig(deps.store, 'services', now, () => listIdentityServices(deps.store.db));
  const byId = new Map(services.map((s) => [s.id, s]));
  const named = input.headers['x-identity-service'];
  const firstNamed = input.headers['x-1st-identity-service'];
  const namedService = named === undefined ? undefined : services.find((s) => s.name === stripTypePrefix(named));
  const namedModule = namedService && serviceTypeModule(namedService.type);
  // A login that names an OIDC/FIDO service uses only that service (spec §4.1 step 3-4); a second-factor login
  // names its first service in X-1ST-IDENTITY-SERVICE and runs that service again.
  const namedFirstFactor = firstNamed === undefined && namedModule !== undefined
    && (namedModule.credential === 'fido' || namedModule.credential === 'oidc');
  // spec §1.1 OIDC client-credential (batch): only `X-ID-TOKEN`, no service named. Every enabled OIDC service is
  // offered the token (the one whose client id it carries takes it); required services are skipped as for any OIDC
  // login (spec §4.1 step 3).
  const idTokenOnly = named === undefined && firstNamed === undefined && input.basic === undefined && input.headers['x-id-token'] !== undefined;
  // The second request of OIDC + FIDO two-factor names the OIDC service in X-1ST-IDENTITY-SERVICE; it answers
  // from the first request (services/oidc/authenticate-code-login.ts), as OIDC logins skip required services.
  const firstService = firstNamed === undefined ? undefined : services.find((s) => s.name === stripTypePrefix(firstNamed));
  const oidcFirst = firstService !== undefined && serviceTypeModule(firstService.type)?.credential === 'oidc';
  const credential = namedFirstFactor ? namedModule.credential : idTokenOnly || oidcFirst ? 'oidc'
    : input.basic !== undefined ? 'password' : input.certificate !== undefined ? 'certificate' : undefined;

  const contextFor = async (service: IdentityService): Promise<ServiceContext> => ({
    service, settings: await cachedLoginConfig(deps.store, `settings:${service.id}`, now, () => readServiceSettings(deps.store, service.id)), store: deps.store, secrets: deps.secrets,
    globals, log: deps.log, now: deps.now,
  });

  const result = await runChain<Subject>(services.map(toChainService), {
    attempt: async (chainService) => {
      const service = byId.get(chainService.id);
      const module = service && serviceTypeModule(service.type);
      if (service === undefined || module === undefined) {
        return { ok: false, code: 'UNSUPPORTED_TYPE', message: `identity service type ${chainService.type} is not supported` };
      }
      let outcome: AuthOutcome;
      try {
        outcome = await module.authenticate(input, await contextFor(service));
      } catch (err) {
        deps.log.error({ err, identityService: service.name }, 'identity service failed');
        return { ok: false, code: 'SERVICE_UNAVAILABLE', message: `identity service error: ${errorMessage(err)}` };
      }
      if (!outcome.ok) return outcome;
      // spec §4.4: the blocklist is global by name and stops every service; it ends the whole login.
      if (await isBlocked(deps.store.db, outcome.account)) {
        return { ok: false, code: 'ACCOUNT_BLOCKED', message: 'account is blocked', abort: true };
      }
      const roles = await resolveRoles(deps.store, service, module, outcome, now);
      if (!roles.ok) return roles;
      return {
        ok: true,
        subject: { service: chainService, account: outcome.account, roles: roles.grants, roleNames: roles.grants.map((g) => g.roleName), outcome, serviceRecord: service },
      };
    },
    secondFactor: async (chainService, subject) => {
      const first = byId.get(chainService.id);
      const second = first?.secondFactorServiceId == null ? undefined : byId.get(first.secondFactorServiceId);
      const module = second && serviceTypeModule(second.type);
      if (second === undefined || module === undefined || !module.canBeSecondFactor || module.verifySecondFactor === undefined) {
        return { ok: false, code: 'SECOND_FACTOR_MISCONFIGURED', message: 'no valid second factor identity service found' };
      }
      if (second.disabled) return { ok: false, code: 'SECOND_FACTOR_MISCONFIGURED', message: `second factor service ${second.name} is disabled` };
      try {
        const r = await module.verifySecondFactor(input, await contextFor(second), subject.account);
        if (r.ok === 'needed') return { ok: 'needed', secondFactorServiceName: second.name };
        if (r.ok) return { ok: true };
        return { ok: false, code: r.code, message: `second factor ${second.name}: ${r.message}` };
      } catch (err) {
        deps.log.error({ err, identityService: second.name }, 'second factor failed');
        return { ok: false, code: 'SERVICE_UNAVAILABLE', message: `second factor ${second.name}: ${errorMessage(err)}` };
      }
    },
  }, {
    onlyService: namedFirstFactor ? namedService?.name : firstNamed === undefined ? undefined : stripTypePrefix(firstNamed),
    skipRequired: namedFirstFactor || idTokenOnly || oidcFirst,
    accepts: (s) => credential !== undefined && serviceTypeModule(s.type)?.credential === credential,
  });

  if (result.status === 'failed') {
    await recordLoginFailure(deps.store, keys, now);
    await writeHistory(deps.store.db, historyAccount, null, false, input.callerIp, result.trace, now);
    return { status: 'failed', account: historyAccount };
  }
  if (result.status === 'second-factor-needed') {
    const s = result.subject;
    await writeHistory(deps.store.db, s.account, s.serviceRecord.name, false, input.callerIp, result.trace, now);
    return { status: 'second-factor-needed', account: s.account, identityService: label(s.serviceRecord), secondFactorServiceName: result.secondFactorServiceName };
  }

  const subjects = result.subjects;
  const last = subjects[subjects.length - 1];
  if (last === undefined) throw new Error('login chain returned success without a subject');
  const expiries = subjects.map((s) => s.outcome.expiresAt).filter((e): e is number => e !== undefined);
  const data = Object.fromEntries(subjects.filter((s) => s.outcome.data !== undefined).map((s) => [String(s.serviceRecord.id), s.outcome.data]));
  // One transaction for the session, the throttle reset and the history row: one commit per login, not three.
  const { token, session } = await deps.store.db.transaction().execute(async (trx) => {
    const created = await deps.sessions.create({
    accountName: last.account,
    serviceId: last.serviceRecord.id,
    identityService: label(last.serviceRecord),
    subjects: subjects.map((s): SessionSubject => ({
      serviceId: s.serviceRecord.id, serviceName: s.serviceRecord.name, serviceType: s.serviceRecord.type,
      account: s.account, roleNames: s.roleNames,
    })),
    roleGrants: subjects.map((s) => ({ serviceName: s.serviceRecord.name, roles: s.roles })),
    idleTimeoutMs: globals.idleTimeoutMs,
    expiresAt: expiries.length === 0 ? null : Math.min(...expiries),
    forcePasswordChange: subjects.some((s) => s.outcome.forcePasswordChange === true),
    callerIp: input.callerIp,
    data: Object.keys(data).length === 0 ? null : deps.secrets.encrypt(JSON.stringify(data)),
    }, trx);
    // Only a counter that exists needs clearing (the account named in the request is the one counted).
    if (accountCounted || last.account.toLowerCase() !== accountHint?.toLowerCase()) await recordLoginSuccess(trx, last.account);
    await writeHistory(trx, last.account, last.serviceRecord.name, true, input.callerIp, result.trace, now);
    return created;
  });
  return { status: 'success', token, session };
}

type RolesResult = { ok: true; grants: RoleGrant[] } | { ok: false; code: 'BAD_CREDENTIALS' | 'ACCOUNT_DISABLED'; message: string };

/** Roles from Keyward's database (JOC and "-JOC" types) or the provider's role names, resolved to this service's roles. */
async function resolveRoles(store: Store, service: IdentityService, module: IdentityServiceType, outcome: Extract<AuthOutcome, { ok: true }>, now: number): Promise<RolesResult> {
  const providerGrants = (): Promise<RoleGrant[]> => cachedRoleGrants(store, service.id, outcome.providerRoles ?? [], now);
  if (!module.accountsInDatabase) return { ok: true, grants: await providerGrants() };
  const known = outcome.accountRecord;
  const account = known !== undefined && known.serviceId === service.id && known.name === outcome.account
    ? known : await findAccount(store.db, service.id, outcome.account);
  if (account === undefined) return { ok: false, code: 'BAD_CREDENTIALS', message: `account ${outcome.account} does not exist in ${service.name}` };
  if (account.disabled) return { ok: false, code: 'ACCOUNT_DISABLED', message: 'account is disabled' };
  if (module.rolesFromDatabase) return { ok: true, grants: await cachedGrantsOfRoles(store, await rolesOfAccount(store.db, account.id), now) };
  return { ok: true, grants: await providerGrants() };
}

async function writeHistory(db: Store['db'], account: string, serviceName: string | null, success: boolean, ip: string, trace: readonly TraceEntry[], now: number): Promise<void> {
  await insertLoginHistory(db, {
    accountName: account, serviceName, loginDate: now, success, callerIp: ip,
    details: trace.map((t) => ({ identityServiceName: t.identityServiceName, message: t.message, code: t.code })),
  });
}

function toChainService(s: IdentityService): ChainService {
  return {
    id: s.id, name: s.name, type: s.type, ordering: s.ordering, required: s.required, disabled: s.disabled,
    secondFactor: s.secondFactor, twoFactor: s.scheme === 'TWO-FACTOR',
  };
}

/** spec §1.1: `X-IDENTITY-SERVICE` may carry a `TYPE:` prefix (e.g. `OIDC:Entra`). */
export function stripTypePrefix(name: string): string {
  const m = /^(OIDC|OIDC-JOC|FIDO|JOC|LDAP|LDAP-JOC|CERTIFICATE|KEYCLOAK|KEYCLOAK-JOC):(.+)$/.exec(name);
  return m?.[2] ?? name;
}

export function label(service: IdentityService): string {
  return `${service.type}:${service.name}`;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

