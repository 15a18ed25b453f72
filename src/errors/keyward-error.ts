/**
 * One failure taxonomy for the whole server (style.md: "one failure taxonomy with stable codes").
 * Every error a client can see is a KeywardError with a stable `code`; `http/plugins/errors.ts` maps the code to
 * the JS7 wire status (420/401/403/440) in exactly one place. Messages never contain secrets.
 */
export const ERROR_CODES = {
  KW_VALIDATION: { status: 420, message: 'The request is invalid' },
  KW_MALFORMED_JSON: { status: 420, message: 'The request body is not valid JSON' },
  KW_BODY_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  KW_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Content-Type must be application/json' },
  KW_NOT_FOUND: { status: 420, message: 'The object does not exist' },
  KW_ALREADY_EXISTS: { status: 420, message: 'The object already exists' },
  KW_CONFLICT: { status: 420, message: 'The request conflicts with the current state' },
  KW_LAST_IDENTITY_SERVICE: { status: 420, message: 'The last identity service cannot be deleted' },
  KW_PASSWORD_POLICY: { status: 420, message: 'The password does not meet the password policy' },
  KW_WRONG_PASSWORD: { status: 420, message: 'The old password is wrong' },
  KW_WEBAUTHN_REJECTED: { status: 420, message: 'The security key response was rejected' },
  KW_AUTHORIZATION_HEADER: { status: 420, message: 'Authorization header with basic based64part expected' },
  KW_NOT_AUTHENTICATED: { status: 401, message: 'Not authenticated' },
  KW_ACCESS_DENIED: { status: 401, message: 'Access denied' },
  KW_SESSION_EXPIRED: { status: 440, message: 'Session has expired. New login is necessary' },
  KW_FORBIDDEN: { status: 403, message: 'Access denied: missing permission' },
  KW_PASSWORD_CHANGE_REQUIRED: { status: 403, message: 'The password must be changed before any other call' },
  KW_ROUTE_NOT_FOUND: { status: 404, message: 'No such endpoint' },
  KW_RATE_LIMITED: { status: 429, message: 'Too many requests from this address; try again later' },
  KW_UNAVAILABLE: { status: 503, message: 'A dependency is unavailable' },
  KW_INTERNAL: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class KeywardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** The request field the error concerns (JSON pointer-ish path), so the UI can show it next to the field. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message?: string, options?: { field?: string; cause?: unknown }) {
    super(message ?? ERROR_CODES[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KeywardError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.field = options?.field;
  }
}

export const notFound = (what: string, field?: string): KeywardError =>
  new KeywardError('KW_NOT_FOUND', `${what} does not exist`, field === undefined ? undefined : { field });

export const invalid = (message: string, field?: string): KeywardError =>
  new KeywardError('KW_VALIDATION', message, field === undefined ? undefined : { field });
