// Interprets the answer of `POST /authentication/login` (spec §1.1). Failures never say which identity service
// refused (the server hides it too): one message for wrong credentials, blocked or disabled accounts alike.
import type { LoginAnswer } from '../api/types.js';

export type LoginOutcome =
  | { kind: 'signed-in'; answer: LoginAnswer; accessToken: string; sessionTimeoutMs: number }
  | { kind: 'second-factor'; secondFactorService: string; firstIdentityService: string }
  | { kind: 'failed'; message: string };

export const LOGIN_FAILED_MESSAGE = 'Sign-in failed. Check the account name and password and try again.';

export function interpretLoginAnswer(status: number, body: unknown, headers: { get(name: string): string | null }): LoginOutcome {
  if (status === 200 && typeof body === 'object' && body !== null) {
    const answer = body as LoginAnswer;
    const token = answer.accessToken || headers.get('X-Access-Token') || '';
    if (!token && answer.secondFactoridentityService) {
      return {
        kind: 'second-factor',
        secondFactorService: answer.secondFactoridentityService,
        firstIdentityService: answer.identityService ?? '',
      };
    }
    if (!token) return { kind: 'failed', message: LOGIN_FAILED_MESSAGE };
    const headerTimeout = Number(headers.get('X-JOC-Timeout'));
    const sessionTimeoutMs =
      typeof answer.sessionTimeout === 'number' && answer.sessionTimeout > 0
        ? answer.sessionTimeout
        : Number.isFinite(headerTimeout) && headerTimeout > 0
          ? headerTimeout
          : 15 * 60_000;
    return { kind: 'signed-in', answer, accessToken: token, sessionTimeoutMs };
  }
  if (status === 401 || status === 403 || status === 420 || status === 400) {
    return { kind: 'failed', message: LOGIN_FAILED_MESSAGE };
  }
  if (status === 429) {
    return { kind: 'failed', message: 'Too many sign-in attempts. Wait a moment and try again.' };
  }
  return { kind: 'failed', message: `The server could not complete the sign-in (HTTP ${status}). Try again in a moment.` };
}
