import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoleGrant } from '../../../src/permissions/index.js';
import { runChain, type Attempt, type ChainService, type ChainSubject, type SecondFactorCheck } from '../../../src/login/run-chain.js';

// Table tests for spec §4.1 / seed 001 "Processing of Identity Services". Each row: services, what each one says,
// and the expected outcome (status, which services' subjects, which services were asked, trace codes).

const GRANT: RoleGrant = { roleName: 'r', permissions: [{ path: 'sos:products:joc:auditlog:view', controllerId: '', excluded: false }], folders: [] };
const DENY_ONLY: RoleGrant = { roleName: 'd', permissions: [{ path: 'sos:products', controllerId: '', excluded: true }], folders: [] };

type Behaviour = 'ok' | 'fail' | 'no-role' | 'no-permission' | 'blocked';
interface Row {
  name: string;
  services: Array<Partial<ChainService> & { name: string; says: Behaviour; second?: SecondFactorCheck }>;
  options?: { onlyService?: string; skipRequired?: boolean; accepts?: string[] };
  status: 'success' | 'failed' | 'second-factor-needed';
  subjects?: string[];
  asked: string[];
  codes?: Array<string | undefined>;
}

const rows: Row[] = [
  { name: 'single optional service succeeds', services: [{ name: 'A', says: 'ok' }], status: 'success', subjects: ['A'], asked: ['A'] },
  { name: 'first optional success wins, later ones are not asked', services: [{ name: 'A', says: 'ok' }, { name: 'B', says: 'ok' }], status: 'success', subjects: ['A'], asked: ['A'] },
  { name: 'optional failure falls through to the next', services: [{ name: 'A', says: 'fail' }, { name: 'B', says: 'ok' }], status: 'success', subjects: ['B'], asked: ['A', 'B'], codes: ['BAD_CREDENTIALS', undefined] },
  { name: 'ordering decides, not list position', services: [{ name: 'A', says: 'ok', ordering: 2 }, { name: 'B', says: 'ok', ordering: 1 }], status: 'success', subjects: ['B'], asked: ['B'] },
  { name: 'disabled services are skipped', services: [{ name: 'A', says: 'ok', disabled: true }, { name: 'B', says: 'fail' }], status: 'failed', asked: ['B'] },
  { name: 'second-factor-only services never take part as first factor', services: [{ name: 'A', says: 'ok', secondFactor: true }], status: 'failed', asked: [] },
  { name: 'all optional fail', services: [{ name: 'A', says: 'fail' }, { name: 'B', says: 'fail' }], status: 'failed', asked: ['A', 'B'] },
  { name: 'required services must all succeed and are merged', services: [{ name: 'A', says: 'ok', required: true }, { name: 'B', says: 'ok', required: true }, { name: 'C', says: 'ok' }], status: 'success', subjects: ['A', 'B'], asked: ['A', 'B'] },
  { name: 'one failing required service fails the login', services: [{ name: 'A', says: 'ok', required: true }, { name: 'B', says: 'fail', required: true }, { name: 'C', says: 'ok' }], status: 'failed', asked: ['A', 'B'] },
  { name: 'with required services, optional ones are not consulted even if required fail', services: [{ name: 'A', says: 'fail', required: true }, { name: 'C', says: 'ok' }], status: 'failed', asked: ['A'] },
  { name: 'required pass stops at the first failure', services: [{ name: 'A', says: 'fail', required: true }, { name: 'B', says: 'ok', required: true }], status: 'failed', asked: ['A'] },
  { name: 'success needs a role assignment', services: [{ name: 'A', says: 'no-role' }, { name: 'B', says: 'ok' }], status: 'success', subjects: ['B'], asked: ['A', 'B'], codes: ['NO_ROLE', undefined] },
  { name: 'roles that grant nothing are not a success', services: [{ name: 'A', says: 'no-permission' }], status: 'failed', asked: ['A'], codes: ['NO_PERMISSION'] },
  { name: 'a blocked account aborts the optional pass', services: [{ name: 'A', says: 'blocked' }, { name: 'B', says: 'ok' }], status: 'failed', asked: ['A'], codes: ['ACCOUNT_BLOCKED'] },
  { name: 'X-1ST-IDENTITY-SERVICE restricts to that service', services: [{ name: 'A', says: 'ok' }, { name: 'B', says: 'ok' }], options: { onlyService: 'B' }, status: 'success', subjects: ['B'], asked: ['B'] },
  { name: 'named OIDC/FIDO logins skip the required pass', services: [{ name: 'A', says: 'ok', required: true }, { name: 'O', says: 'ok' }], options: { onlyService: 'O', skipRequired: true }, status: 'success', subjects: ['O'], asked: ['O'] },
  { name: 'optional services that cannot read the credential are left out', services: [{ name: 'A', says: 'ok' }, { name: 'C', says: 'ok' }], options: { accepts: ['C'] }, status: 'success', subjects: ['C'], asked: ['C'] },
  { name: 'required services take part whatever the credential (no bypass)', services: [{ name: 'A', says: 'fail', required: true }, { name: 'C', says: 'ok' }], options: { accepts: ['C'] }, status: 'failed', asked: ['A'] },
  { name: 'nothing eligible', services: [], status: 'failed', asked: [], codes: ['NO_CREDENTIALS'] },
  { name: 'two-factor: second factor succeeds', services: [{ name: 'A', says: 'ok', twoFactor: true, second: { ok: true } }], status: 'success', subjects: ['A'], asked: ['A'] },
  { name: 'two-factor: second factor missing → needed, no later service', services: [{ name: 'A', says: 'ok', twoFactor: true, second: { ok: 'needed', secondFactorServiceName: 'F' } }, { name: 'B', says: 'ok' }], status: 'second-factor-needed', asked: ['A'] },
  { name: 'two-factor: second factor fails → next optional', services: [{ name: 'A', says: 'ok', twoFactor: true, second: { ok: false, code: 'SECOND_FACTOR_FAILED', message: 'x' } }, { name: 'B', says: 'ok' }], status: 'success', subjects: ['B'], asked: ['A', 'B'], codes: ['SECOND_FACTOR_FAILED', undefined] },
  { name: 'two-factor on a required service fails the login', services: [{ name: 'A', says: 'ok', required: true, twoFactor: true, second: { ok: false, code: 'SECOND_FACTOR_FAILED', message: 'x' } }], status: 'failed', asked: ['A'] },
];

