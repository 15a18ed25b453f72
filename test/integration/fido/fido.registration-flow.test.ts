import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, linkIn, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import {
  ROLE, SERVICE, approve, assignRole, call, confirmFromMail, lastFailureReasons, loginWithKey, ok, register, startFidoWorld,
  type FidoWorld,
} from './fido-world.js';

// Issue 7, the whole flow of seed 000: registration → mail → confirm link → approve → role → login.
describe('FIDO registration flow end to end', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url });
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('registers, mails a confirmation link, is approved, gets a role and logs in with the key', async () => {
    const key = new SoftAuthenticator({ origin: w.origin, aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', backupEligible: true });
    await ok(register(w, key, 'alice', 'alice@example.org'));

    // The pending request: not confirmed, not deferred, with the authenticator's model and flags.
    let list = await ok(call(w.url, '/joc/api/iam/fidoregistrations', { token: w.root, body: { identityServiceName: SERVICE } }));
    let items = list.body.fidoRegistrationItems as Record<string, unknown>[];
    assert.equal(items.length, 1);
    assert.deepEqual(
      { accountName: items[0]?.accountName, email: items[0]?.email, confirmed: items[0]?.confirmed, deferred: items[0]?.deferred, model: items[0]?.authenticatorModel, uv: items[0]?.userVerified, be: items[0]?.backupEligible, origin: items[0]?.origin },
      { accountName: 'alice', email: 'alice@example.org', confirmed: false, deferred: false, model: 'iCloud Keychain', uv: true, be: true, origin: w.origin },
    );

    // The confirmation mail went through a real SMTP server, authenticated, from the configured sender.
    const mail = await smtp.waitForMail((m) => m.to.includes('alice@example.org'));
    assert.equal(mail.authUser, 'keyward');
    assert.equal(mail.from, 'keyward@example.org');
    assert.match(mail.subject, /confirm/i);
    assert.match(mail.html, /alice/);
    const link = new URL(linkIn(mail, '/email_verify'));
    assert.equal(link.origin, w.origin);
    assert.match(link.searchParams.get('token') ?? '', /^[A-Za-z0-9_-]{40,}$/);

    // Defer is informational.
    await ok(call(w.url, '/joc/api/iam/fidoregistration/deferr', { token: w.root, body: { identityServiceName: SERVICE, accounts: [{ accountName: 'alice' }] } }));
    const confirmed = await ok(confirmFromMail(w, smtp, 'alice@example.org'));
    assert.equal(confirmed.body.accountName, 'alice');
    list = await ok(call(w.url, '/joc/api/iam/fidoregistrations', { token: w.root, body: { identityServiceName: SERVICE, confirmed: true } }));
    items = list.body.fidoRegistrationItems as Record<string, unknown>[];
    assert.equal(items[0]?.confirmed, true);
    assert.equal(items[0]?.deferred, true);

    await ok(approve(w, ['alice']));
    // Approved: the request is gone, the account exists without roles, the "completed" mail is sent.
    assert.deepEqual((await ok(call(w.url, '/joc/api/iam/fidoregistrations', { token: w.root, body: { identityServiceName: SERVICE } }))).body.fidoRegistrationItems, []);
    const account = await ok(call(w.url, '/joc/api/iam/account', { token: w.root, body: { identityServiceName: SERVICE, accountName: 'alice' } }));
    assert.deepEqual(account.body.roles, []);
    assert.equal(account.body.email, 'alice@example.org');
    const done = await smtp.waitForMail((m) => m.to.includes('alice@example.org') && /completed/i.test(m.subject));
    assert.match(done.html, new RegExp(`${w.origin}/`));

    // Without a role the login is refused ("no role assignment found", spec §4.1).
    assert.equal((await loginWithKey(w, key, { accountName: 'alice' })).status, 401);
    assert.match(await lastFailureReasons(w), /NO_ROLE/);

    await assignRole(w, 'alice');
    const r = await ok(loginWithKey(w, key, { accountName: 'alice' }));
    assert.equal(r.body.account, 'alice');
    assert.equal(r.body.identityService, `FIDO:${SERVICE}`);
    assert.equal(r.body.role, ROLE);
    assert.ok(r.headers.get('x-access-token'));
    assert.equal((await call(w.url, '/joc/api/touch', { token: String(r.body.accessToken) })).status, 200);
  });

  it('passkeys log in without an account name (usernameless)', async () => {
    const passkey = new SoftAuthenticator({ origin: w.origin });
    await ok(register(w, passkey, 'bob', 'bob@example.org'));
    await ok(confirmFromMail(w, smtp, 'bob@example.org'));
    await ok(approve(w, ['bob']));
    await assignRole(w, 'bob');
    const r = await ok(loginWithKey(w, passkey));
    assert.equal(r.body.account, 'bob');
  });

  it('one registration per account name and per e-mail address', async () => {
    const other = new SoftAuthenticator({ origin: w.origin });
    await ok(register(w, other, 'carol', 'carol@example.org'));
    const sameAccount = await call(w.url, '/joc/api/iam/fidoregistration/request_registration_start', { body: { identityServiceName: SERVICE, accountName: 'carol', email: 'carol2@example.org' } });
    assert.equal(sameAccount.status, 420);
    const sameEmail = await call(w.url, '/joc/api/iam/fidoregistration/request_registration_start', { body: { identityServiceName: SERVICE, accountName: 'carol2', email: 'CAROL@example.org' } });
    assert.equal(sameEmail.status, 420);
    assert.equal(sameAccount.body.message, sameEmail.body.message, 'the same answer for both: no enumeration');
    const existingAccount = await call(w.url, '/joc/api/iam/fidoregistration/request_registration_start', { body: { identityServiceName: SERVICE, accountName: 'alice', email: 'new@example.org' } });
    assert.equal(existingAccount.status, 420, 'an approved account cannot register again (it adds keys from the profile)');
    await ok(call(w.url, '/joc/api/iam/fidoregistration/delete', { token: w.root, body: { identityServiceName: SERVICE, accounts: [{ accountName: 'carol' }] } }));
    await ok(register(w, other, 'carol', 'carol@example.org'), 200);
  });

  it('bulk approval is all or nothing', async () => {
    const d = new SoftAuthenticator({ origin: w.origin });
    const e = new SoftAuthenticator({ origin: w.origin });
    await ok(register(w, d, 'dave', 'dave@example.org'));
    await ok(register(w, e, 'erin', 'erin@example.org'));
    await ok(confirmFromMail(w, smtp, 'dave@example.org'));
    const r = await approve(w, ['dave', 'erin']);
    assert.equal(r.status, 420, 'erin has not confirmed');
    assert.equal((await call(w.url, '/joc/api/iam/account', { token: w.root, body: { identityServiceName: SERVICE, accountName: 'dave' } })).status, 420, 'dave was not created either');
    await ok(confirmFromMail(w, smtp, 'erin@example.org'));
    await ok(approve(w, ['dave', 'erin']));
  });

  it('the login page lists the service; the client settings carry no e-mail settings', async () => {
    const providers = await ok(call(w.url, '/joc/api/iam/identityproviders', {}));
    assert.deepEqual((providers.body.fidoServiceItems as { identityServiceName: string }[]).map((p) => p.identityServiceName), [SERVICE]);
    const client = await ok(call(w.url, '/joc/api/iam/identity_fido_client', { body: { identityServiceName: SERVICE } }));
    assert.equal(client.body.iamFidoUserVerification, 'REQUIRED');
    assert.equal(JSON.stringify(client.body).includes('EmailSettings'), false);
  });
});
