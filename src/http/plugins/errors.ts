import type { FastifyError, FastifyInstance } from 'fastify';
import { ERROR_CODES, KeywardError, type ErrorCode } from '../../errors/index.js';
import { requestLog } from '../logging.js';
import { setSecurityHeaders } from './security-headers.js';

/**
 * Maps every failure to the JS7 wire format in one place (spec §1.0): `{deliveryDate, error:{code, message}}`
 * with 420 for bad input and business errors, 401/403/440 for authentication, never a stack trace, never a 500
 * for anything a client sent. Answers that never reached a handler get the security headers here.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  // Its lines go through requestLog: found missing at start, not by the first error answering 500 instead.
  if (!app.hasDecorator('requestLogRoot')) throw new Error('registerRequestLoggers must run before registerErrorHandling');
  app.setErrorHandler((err: FastifyError | KeywardError | Error, request, reply) => {
    const e = toKeywardError(err);
    setSecurityHeaders(reply, request.url);
    if (e.status >= 500) requestLog(request).error({ err }, 'request failed');
    else requestLog(request).info({ code: e.code, field: e.field }, e.message);
    const body = {
      deliveryDate: new Date().toISOString(),
      error: { code: e.code, message: e.message, ...(e.field === undefined ? {} : { field: e.field }) },
      message: e.message,
      ...(e.status === 401 || e.status === 440 ? { isAuthenticated: false } : {}),
    };
    void reply.status(e.status).type('application/json').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    setSecurityHeaders(reply, request.url);
    const e = new KeywardError('KW_ROUTE_NOT_FOUND', `No such endpoint: ${request.method} ${request.url.split('?')[0] ?? ''}`);
    void reply.status(e.status).send({ deliveryDate: new Date().toISOString(), error: { code: e.code, message: e.message }, message: e.message });
  });
}

function toKeywardError(err: FastifyError | KeywardError | Error): KeywardError {
  if (err instanceof KeywardError) return err;
  const fe = err as FastifyError;
  if (fe.validation !== undefined && fe.validation.length > 0) {
    const v = fe.validation[0];
    const where = (v?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const prop = (v?.params as { missingProperty?: string; additionalProperty?: string } | undefined);
    const field = prop?.missingProperty ?? prop?.additionalProperty ?? (where === '' ? undefined : where);
    let message = `${fe.validationContext ?? 'body'}${where === '' ? '' : `.${where}`} ${v?.message ?? 'is invalid'}`;
    if (prop?.additionalProperty !== undefined) message = `unknown field "${prop.additionalProperty}"`;
    if (prop?.missingProperty !== undefined) message = `missing required field "${prop.missingProperty}"`;
    return new KeywardError('KW_VALIDATION', message, field === undefined ? undefined : { field });
  }
  const byFastifyCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_INVALID_JSON_BODY: 'KW_MALFORMED_JSON',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'KW_MALFORMED_JSON',
    FST_ERR_CTP_BODY_TOO_LARGE: 'KW_BODY_TOO_LARGE',
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'KW_UNSUPPORTED_MEDIA_TYPE',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'KW_VALIDATION',
  };
  const mapped = fe.code === undefined ? undefined : byFastifyCode[fe.code];
  if (mapped !== undefined) return new KeywardError(mapped, ERROR_CODES[mapped].message, { cause: err });
  // SyntaxError from JSON.parse in the content parser, or any 4xx Fastify produced itself.
  if (err instanceof SyntaxError) return new KeywardError('KW_MALFORMED_JSON', undefined, { cause: err });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new KeywardError('KW_VALIDATION', fe.message, { cause: err });
  }
  return new KeywardError('KW_INTERNAL', undefined, { cause: err });
}
