import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import {
  SERVICE, assertion, call, finishRegistration, lastFailureReasons, loginWith, ok, onboard, startFidoWorld,
  startRegistration, type FidoWorld,
} from './fido-world.js';

// Attack: an eavesdropper (or a malicious proxy) replays a WebAuthn response it has seen. Challenges are single use.
describe('FIDO replayed challenges are refused', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  let key: SoftAuthenticator;
  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url });
    key = new SoftAuthenticator({ origin: w.origin });
    await onboard(w, smtp, key, 'alice', 'alice@example.org');
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('the same login body twice: the second is refused, the request id is used up', async () => {
    const body = await assertion(w, key, { accountName: 'alice' });
    await ok(loginWith(w, body));
    const replay = await loginWith(w, body);
    assert.equal(replay.status, 401);
    assert.equal(replay.body.message, 'Access denied');
    assert.match(await lastFailureReasons(w), /already used FIDO request id/);
  });

  it('an old assertion under a fresh request id: the challenge does not match', async () => {
    const old = await assertion(w, key, { accountName: 'alice' });
    await ok(loginWith(w, old));
    const fresh = await assertion(w, key, { accountName: 'alice' });
    const replay = await loginWith(w, { requestId: fresh.requestId, credential: old.credential });
    assert.equal(replay.status, 401);
    assert.match(await lastFailureReasons(w), /challenge/i);
  });

  it('an assertion for a failed attempt cannot be retried: the challenge is gone even when verification failed', async () => {
    const body = await assertion(w, key, { accountName: 'alice', bend: { userVerified: false } });
    assert.equal((await loginWith(w, body)).status, 401);
    assert.match(await lastFailureReasons(w), /User verification/);
    assert.equal((await loginWith(w, body)).status, 401);
    assert.match(await lastFailureReasons(w), /already used FIDO request id/);
  });

  it('a registration response replayed after its request was deleted is refused (challenge used)', async () => {
    const other = new SoftAuthenticator({ origin: w.origin });
    const { options } = await startRegistration(w, 'bob', 'bob@example.org');
    const credential = other.createCredential(options);
    await ok(finishRegistration(w, 'bob', 'bob@example.org', credential));
    await ok(call(w.url, '/joc/api/iam/fidoregistration/delete', { token: w.root, body: { identityServiceName: SERVICE, accounts: [{ accountName: 'bob' }] } }));
    const replay = await finishRegistration(w, 'bob', 'bob@example.org', credential);
    assert.equal(replay.status, 420);
    assert.equal((replay.body.error as { code: string }).code, 'KW_WEBAUTHN_REJECTED');
    assert.match(String(replay.body.message), /not started, is finished already/);
  });
});
