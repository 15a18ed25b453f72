import assert from 'node:assert/strict';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { SERVICE, call, loginWithKey, ok, onboard, saveSettings, startFidoWorld, type FidoWorld } from './fido-world.js';

interface Device { credentialId: string; name: string; authenticatorModel: string; userVerified: boolean }

/** More keys (seed "Adding Security Keys", "Registration by Administrators"): add, list, rename, remove. */
describe('FIDO security keys of an account', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  let first: SoftAuthenticator;
  let token: string;
  const devices = async (t = token): Promise<Device[]> => (await ok(call(w.url, '/joc/api/iam/fido/devices', { token: t, body: { identityServiceName: SERVICE, accountName: 'alice' } }))).body.devices as Device[];
  const addKey = async (t: string, key: SoftAuthenticator, name?: string, bend = {}) => {
    const start = await ok(call(w.url, '/joc/api/iam/fido/add_device_start', { token: t, body: { identityServiceName: SERVICE, accountName: 'alice' } }));
    const options = start.body.options as PublicKeyCredentialCreationOptionsJSON;
    return { options, answer: await call(w.url, '/joc/api/iam/fido/add_device', { token: t, body: { identityServiceName: SERVICE, accountName: 'alice', credential: key.createCredential(options, bend), ...(name === undefined ? {} : { name }) } }) };
  };

  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url });
    first = new SoftAuthenticator({ origin: w.origin });
    await onboard(w, smtp, first, 'alice', 'alice@example.org');
    token = String((await ok(loginWithKey(w, first, { accountName: 'alice' }))).body.accessToken);
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('a user adds a second key from the profile; it needs UV and excludes the existing key; it logs in', async () => {
    const second = new SoftAuthenticator({ origin: w.origin, aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4' });
    const { options, answer } = await addKey(token, second, 'Phone');
    await ok(Promise.resolve(answer));
    assert.equal(options.authenticatorSelection?.userVerification, 'required');
    assert.deepEqual(options.excludeCredentials?.map((c) => c.id), [first.credentials[0]?.id]);
    assert.equal(options.user.id, first.credentials[0]?.userHandle, 'one user handle per account');
    const list = await devices();
    assert.deepEqual(list.map((d) => d.name), ['Security key', 'Phone']);
    assert.equal(list[1]?.authenticatorModel, 'Google Password Manager');
    await ok(loginWithKey(w, second, { accountName: 'alice' }));
    await ok(loginWithKey(w, second));
  });

  it('adding a key needs user verification even when the service only prefers it', async () => {
    await ok(saveSettings(w.url, w.root, { iamFidoUserVerification: 'PREFERRED' }));
    const { answer } = await addKey(token, new SoftAuthenticator({ origin: w.origin }), 'No PIN', { userVerified: false });
    assert.equal(answer.status, 420);
    assert.match(String(answer.body.message), /User verification/);
    await ok(saveSettings(w.url, w.root, {}));
  });

  it('rename and remove own keys, but not the last one; an administrator may remove it', async () => {
    const [k1, k2] = await devices();
    assert.ok(k1 && k2);
    await ok(call(w.url, '/joc/api/iam/fido/device/rename', { token, body: { identityServiceName: SERVICE, accountName: 'alice', credentialId: k1.credentialId, name: 'YubiKey on the key ring' } }));
    assert.equal((await devices())[0]?.name, 'YubiKey on the key ring');
    await ok(call(w.url, '/joc/api/iam/fido/remove_devices', { token, body: { identityServiceName: SERVICE, accountName: 'alice', credentialIds: [k1.credentialId] } }));
    assert.equal((await loginWithKey(w, first, { accountName: 'alice', bend: { credentialId: k1.credentialId } })).status, 401, 'a removed key no longer logs in');
    const last = await call(w.url, '/joc/api/iam/fido/remove_devices', { token, body: { identityServiceName: SERVICE, accountName: 'alice', credentialIds: [k2.credentialId] } });
    assert.equal(last.status, 420);
    assert.match(String(last.body.message), /last security key/);
    await ok(call(w.url, '/joc/api/iam/fido/remove_devices', { token: w.root, body: { identityServiceName: SERVICE, accountName: 'alice', credentialIds: [k2.credentialId] } }));
    assert.deepEqual(await devices(w.root), []);
  });

  it('an administrator adds a key for another account', async () => {
    const third = new SoftAuthenticator({ origin: w.origin });
    const { answer } = await addKey(w.root, third, 'Issued by IT');
    await ok(Promise.resolve(answer));
    assert.deepEqual((await devices(w.root)).map((d) => d.name), ['Issued by IT']);
    await ok(loginWithKey(w, third, { accountName: 'alice' }));
  });
});
