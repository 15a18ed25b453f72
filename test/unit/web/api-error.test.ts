import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, extractErrorDetails, fieldForError, mapHttpError, mapNetworkError, normaliseField, plainWords } from '../../../web/src/api/api-error.js';

describe('mapHttpError (spec §1.0 statuses)', () => {
  it('maps 401 and 440 to a session end, whatever the body says', () => {
    for (const status of [401, 440]) {
      const err = mapHttpError(status, { error: { code: 'JOC-440', message: 'Session has expired. New login is neccessary' } });
      assert.equal(err.kind, 'session-ended');
      assert.equal(err.message, 'Your session has expired.');
      assert.equal(err.status, status);
    }
  });

  it('maps 403 to forbidden and keeps the server message (e.g. a forced password change)', () => {
    const err = mapHttpError(403, { error: { code: 'KW_PASSWORD_CHANGE_REQUIRED', message: 'the password must be changed first' } });
    assert.equal(err.kind, 'forbidden');
    assert.equal(err.message, 'The password must be changed first.');
  });

  it('maps 420 {error:{code,message,field}} to a refusal naming the field', () => {
    const err = mapHttpError(420, { deliveryDate: 'x', error: { code: 'JOC-420', message: 'Password is too short', field: 'password' } });
    assert.equal(err.kind, 'rejected');
    assert.equal(err.code, 'JOC-420');
    assert.equal(err.field, 'password');
    assert.equal(err.message, 'Password is too short.');
  });

  it('understands the Fastify validation shape and takes the field from the message', () => {
    const err = mapHttpError(400, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: 'body/accountName must match pattern "^[^:]+$"' });
    assert.equal(err.kind, 'rejected');
    assert.equal(err.field, 'accountName');
    assert.match(err.message, /^AccountName must match pattern/);
  });

  it('maps 5xx and unreadable bodies to a server error with plain words', () => {
    const err = mapHttpError(502, '<html>Bad gateway</html>');
    assert.equal(err.kind, 'server');
    assert.match(err.message, /^The server could not complete the request/);
    assert.equal(mapHttpError(500, undefined).message, 'The server could not complete the request. Try again in a moment.');
  });

  it('gives a generic refusal text when the server sends none', () => {
    assert.equal(mapHttpError(409, {}).message, 'The server refused the request.');
  });

  it('maps a rejected fetch to a network error that says nothing typed was lost', () => {
    const err = mapNetworkError(new TypeError('Failed to fetch'));
    assert.equal(err.kind, 'network');
    assert.equal(err.status, 0);
    assert.match(err.message, /Cannot reach the server/);
    assert.match(err.message, /nothing you typed was lost/);
  });
});

describe('error details', () => {
  it('normalises field paths to the body property name', () => {
    assert.equal(normaliseField('body/accountName'), 'accountName');
    assert.equal(normaliseField('/accounts/0/email'), 'email');
    assert.equal(normaliseField('auditLog.comment'), 'comment');
    assert.equal(normaliseField(undefined), undefined);
  });

  it('strips Java exception prefixes and internal codes', () => {
    assert.equal(plainWords('com.sos.joc.exceptions.JocBadRequestException: account already exists'), 'Account already exists.');
    assert.equal(plainWords('KW_DUPLICATE_NAME: name taken'), 'Name taken.');
    assert.equal(plainWords(''), '');
  });

  it('reads a plain-text body as the message', () => {
    assert.deepEqual(extractErrorDetails('  oops  '), { message: 'oops' });
  });
});

describe('fieldForError', () => {
  const fields = { accountName: 'Account name', password: 'Password', repeatedPassword: 'Repeat password' };

  it('prefers the field named by the server when the form has it', () => {
    assert.equal(fieldForError(new ApiError('rejected', 'whatever', 420, undefined, 'repeatedPassword'), fields), 'repeatedPassword');
  });

  it('finds the field mentioned in the message ("Password is too short" → password)', () => {
    assert.equal(fieldForError(new ApiError('rejected', 'Password is too short.', 420), fields), 'password');
    assert.equal(fieldForError(new ApiError('rejected', 'Account name must not contain ":".', 420), fields), 'accountName');
  });

  it('returns undefined for messages about no field (shown at form level)', () => {
    assert.equal(fieldForError(new ApiError('rejected', 'Approval is unsupported.', 420), fields), undefined);
  });
});