describe('runChain (spec §4.1)', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const services: ChainService[] = row.services.map((s, i) => ({
        id: i + 1, name: s.name, type: 'JOC', ordering: s.ordering ?? i + 1, required: s.required ?? false,
        disabled: s.disabled ?? false, secondFactor: s.secondFactor ?? false, twoFactor: s.twoFactor ?? false,
      }));
      const asked: string[] = [];
      const result = await runChain<ChainSubject>(services, {
        attempt: async (svc): Promise<Attempt<ChainSubject>> => {
          asked.push(svc.name);
          const says = row.services.find((s) => s.name === svc.name)?.says;
          switch (says) {
            case 'ok': return { ok: true, subject: { service: svc, account: 'alice', roles: [GRANT] } };
            case 'no-role': return { ok: true, subject: { service: svc, account: 'alice', roles: [] } };
            case 'no-permission': return { ok: true, subject: { service: svc, account: 'alice', roles: [DENY_ONLY] } };
            case 'blocked': return { ok: false, code: 'ACCOUNT_BLOCKED', message: 'blocked', abort: true };
            default: return { ok: false, code: 'BAD_CREDENTIALS', message: 'wrong password' };
          }
        },
        secondFactor: async (svc) => row.services.find((s) => s.name === svc.name)?.second ?? { ok: false, code: 'SECOND_FACTOR_MISCONFIGURED', message: 'none' },
      }, {
        ...(row.options?.onlyService === undefined ? {} : { onlyService: row.options.onlyService }),
        ...(row.options?.skipRequired === undefined ? {} : { skipRequired: row.options.skipRequired }),
        ...(row.options?.accepts === undefined ? {} : { accepts: (s: ChainService) => row.options?.accepts?.includes(s.name) === true }),
      });
      assert.equal(result.status, row.status);
      assert.deepEqual(asked, row.asked);
      if (row.subjects !== undefined) {
        assert.equal(result.status, 'success');
        if (result.status === 'success') assert.deepEqual(result.subjects.map((s) => s.service.name), row.subjects);
      }
      if (row.codes !== undefined) assert.deepEqual(result.trace.map((t) => t.code), row.codes);
    });
  }
});
