import type { RoleGrant } from '../permissions/index.js';
import type { LoginFailureCode } from './login-failure.js';

/**
 * The login chain of spec §4.1 as pure logic over the ordered services; everything that talks to a directory,
 * a database or a token endpoint is behind the two hooks, so the rules are table-tested without I/O
 * (test/unit/login/run-chain.test.ts).
 *
 * - disabled services and second-factor-only services never take part;
 * - required services must all succeed (their subjects are merged; a denial in any of them wins later, when the
 *   session's permissions are compiled); if there is a required service, optional ones are not consulted;
 * - otherwise optional services are tried in order and the first success wins;
 * - a service succeeds only with a role assignment that grants something ("no role assignment found");
 * - a TWO-FACTOR service succeeds only when its second factor succeeds for the same account, or answers
 *   "second factor needed" when the request does not carry the second factor yet.
 */
export interface ChainService {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly ordering: number;
  readonly required: boolean;
  readonly disabled: boolean;
  readonly secondFactor: boolean;
  readonly twoFactor: boolean;
}

export interface ChainSubject {
  readonly service: ChainService;
  readonly account: string;
  readonly roles: readonly RoleGrant[];
}

export type Attempt<S extends ChainSubject> =
  | { readonly ok: true; readonly subject: S }
  | { readonly ok: false; readonly code: LoginFailureCode; readonly message: string; readonly abort?: boolean };

export type SecondFactorCheck =
  | { readonly ok: true }
  | { readonly ok: 'needed'; readonly secondFactorServiceName: string }
  | { readonly ok: false; readonly code: LoginFailureCode; readonly message: string };

export interface ChainHooks<S extends ChainSubject> {
  attempt(service: ChainService): Promise<Attempt<S>>;
  secondFactor(service: ChainService, subject: S): Promise<SecondFactorCheck>;
}

export interface TraceEntry {
  readonly identityServiceName: string;
  readonly ok: boolean;
  readonly code?: LoginFailureCode;
  readonly message: string;
}

export type ChainResult<S extends ChainSubject> =
  | { readonly status: 'success'; readonly subjects: readonly S[]; readonly trace: readonly TraceEntry[] }
  | { readonly status: 'second-factor-needed'; readonly subject: S; readonly secondFactorServiceName: string; readonly trace: readonly TraceEntry[] }
  | { readonly status: 'failed'; readonly trace: readonly TraceEntry[] };

export interface ChainOptions {
  /** Only this service may take part (X-1ST-IDENTITY-SERVICE, or the service named for an OIDC/FIDO login). */
  readonly onlyService?: string | undefined;
  /** Skip the required pass (logins with an OIDC/FIDO first factor, spec §4.1 step 3). */
  readonly skipRequired?: boolean;
  /** Whether an optional service can consume the request's credential at all; others are left out silently. */
  readonly accepts?: (service: ChainService) => boolean;
}

type Step<S extends ChainSubject> =
  | { kind: 'ok'; subject: S }
  | { kind: 'needed'; subject: S; secondFactorServiceName: string }
  | { kind: 'failed'; abort: boolean };

export async function runChain<S extends ChainSubject>(
  services: readonly ChainService[],
  hooks: ChainHooks<S>,
  options: ChainOptions = {},
): Promise<ChainResult<S>> {
  const trace: TraceEntry[] = [];
  const eligible = [...services]
    .filter((s) => !s.disabled && !s.secondFactor)
    .filter((s) => options.onlyService === undefined || s.name === options.onlyService)
    .sort((a, b) => a.ordering - b.ordering || a.id - b.id);

  const step = async (service: ChainService): Promise<Step<S>> => {
    const attempt = await hooks.attempt(service);
    if (!attempt.ok) {
      trace.push({ identityServiceName: service.name, ok: false, code: attempt.code, message: attempt.message });
      return { kind: 'failed', abort: attempt.abort === true };
    }
    const { subject } = attempt;
    if (subject.roles.length === 0) {
      trace.push({ identityServiceName: service.name, ok: false, code: 'NO_ROLE', message: 'login denied: no role assignment found' });
      return { kind: 'failed', abort: false };
    }
    // A role set that grants nothing (only denials, only folders) is no permission assignment (spec §4.1 step 5).
    if (!subject.roles.some((r) => r.permissions.some((p) => !p.excluded))) {
      trace.push({ identityServiceName: service.name, ok: false, code: 'NO_PERMISSION', message: 'login denied: no permission assignment found' });
      return { kind: 'failed', abort: false };
    }
    if (service.twoFactor) {
      const second = await hooks.secondFactor(service, subject);
      if (second.ok === 'needed') {
        trace.push({ identityServiceName: service.name, ok: true, message: 'first factor accepted, second factor needed' });
        return { kind: 'needed', subject, secondFactorServiceName: second.secondFactorServiceName };
      }
      if (!second.ok) {
        trace.push({ identityServiceName: service.name, ok: false, code: second.code, message: second.message });
        return { kind: 'failed', abort: false };
      }
    }
    trace.push({ identityServiceName: service.name, ok: true, message: 'login successful' });
    return { kind: 'ok', subject };
  };

  const required = options.skipRequired === true ? [] : eligible.filter((s) => s.required);
  if (required.length > 0) {
    const subjects: S[] = [];
    for (const service of required) {
      const r = await step(service);
      if (r.kind === 'failed') return { status: 'failed', trace };
      if (r.kind === 'needed') return { status: 'second-factor-needed', subject: r.subject, secondFactorServiceName: r.secondFactorServiceName, trace };
      subjects.push(r.subject);
    }
    return { status: 'success', subjects, trace };
  }

  // Required services take part whatever credential the request carries (a certificate login cannot bypass a
  // required password service); optional ones only when they can consume the credential.
  const optional = eligible.filter((s) => !s.required && (options.accepts === undefined || options.accepts(s)));
  for (const service of optional) {
    const r = await step(service);
    if (r.kind === 'ok') return { status: 'success', subjects: [r.subject], trace };
    if (r.kind === 'needed') return { status: 'second-factor-needed', subject: r.subject, secondFactorServiceName: r.secondFactorServiceName, trace };
    if (r.abort) break;
  }
  if (optional.length === 0) {
    trace.push({ identityServiceName: '*none', ok: false, code: 'NO_CREDENTIALS', message: 'no enabled identity service accepts these credentials' });
  }
  return { status: 'failed', trace };
}
