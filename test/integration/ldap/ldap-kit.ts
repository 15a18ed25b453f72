import assert from 'node:assert/strict';
import { call, login as apiLogin, rootSession, type ApiResponse } from '../../support/api-client.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { BASE_DN, GROUP, GROUPS, PEOPLE, READER_DN, READER_PASSWORD } from '../../support/ldap-directory.js';
import type { Slapd } from '../../support/slapd-fixture.js';

/**
 * Shared steps of the LDAP integration tests: a real Keyward (in-process, fresh SQLite) with a controllable clock,
 * so failed-login throttling (which these tests trigger on purpose, many times) never delays the next login: every
 * login moves the clock past the longest back-off. Sessions last a day so the admin token stays valid meanwhile.
 */
export interface LdapKit {
  readonly kw: TestKeyward;
  readonly token: string;
  login(account: string, password: string, headers?: Record<string, string>): Promise<ApiResponse>;
  /** Moves Keyward's clock forward (login() does it by 31 s, past the longest throttling back-off). */
  advanceClock(ms: number): void;
  api<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>>;
  createService(name: string, type: 'LDAP' | 'LDAP-JOC' | 'JOC', opts?: { ordering?: number; required?: boolean }): Promise<void>;
  updateService(name: string, change: { ordering?: number; required?: boolean; disabled?: boolean }): Promise<void>;
  saveSettings(service: string, item: unknown): Promise<ApiResponse>;
  readSettings(service: string): Promise<Record<string, unknown>>;
  /** A role in `service` granting `permission` (default the whole `sos:products` tree). */
  createRole(service: string, role: string, permission?: string): Promise<void>;
  createAccount(service: string, account: string, roles: string[], password?: string): Promise<void>;
  /** Details of the newest login-history entry of `account`. */
  lastLoginDetails(account: string): Promise<{ identityServiceName: string; message: string; code?: string }[]>;
  stop(): Promise<void>;
}

export async function startLdapKit(): Promise<LdapKit> {
  let clock = Date.now();
  const kw = await startKeyward({ now: () => clock });
  let token = '';
  const api = async <T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>> => call<T>(kw.url, path, { token, body });
  try {
    token = await rootSession(kw.url);
    const g = await call(kw.url, '/joc/api/configuration/save', { token, body: { configurationType: 'GLOBALS', configurationItem: JSON.stringify({ identityService: { idle_session_timeout: { value: '1d' } } }) } });
    assert.equal(g.status, 200, JSON.stringify(g.body));
    token = await rootSession(kw.url); // a session created under the 1-day idle timeout
  } catch (err) {
    await kw.stop();
    throw err;
  }
  const ok = (r: ApiResponse, what: string): void => assert.equal(r.status, 200, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return {
    kw,
    token,
    api,
    advanceClock: (ms) => { clock += ms; },
    login: async (account, password, headers = {}) => {
      clock += 31_000;
      return apiLogin(kw.url, account, password, headers);
    },
    createService: async (name, type, opts = {}) => {
      ok(await api('/joc/api/iam/identityservice/store', {
        identityServiceName: name, identityServiceType: type, serviceAuthenticationScheme: 'SINGLE-FACTOR',
        ordering: opts.ordering ?? 10, required: opts.required ?? false, disabled: false,
      }), `create service ${name}`);
    },
    updateService: async (name, change) => {
      ok(await api('/joc/api/iam/identityservice/store', { identityServiceName: name, ...change }), `update service ${name}`);
    },
    saveSettings: async (service, item) => api('/joc/api/configuration/save', {
      configurationType: 'IAM', name: service, configurationItem: JSON.stringify(item),
    }),
    readSettings: async (service) => {
      const r = await api<{ configuration: { configurationItem: string } }>('/joc/api/configuration', { configurationType: 'IAM', name: service });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return JSON.parse(r.body.configuration.configurationItem) as Record<string, unknown>;
    },
    createRole: async (service, role, permission = 'sos:products') => {
      ok(await api('/joc/api/iam/role/store', { identityServiceName: service, roleName: role }), `role ${role}`);
      ok(await api('/joc/api/iam/permissions/store', { identityServiceName: service, roleName: role, permissions: [{ permissionPath: permission }] }), `permissions of ${role}`);
    },
    createAccount: async (service, account, roles, password) => {
      ok(await api('/joc/api/iam/account/store', { identityServiceName: service, accountName: account, roles, ...(password === undefined ? {} : { password }) }), `account ${account}`);
    },
    lastLoginDetails: async (account) => {
      const r = await api<{ loginHistoryItems: { loginDate: string; details: { loginHistoryItems: { identityServiceName: string; message: string; code?: string }[] } }[] }>(
        '/joc/api/audit_log/login_history', { accountName: account, limit: 50 },
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const newest = [...r.body.loginHistoryItems].sort((a, b) => b.loginDate.localeCompare(a.loginDate))[0];
      assert.ok(newest, `no login history for ${account}`);
      return newest.details.loginHistoryItems;
    },
    stop: () => kw.stop(),
  };
}

/** Expert settings for the fixture directory: search-then-bind as cn=reader, memberOf, the test group map. */
export function openLdapSettings(slapd: Slapd, expert: Record<string, unknown> = {}, simple?: Record<string, unknown>): Record<string, unknown> {
  return {
    ldap: {
      ...(simple === undefined ? {} : { simple }),
      expert: {
        iamLdapServerUrl: slapd.url,
        iamLdapReadTimeout: 2,
        iamLdapConnectTimeout: 2,
        iamLdapSystemUser: READER_DN,
        iamLdapSystemPassword: READER_PASSWORD,
        iamLdapSearchBase: PEOPLE,
        iamLdapGroupSearchBase: GROUPS,
        iamLdapUserSearchFilter: '(uid=%s)',
        iamLdapUserNameAttribute: 'uid',
        iamLdapGroupNameAttribute: 'memberOf',
        iamLdapGroupRolesMap: {
          iamLdapDisableNestedGroupSearch: false,
          items: [
            { ldapGroupDn: GROUP.admins, roles: ['all'] },
            { ldapGroupDn: GROUP.users, roles: ['viewer'] },
            { ldapGroupDn: GROUP.staff, roles: ['staff'] },
            { ldapGroupDn: GROUP.cycleB, roles: ['cycler'] },
            { ldapGroupDn: GROUP.weird, roles: ['viewer'] },
          ],
        },
        ...expert,
      },
    },
  };
}

/** Creates the roles the fixture's group map names, each granting something. */
export async function createMappedRoles(kit: LdapKit, service: string): Promise<void> {
  await kit.createRole(service, 'all');
  await kit.createRole(service, 'viewer', 'sos:products:joc:dailyplan:view');
  await kit.createRole(service, 'staff', 'sos:products:joc:inventory:view');
  await kit.createRole(service, 'cycler', 'sos:products:joc:calendars:view');
}

export const LDAP_BASE = BASE_DN;
