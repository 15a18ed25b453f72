import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basic } from '../../support/api-client.js';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import {
  SERVICE, approve, assertion, call, confirmFromMail, lastFailureReasons, login, loginWithKey, ok, register, startFidoWorld,
  type FidoWorld,
} from './fido-world.js';

const PW = 'PW';

/** Password service PW (TWO-FACTOR) with the FIDO service as its second factor (spec §1.1, §1.13). */
describe('FIDO as second factor', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  const keys: Record<string, SoftAuthenticator> = {};

  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url, serviceBody: { secondFactor: true } });
    await ok(call(w.url, '/joc/api/iam/identityservice/store', { token: w.root, body: { identityServiceName: PW, identityServiceType: 'JOC', serviceAuthenticationScheme: 'TWO-FACTOR', secondFactorIdentityServiceName: SERVICE } }));
    await ok(call(w.url, '/joc/api/iam/role/store', { token: w.root, body: { identityServiceName: PW, roleName: 'pw-user' } }));
    await ok(call(w.url, '/joc/api/iam/permissions/store', { token: w.root, body: { identityServiceName: PW, roleName: 'pw-user', permissions: [{ permissionPath: 'sos:products:controller:view' }] } }));
    for (const name of ['alice', 'mallory']) {
      await ok(call(w.url, '/joc/api/iam/account/store', { token: w.root, body: { identityServiceName: PW, accountName: name, password: `${name}-password`, forcePasswordChange: false, roles: ['pw-user'] } }));
      keys[name] = new SoftAuthenticator({ origin: w.origin });
      await ok(register(w, keys[name], name, `${name}@example.org`));
      await ok(confirmFromMail(w, smtp, `${name}@example.org`));
      await ok(approve(w, [name]));
    }
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  const secondStep = (account: string, body: { requestId: string; credential: unknown }) => call(w.url, '/joc/api/authentication/login', {
    headers: { ...basic(account, `${account}-password`), 'x-1st-identity-service': PW, 'x-identity-service': SERVICE }, body,
  });

  it('the password alone answers "second factor needed"; password plus the own key logs in', async () => {
    const first = await ok(login(w.url, 'alice', 'alice-password'));
    assert.equal(first.body.accessToken, '');
    assert.equal(first.body.isAuthenticated, true);
    assert.equal(first.body.secondFactoridentityService, SERVICE);
    assert.equal(first.body.identityService, `JOC:${PW}`);
    const alice = keys.alice;
    assert.ok(alice);
    const r = await ok(secondStep('alice', await assertion(w, alice, { accountName: 'alice' })));
    assert.equal(r.body.account, 'alice');
    assert.equal(r.body.identityService, `JOC:${PW}`);
    assert.ok(String(r.body.accessToken).length > 20);
  });

  it('usernameless options work for the second step too', async () => {
    const alice = keys.alice;
    assert.ok(alice);
    await ok(secondStep('alice', await assertion(w, alice)));
  });

  it('attack: alice\'s password with mallory\'s key is refused (the key must belong to the first factor\'s account)', async () => {
    const mallory = keys.mallory;
    assert.ok(mallory);
    const own = await assertion(w, mallory, { accountName: 'mallory' });
    assert.equal((await secondStep('alice', own)).status, 401);
    assert.match(await lastFailureReasons(w), /belongs to mallory, not to alice/);
    const usernameless = await assertion(w, mallory);
    assert.equal((await secondStep('alice', usernameless)).status, 401);
    assert.match(await lastFailureReasons(w), /belongs to mallory, not to alice/);
    // Options for alice, answered with mallory's key anyway.
    const forAlice = await assertion(w, mallory, { accountName: 'alice', bend: { credentialId: mallory.credentials[0]?.id ?? '' } });
    assert.equal((await secondStep('alice', forAlice)).status, 401);
    assert.match(await lastFailureReasons(w), /does not belong to the account alice/);
    // Control: mallory with her own password and key gets in.
    await ok(secondStep('mallory', await assertion(w, mallory, { accountName: 'mallory' })));
  });

  it('a wrong password with a valid key is refused', async () => {
    const alice = keys.alice;
    assert.ok(alice);
    const r = await call(w.url, '/joc/api/authentication/login', {
      headers: { ...basic('alice', 'wrong'), 'x-1st-identity-service': PW, 'x-identity-service': SERVICE }, body: await assertion(w, alice, { accountName: 'alice' }),
    });
    assert.equal(r.status, 401);
  });

  it('a second-factor-only FIDO service is not a first factor, and the login page lists it as second factor', async () => {
    const alice = keys.alice;
    assert.ok(alice);
    assert.equal((await loginWithKey(w, alice, { accountName: 'alice' })).status, 401);
    const providers = await ok(call(w.url, '/joc/api/iam/identityproviders', {}));
    assert.deepEqual(providers.body.fidoServiceItems, []);
    assert.deepEqual((providers.body.fido2ndFactorServiceItems as { identityServiceName: string }[]).map((p) => p.identityServiceName), [SERVICE]);
  });
});
