import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authenticateCertificate, certificateService, verifyCertificateSecondFactor } from '../../../../src/services/certificate/certificate-service.js';
import type { LoginInput, ServiceContext } from '../../../../src/services/identity-service-type.js';
import { insertAccount, insertIdentityService, openStore, type IdentityService, type Store } from '../../../../src/store/index.js';

const verified = (commonName: string): LoginInput['certificate'] => ({
  ok: true, cert: { commonName, fingerprint256: 'AA:BB', serialNumber: '1002', issuer: 'CN=Keyward Test Root CA' },
});
const input = (certificate: LoginInput['certificate'], basic?: LoginInput['basic']): LoginInput => ({ certificate, basic, body: {}, headers: {}, callerIp: '192.0.2.1' });

describe('CERTIFICATE service: single factor and second factor on verified certificates', () => {
  let store: Store;
  let ctx: ServiceContext;
  before(async () => {
    store = await openStore(':memory:');
    const service: IdentityService = await insertIdentityService(store.db, { name: 'Certs', type: 'CERTIFICATE', scheme: 'SINGLE-FACTOR', secondFactorServiceId: null, secondFactor: true, ordering: 1, disabled: false, required: false }, 0);
    await insertAccount(store.db, service.id, { name: 'erin', passwordHash: null, email: null, forcePasswordChange: false, disabled: true }, 0);
    ctx = { service, settings: undefined, store, secrets: undefined as never, globals: undefined as never, log: undefined as never, now: Date.now };
  });
  after(async () => { await store.close(); });

  it('declares what the chain needs: certificate credential, accounts and roles in the database, 2nd factor capable', () => {
    assert.equal(certificateService.type, 'CERTIFICATE');
    assert.equal(certificateService.credential, 'certificate');
    assert.equal(certificateService.rolesFromDatabase, true);
    assert.equal(certificateService.accountsInDatabase, true);
    assert.equal(certificateService.storesPasswords, false);
    assert.equal(certificateService.canBeSecondFactor, true);
    assert.equal(certificateService.canBeRequired, true);
  });

  it('single factor: the account is the CN, exactly (no trimming, no case folding)', async () => {
    assert.deepEqual(await authenticateCertificate(input(verified('alice')), ctx), { ok: true, account: 'alice' });
    assert.deepEqual(await authenticateCertificate(input(verified('Alice ')), ctx), { ok: true, account: 'Alice ' });
  });

  it('single factor: no certificate, a rejected one, or a different account named alongside it fail', async () => {
    assert.equal((await authenticateCertificate(input(undefined), ctx)).ok, false);
    const rejected = await authenticateCertificate(input({ ok: false, reason: 'expired: certificate expired at …' }), ctx);
    assert.deepEqual(rejected, { ok: false, code: 'CERTIFICATE_REJECTED', message: 'certificate rejected: expired: certificate expired at …' });
    const other = await authenticateCertificate(input(verified('alice'), { account: 'bob', password: '' }), ctx);
    assert.equal(!other.ok && other.code, 'CERTIFICATE_REJECTED');
    assert.equal((await authenticateCertificate(input(verified('alice'), { account: 'alice', password: '' }), ctx)).ok, true);
  });

  it('second factor: the CN must equal the first-factor account exactly (JS7 strips "@domain"; we do not)', async () => {
    assert.deepEqual(await verifyCertificateSecondFactor(input(verified('alice')), ctx, 'alice'), { ok: true });
    const other = await verifyCertificateSecondFactor(input(verified('bob')), ctx, 'alice');
    assert.equal(!other.ok && other.code, 'SECOND_FACTOR_FAILED');
    assert.equal((await verifyCertificateSecondFactor(input(verified('alice')), ctx, 'alice@example.org')).ok, false);
  });

  it('second factor: missing or rejected certificates fail at once (never "needed": it is the same request)', async () => {
    const none = await verifyCertificateSecondFactor(input(undefined), ctx, 'alice');
    assert.deepEqual(none, { ok: false, code: 'SECOND_FACTOR_FAILED', message: 'no client certificate presented' });
    const rejected = await verifyCertificateSecondFactor(input({ ok: false, reason: 'revoked: …' }), ctx, 'alice');
    assert.equal(!rejected.ok && rejected.code, 'CERTIFICATE_REJECTED');
  });

  it('second factor: an account disabled in the CERTIFICATE service revokes the factor', async () => {
    const r = await verifyCertificateSecondFactor(input(verified('erin')), ctx, 'erin');
    assert.equal(r.ok === false && r.code, 'ACCOUNT_DISABLED');
  });
});
