import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SERVICE, call, ok, saveSettings, startFidoWorld, type FidoWorld } from './fido-world.js';

// spec §3.5 settings through the generic configuration API (spec §1.5), with Keyward's RP ID and origins.
describe('FIDO settings', () => {
  let w: FidoWorld;
  const read = async (): Promise<Record<string, unknown>> => {
    const r = await ok(call(w.url, '/joc/api/configuration', { token: w.root, body: { configurationType: 'IAM', objectType: 'FIDO', name: SERVICE } }));
    return (JSON.parse(String((r.body.configuration as { configurationItem: string }).configurationItem)) as { fido: Record<string, unknown> }).fido;
  };
  before(async () => { w = await startFidoWorld(); });
  after(async () => { await w.stop(); });

  it('defaults follow spec §3.5 (UV and resident key REQUIRED, 60 s) and approval needs a confirmed e-mail', async () => {
    await ok(saveSettings(w.url, w.root, {}));
    const s = await read();
    assert.equal(s.iamFidoProtocolType, 'FIDO2');
    assert.equal(s.iamFidoUserVerification, 'REQUIRED');
    assert.equal(s.iamFidoResidentKey, 'REQUIRED');
    assert.equal(s.iamFidoTimeout, 60);
    assert.equal(s.iamFidoRequireConfirmedEmail, true);
    assert.deepEqual(s.iamFidoAlgorithms, [-7, -8, -257]);
    const mail = s.iamFidoEmailSettings as Record<string, unknown>;
    assert.equal(mail.sendMailToConfirm, true);
    assert.match(String(mail.bodyRegistration), /\$\{REGISTRATION_VERIFY_LINK\}/);
  });

  it('stores and returns a complete document; the options follow it', async () => {
    await ok(saveSettings(w.url, w.root, {
      iamFidoProtocolType: 'PASSKEY', iamFidoUserVerification: 'PREFERRED', iamFidoTimeout: 120, iamFidoResidentKey: 'PREFERRED',
      iamFidoAttachment: 'PLATFORM', iamFidoTransports: ['INTERNAL', 'HYBRID'], iamFidoRequireAccount: true, iamFidoRpName: 'ACME IAM',
      iamFidoEmailSettings: { subjectRegistration: 'Please confirm, ${ACCOUNT_NAME}', priority: 'high' },
    }));
    const s = await read();
    assert.equal(s.iamFidoTimeout, 120);
    assert.equal((s.iamFidoEmailSettings as Record<string, unknown>).priority, 'HIGH');
    const start = await ok(call(w.url, '/joc/api/iam/fidoregistration/request_registration_start', { body: { identityServiceName: SERVICE, accountName: 'x', email: 'x@example.org' } }));
    const options = start.body.options as { rp: { id: string; name: string }; timeout: number; authenticatorSelection: Record<string, unknown> };
    assert.deepEqual(options.rp, { id: 'localhost', name: 'ACME IAM' });
    assert.equal(options.timeout, 120_000);
    assert.deepEqual(options.authenticatorSelection, { residentKey: 'preferred', requireResidentKey: false, userVerification: 'preferred', authenticatorAttachment: 'platform' });
    const missing = await call(w.url, '/joc/api/iam/fido/request_authentication', { body: { identityServiceName: SERVICE } });
    assert.equal(missing.status, 420, 'iamFidoRequireAccount: an account name is needed');
  });

  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ['unknown key', { iamFidoFoo: 1 }, /unknown setting/],
    ['IP address as RP ID', { iamFidoRpId: '127.0.0.1' }, /domain name/],
    ['origin outside the RP ID', { iamFidoRpId: 'example.com', iamFidoOrigins: ['https://example.org'] }, /not example.com/],
    ['plain http origin', { iamFidoRpId: 'example.com', iamFidoOrigins: ['http://iam.example.com'] }, /https/],
    ['origins without RP ID', { iamFidoOrigins: ['https://iam.example.com'] }, /iamFidoRpId/],
    ['timeout too short', { iamFidoTimeout: 5 }, /between 10 and 600/],
    ['unknown algorithm', { iamFidoAlgorithms: [-1] }, /unsupported COSE algorithm/],
    ['bad user verification', { iamFidoUserVerification: 'ALWAYS' }, /iamFidoUserVerification/],
    ['bad cc address', { iamFidoEmailSettings: { ccRegistration: 'nobody' } }, /ccRegistration/],
  ];
  for (const [what, fido, message] of refusals) {
    it(`refuses ${what}`, async () => {
      const r = await saveSettings(w.url, w.root, fido);
      assert.equal(r.status, 420, JSON.stringify(r.body));
      assert.match(String(r.body.message), message);
    });
  }
});
