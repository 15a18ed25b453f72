import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asAuthenticationResponse, asRegistrationResponse, challengeOf } from '../../../../src/services/fido/parse-credential.js';

describe('WebAuthn JSON shape checks', () => {
  const assertion = { id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'MEUC', userHandle: 'dXNlcg' }, clientExtensionResults: {} };
  it('keeps what is needed and drops extra fields', () => {
    const r = asAuthenticationResponse({ ...assertion, extra: 1, authenticatorAttachment: 'platform' });
    assert.deepEqual(r, { id: 'abc', rawId: 'abc', type: 'public-key', clientExtensionResults: {}, response: assertion.response });
  });
  it('refuses other types, missing parts, non-base64url values', () => {
    assert.equal(asAuthenticationResponse({ ...assertion, type: 'password' }), undefined);
    assert.equal(asAuthenticationResponse({ ...assertion, response: { ...assertion.response, signature: undefined } }), undefined);
    assert.equal(asAuthenticationResponse({ ...assertion, id: 'a b' }), undefined);
    assert.equal(asAuthenticationResponse(null), undefined);
    assert.equal(asRegistrationResponse({ ...assertion, response: { clientDataJSON: 'e30' } }), undefined);
  });
  it('reads the challenge from clientDataJSON, or nothing', () => {
    assert.equal(challengeOf(Buffer.from(JSON.stringify({ challenge: 'xyz' })).toString('base64url')), 'xyz');
    assert.equal(challengeOf('not json'), undefined);
  });
});
