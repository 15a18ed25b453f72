import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailVerifyToken } from '../../../web/src/login/email-verify-page.js';
import { base64urlToBuffer, bufferToBase64url } from '../../../web/src/login/webauthn-json.js';

describe('console FIDO helpers', () => {
  it('recognises the confirmation link as a path route and in JS7\'s hash form', () => {
    assert.equal(emailVerifyToken({ pathname: '/email_verify', search: '?token=abc_-1', hash: '' }), 'abc_-1');
    assert.equal(emailVerifyToken({ pathname: '/', search: '', hash: '#/email_verify?token=xyz' }), 'xyz');
    assert.equal(emailVerifyToken({ pathname: '/email_verify', search: '', hash: '' }), '', 'the page, without a token');
    assert.equal(emailVerifyToken({ pathname: '/profile', search: '?token=abc', hash: '' }), null);
  });

  it('base64url round-trips binary values without padding', () => {
    const bytes = new Uint8Array([0, 251, 255, 62, 63, 1, 2]);
    const text = bufferToBase64url(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64url'));
    assert.deepEqual(new Uint8Array(base64urlToBuffer(text)), bytes);
    for (const n of [0, 1, 2, 3, 32]) {
      const b = new Uint8Array(n).map((_, i) => (i * 37) & 255);
      assert.deepEqual(new Uint8Array(base64urlToBuffer(bufferToBase64url(b))), b);
    }
  });
});
