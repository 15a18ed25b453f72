import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { approve, assignRole, call, confirmFromMail, lastFailureReasons, loginWithKey, ok, register, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack: logging in with a key whose registration request is still pending (not approved by an administrator).
describe('FIDO login before approval is refused', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url });
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('pending (even confirmed) keys do not log in, with or without account name; approved ones do', async () => {
    const key = new SoftAuthenticator({ origin: w.origin });
    await ok(register(w, key, 'alice', 'alice@example.org'));
    await ok(confirmFromMail(w, smtp, 'alice@example.org'));
    assert.equal((await loginWithKey(w, key)).status, 401);
    assert.match(await lastFailureReasons(w), /unknown security key/);
    // With the account name the options carry a decoy credential id: nothing tells that "alice" is pending.
    const opts = await ok(call(w.url, '/joc/api/iam/fido/request_authentication', { body: { identityServiceName: 'FIDO', accountName: 'alice' } }));
    const decoy = (opts.body.options as { allowCredentials: { id: string }[] }).allowCredentials;
    assert.equal(decoy.length, 1);
    assert.notEqual(decoy[0]?.id, key.credentials[0]?.id);
    await ok(approve(w, ['alice']));
    await assignRole(w, 'alice');
    await ok(loginWithKey(w, key, { accountName: 'alice' }));
  });

  it('a disabled account does not log in with its key', async () => {
    const key = new SoftAuthenticator({ origin: w.origin });
    await ok(register(w, key, 'bob', 'bob@example.org'));
    await ok(confirmFromMail(w, smtp, 'bob@example.org'));
    await ok(approve(w, ['bob']));
    await assignRole(w, 'bob');
    await ok(loginWithKey(w, key));
    await ok(call(w.url, '/joc/api/iam/accounts/disable', { token: w.root, body: { identityServiceName: 'FIDO', accountNames: ['bob'] } }));
    assert.equal((await loginWithKey(w, key)).status, 401);
    assert.match(await lastFailureReasons(w), /disabled/);
  });
});
