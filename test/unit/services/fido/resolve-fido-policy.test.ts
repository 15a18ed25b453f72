import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFidoSettings } from '../../../../src/services/fido/fido-settings.js';
import { resolveFidoPolicy } from '../../../../src/services/fido/resolve-fido-policy.js';

describe('resolveFidoPolicy', () => {
  it('defaults the RP ID and the one origin from the public URL', () => {
    const r = resolveFidoPolicy(parseFidoSettings({}), 'https://iam.example.com:8443/');
    assert.ok(r.ok);
    assert.equal(r.policy.rpId, 'iam.example.com');
    assert.deepEqual(r.policy.origins, ['https://iam.example.com:8443']);
    assert.equal(r.policy.userVerification, 'required');
    assert.equal(r.policy.attachment, undefined);
  });
  it('explicit RP ID and origins win (a cluster behind one name)', () => {
    const r = resolveFidoPolicy(parseFidoSettings({ fido: { iamFidoRpId: 'example.com', iamFidoOrigins: ['https://a.example.com', 'https://b.example.com'], iamFidoAttachment: 'ROAMING' } }), 'https://a.example.com');
    assert.ok(r.ok);
    assert.deepEqual(r.policy.origins, ['https://a.example.com', 'https://b.example.com']);
    assert.equal(r.policy.attachment, 'cross-platform');
  });
  it('an IP address is no relying party', () => {
    const r = resolveFidoPolicy(parseFidoSettings({}), 'http://127.0.0.1:4446');
    assert.equal(r.ok, false);
  });
  it('no public URL and no RP ID: not usable', () => assert.equal(resolveFidoPolicy(parseFidoSettings({}), '').ok, false));
});
