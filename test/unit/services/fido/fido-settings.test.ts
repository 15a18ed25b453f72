import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_FIDO_SETTINGS, normaliseOrigin, originMatchesRpId, parseFidoSettings, splitAddresses } from '../../../../src/services/fido/fido-settings.js';

describe('parseFidoSettings', () => {
  it('an empty document is the defaults', () => {
    assert.deepEqual(parseFidoSettings({}), DEFAULT_FIDO_SETTINGS);
    assert.deepEqual(parseFidoSettings({ fido: {} }), DEFAULT_FIDO_SETTINGS);
  });

  it('normalises RP ID case, origins and duplicate values', () => {
    const s = parseFidoSettings({ fido: { iamFidoRpId: 'IAM.Example.COM', iamFidoOrigins: ['https://iam.example.com/', 'https://iam.example.com'], iamFidoTransports: ['USB', 'USB'], iamFidoAlgorithms: [-7, -7] } });
    assert.equal(s.iamFidoRpId, 'iam.example.com');
    assert.deepEqual(s.iamFidoOrigins, ['https://iam.example.com']);
    assert.deepEqual(s.iamFidoTransports, ['USB']);
    assert.deepEqual(s.iamFidoAlgorithms, [-7]);
  });

  const bad: [string, unknown][] = [
    ['not an object', 'x'],
    ['unknown top-level key', { ldap: {} }],
    ['unknown FIDO key', { fido: { iamFidoX: true } }],
    ['string boolean', { fido: { iamFidoRequireAccount: 'yes' } }],
    ['IP RP ID', { fido: { iamFidoRpId: '10.0.0.1' } }],
    ['RP ID with scheme', { fido: { iamFidoRpId: 'https://example.com' } }],
    ['origin with path', { fido: { iamFidoRpId: 'example.com', iamFidoOrigins: ['https://example.com/joc'] } }],
    ['no algorithm', { fido: { iamFidoAlgorithms: [] } }],
    ['unknown transport', { fido: { iamFidoTransports: ['CARRIER-PIGEON'] } }],
    ['confirmed e-mail required without the mail', { fido: { iamFidoEmailSettings: { sendMailToConfirm: false } } }],
  ];
  for (const [what, input] of bad) {
    it(`refuses ${what}`, () => assert.throws(() => parseFidoSettings(input), (e: Error & { code?: string }) => e.code === 'KW_VALIDATION'));
  }

  it('the confirmation mail may be off when approval does not need it', () => {
    const s = parseFidoSettings({ fido: { iamFidoRequireConfirmedEmail: false, iamFidoEmailSettings: { sendMailToConfirm: false } } });
    assert.equal(s.iamFidoEmailSettings.sendMailToConfirm, false);
  });
});

describe('origins and RP IDs', () => {
  it('http only for localhost', () => {
    assert.equal(normaliseOrigin('http://localhost:4446'), 'http://localhost:4446');
    assert.equal(normaliseOrigin('http://node2.localhost:4446'), 'http://node2.localhost:4446');
    assert.throws(() => normaliseOrigin('http://iam.example.com'));
  });
  it('the RP ID is the host or a registrable suffix of it', () => {
    assert.equal(originMatchesRpId('https://iam.example.com', 'example.com'), true);
    assert.equal(originMatchesRpId('https://example.com', 'example.com'), true);
    assert.equal(originMatchesRpId('https://badexample.com', 'example.com'), false);
  });
  it('splits address lists', () => assert.deepEqual(splitAddresses(' a@x.org, b@y.org;;c@z.org '), ['a@x.org', 'b@y.org', 'c@z.org']));
});
