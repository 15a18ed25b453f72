// One error type for every failed REST call, mapped from the JS7 wire statuses (spec §1.0):
// 401/440 = session ended, 403 = permission denied (also "password change required"), 420 and other 4xx = refused
// input or business error ({error:{code, message, field?}}), 5xx = server trouble, fetch rejection = no connection.
// Pure module: no DOM, unit-tested in test/unit/web/api-error.test.ts.

export type ApiErrorKind =
  | 'network' // the request never got an answer (offline, server down, CORS, aborted)
  | 'session-ended' // 401/440 on an authenticated call: the token is gone or expired
  | 'forbidden' // 403: the session lacks the permission (or must change its password first)
  | 'rejected' // 420 / 4xx: the server refused the input or the operation
  | 'server'; // 5xx or an answer that is not the expected JSON

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status: number,
    readonly code?: string,
    /** Form field the refusal concerns, normalised to the request body property name (e.g. "accountName"). */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

const NETWORK_MESSAGE = 'Cannot reach the server. Check your connection and try again — nothing you typed was lost.';
const SESSION_MESSAGE = 'Your session has expired.';

/** Maps a fetch rejection (TypeError "Failed to fetch", AbortError, ...) to a network error. */
export function mapNetworkError(_err: unknown): ApiError {
  return new ApiError('network', NETWORK_MESSAGE, 0);
}

/**
 * Maps a non-2xx answer to an ApiError. `body` is the parsed JSON (or undefined/text when the answer was not JSON).
 * Understands the JS7 shape `{error:{code,message,field?}}`, the login answer `{message, isAuthenticated:false}`
 * and Fastify's default validation shape `{statusCode, code, error:"Bad Request", message:"body/x must ..."}`.
 */
export function mapHttpError(status: number, body: unknown): ApiError {
  const { code, message, field } = extractErrorDetails(body);
  if (status === 401 || status === 440) {
    return new ApiError('session-ended', SESSION_MESSAGE, status, code);
  }
  if (status === 403) {
    return new ApiError('forbidden', plainWords(message) || 'You do not have permission to do this.', status, code);
  }
  if (status >= 500 || status < 400) {
    const detail = plainWords(message);
    const text = detail ? `The server could not complete the request: ${detail}` : 'The server could not complete the request. Try again in a moment.';
    return new ApiError('server', text, status, code);
  }
  return new ApiError('rejected', plainWords(message) || 'The server refused the request.', status, code, field);
}

interface ErrorDetails {
  code?: string;
  message?: string;
  field?: string;
}

export function extractErrorDetails(body: unknown): ErrorDetails {
  if (typeof body === 'string') return { message: body.trim() || undefined };
  if (!isRecord(body)) return {};
  const err = body['error'];
  if (isRecord(err)) {
    return {
      code: asString(err['code']),
      message: asString(err['message']),
      field: normaliseField(asString(err['field'])),
    };
  }
  // Fastify default error answer: {statusCode, code, error:"Bad Request", message:"body/accountName must match ..."}
  const message = asString(body['message']);
  const code = asString(body['code']);
  const fastifyField = message?.match(/^(?:body|querystring|params|headers)[/.]([\w/.[\]-]+)\s/)?.[1];
  const field = normaliseField(asString(body['field']) ?? fastifyField);
  return { code, message: message && fastifyField ? message.replace(/^(?:body|querystring|params|headers)[/.]/, '') : message, field };
}

/** "body/accountName", "/accounts/0/accountName", "auditLog.comment" -> last segment ("accountName", "comment"). */
export function normaliseField(field: string | undefined): string | undefined {
  if (!field) return undefined;
  const parts = field.split(/[/.[\]]+/).filter((p) => p !== '' && !/^\d+$/.test(p) && p !== 'body');
  return parts.at(-1);
}

/** Removes Java exception class prefixes and internal codes so the message reads as plain words. */
export function plainWords(message: string | undefined): string {
  if (!message) return '';
  let text = message.trim();
  text = text.replace(/^(?:[a-z]\w*\.)+[A-Z]\w*(?:Exception|Error):\s*/, '');
  text = text.replace(/^(?:KW|JOC)[-_][\w-]+:\s*/, '');
  if (text && !/[.!?]$/.test(text)) text += '.';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Picks the form field a refusal concerns: the server's `field` if the form has it, otherwise a field whose name or
 * label is mentioned in the message (e.g. "Password is too short" -> "password"). Undefined => show at form level.
 */
export function fieldForError(err: ApiError, fields: Readonly<Record<string, string>>): string | undefined {
  if (err.field) {
    if (err.field in fields) return err.field;
    // Server keys in snake_case ("initial_password") name the camelCase form field ("initialPassword").
    const camel = err.field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (camel in fields) return camel;
  }
  const msg = err.message.toLowerCase().replace(/_/g, ' ');
  // The field mentioned first is usually the subject ("Password is too short", "X is shorter than Y").
  let best: { name: string; at: number; len: number } | undefined;
  for (const [name, label] of Object.entries(fields)) {
    const spaced = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    for (const needle of [name.toLowerCase(), spaced, label.toLowerCase()]) {
      const at = needle ? msg.indexOf(needle) : -1;
      if (at < 0) continue;
      if (!best || at < best.at || (at === best.at && needle.length > best.len)) best = { name, at, len: needle.length };
    }
  }
  return best?.name;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
