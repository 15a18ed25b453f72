import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { SERVICE, call, login, ok, register, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack (spec §5.5): in JS7 an administrator with accounts:view may approve registrations. Here listing needs
// accounts:view, and approve / defer / delete need accounts:manage.
describe('FIDO approval with only the view permission is refused', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  let viewer: string;
  const bulk = (path: string, token?: string) => call(w.url, `/joc/api/iam/fidoregistration/${path}`, { ...(token === undefined ? {} : { token }), body: { identityServiceName: SERVICE, accounts: [{ accountName: 'alice' }] } });

  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url, settings: { iamFidoRequireConfirmedEmail: false } });
    await ok(call(w.url, '/joc/api/iam/role/store', { token: w.root, body: { identityServiceName: 'JOC-INITIAL', roleName: 'account-viewer' } }));
    await ok(call(w.url, '/joc/api/iam/permissions/store', { token: w.root, body: { identityServiceName: 'JOC-INITIAL', roleName: 'account-viewer', permissions: [{ permissionPath: 'sos:products:joc:administration:accounts:view' }] } }));
    await ok(call(w.url, '/joc/api/iam/account/store', { token: w.root, body: { identityServiceName: 'JOC-INITIAL', accountName: 'viewer', password: 'viewer-password', forcePasswordChange: false, roles: ['account-viewer'] } }));
    viewer = String((await ok(login(w.url, 'viewer', 'viewer-password'))).body.accessToken);
    await ok(register(w, new SoftAuthenticator({ origin: w.origin }), 'alice', 'alice@example.org'));
  });
  after(async () => { await w.stop(); await smtp.stop(); });

  it('a viewer lists pending requests and undelivered mails but cannot approve, defer or delete', async () => {
    const list = await ok(call(w.url, '/joc/api/iam/fidoregistrations', { token: viewer, body: { identityServiceName: SERVICE } }));
    assert.equal((list.body.fidoRegistrationItems as unknown[]).length, 1);
    await ok(call(w.url, '/joc/api/mail/outbox', { token: viewer, body: {} }));
    for (const path of ['approve', 'deferr', 'delete']) assert.equal((await bulk(path, viewer)).status, 403, path);
    assert.equal((await call(w.url, '/joc/api/iam/account', { token: w.root, body: { identityServiceName: SERVICE, accountName: 'alice' } })).status, 420, 'no account was created');
    // Control: the same call with accounts:manage works.
    await ok(bulk('approve', w.root));
  });

  it('without a session nothing is listed or changed', async () => {
    assert.equal((await call(w.url, '/joc/api/iam/fidoregistrations', { body: { identityServiceName: SERVICE } })).status, 401);
    for (const path of ['approve', 'deferr', 'delete']) assert.equal((await bulk(path)).status, 401, path);
  });
});
