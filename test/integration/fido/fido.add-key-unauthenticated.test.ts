import assert from 'node:assert/strict';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { SERVICE, call, finishRegistration, loginWithKey, ok, onboard, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack (spec §5.2): JS7's `fido/add_device` adds a key to any account without authentication. Here adding a key
// needs a session of that account (or accounts:manage), and the ceremony is bound to the session that started it.
describe('FIDO adding a key to someone else\'s account is refused', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  let aliceKey: SoftAuthenticator;
  let bobKey: SoftAuthenticator;
  let aliceToken: string;
  let bobToken: string;
  const devicesOfAlice = async (): Promise<number> => ((await ok(call(w.url, '/joc/api/iam/fido/devices', { token: w.root, body: { identityServiceName: SERVICE, accountName: 'alice' } }))).body.devices as unknown[]).length;
  const start = (token: string | undefined, accountName = 'alice') => call(w.url, '/joc/api/iam/fido/add_device_start', { ...(token === undefined ? {} : { token }), body: { identityServiceName: SERVICE, accountName } });
  const finish = (token: string | undefined, credential: unknown, accountName = 'alice') => call(w.url, '/joc/api/iam/fido/add_device', { ...(token === undefined ? {} : { token }), body: { identityServiceName: SERVICE, accountName, credential } });

  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url });
    aliceKey = new SoftAuthenticator({ origin: w.origin });
    bobKey = new SoftAuthenticator({ origin: w.origin });
    await onboard(w, smtp, aliceKey, 'alice', 'alice@example.org');
    await onboard(w, smtp, bobKey, 'bob', 'bob@example.org');
    aliceToken = String((await ok(loginWithKey(w, aliceKey, { accountName: 'alice' }))).body.accessToken);
    bobToken = String((await ok(loginWithKey(w, bobKey, { accountName: 'bob' }))).body.accessToken);
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('without a session every key operation answers 401 and nothing is added', async () => {
    const attacker = new SoftAuthenticator({ origin: w.origin });
    assert.equal((await start(undefined)).status, 401);
    const { options } = (await ok(start(aliceToken))).body as unknown as { options: PublicKeyCredentialCreationOptionsJSON };
    assert.equal((await finish(undefined, attacker.createCredential(options))).status, 401);
    assert.equal((await call(w.url, '/joc/api/iam/fido/devices', { body: { identityServiceName: SERVICE, accountName: 'alice' } })).status, 401);
    assert.equal((await call(w.url, '/joc/api/iam/fido/remove_devices', { body: { identityServiceName: SERVICE, accountName: 'alice', credentialIds: [aliceKey.credentials[0]?.id ?? ''] } })).status, 401);
    // JS7's unauthenticated body shape is refused too.
    const js7 = await call(w.url, '/joc/api/iam/fido/add_device', { body: { identityServiceName: SERVICE, accountName: 'alice', publicKey: 'x', credentialId: 'y', origin: w.origin } });
    assert.ok(js7.status === 401 || js7.status === 420, `got ${js7.status}`);
    assert.equal(await devicesOfAlice(), 1);
  });

  it('another user\'s session gets 403 for alice\'s keys', async () => {
    assert.equal((await start(bobToken)).status, 403);
    assert.equal((await call(w.url, '/joc/api/iam/fido/devices', { token: bobToken, body: { identityServiceName: SERVICE, accountName: 'alice' } })).status, 403);
    assert.equal((await call(w.url, '/joc/api/iam/fido/device/rename', { token: bobToken, body: { identityServiceName: SERVICE, accountName: 'alice', credentialId: aliceKey.credentials[0]?.id ?? '', name: 'pwned' } })).status, 403);
    assert.equal((await call(w.url, '/joc/api/iam/fido/remove_devices', { token: bobToken, body: { identityServiceName: SERVICE, accountName: 'alice', credentialIds: [aliceKey.credentials[0]?.id ?? ''] } })).status, 403);
    assert.equal(await devicesOfAlice(), 1);
  });

  it('a ceremony alice started cannot be finished by another session, nor as a public registration', async () => {
    const { options } = (await ok(start(aliceToken))).body as unknown as { options: PublicKeyCredentialCreationOptionsJSON };
    const attacker = new SoftAuthenticator({ origin: w.origin });
    const credential = attacker.createCredential(options);
    // As a self-registration for alice: the challenge belongs to another ceremony kind.
    const asRegistration = await finishRegistration(w, 'alice', 'alice@example.org', credential);
    assert.equal(asRegistration.status, 420);
    // From bob's session: not bob's account.
    assert.equal((await finish(bobToken, credential)).status, 403);
    // From another session of alice herself (e.g. a stolen, older token): bound to the starting session.
    const otherSession = String((await ok(loginWithKey(w, aliceKey, { accountName: 'alice' }))).body.accessToken);
    const { options: o2 } = (await ok(start(aliceToken))).body as unknown as { options: PublicKeyCredentialCreationOptionsJSON };
    const r = await finish(otherSession, attacker.createCredential(o2));
    assert.equal(r.status, 420);
    assert.match(String(r.body.message), /another session/);
    assert.equal(await devicesOfAlice(), 1);
  });
});
