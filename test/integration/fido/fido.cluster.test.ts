import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { call, rootSession } from '../../support/api-client.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { freshPostgresDatabase } from '../../support/postgres.js';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { ROLE, SERVICE, assertion, assignRole, confirmFromMail, finishRegistration, loginWith, ok, saveSettings, startRegistration, type FidoWorld } from './fido-world.js';

// Two instances on one PostgreSQL behind one relying party ID (issue 7: "any instance can finish a ceremony another
// started"; JS7 needs a registration per instance). Both share the secret key file, as a cluster must.
describe('FIDO across two instances on PostgreSQL', () => {
  let smtp: SmtpFixture;
  let a: TestKeyward;
  let b: TestKeyward;
  let wa: FidoWorld;
  let wb: FidoWorld;
  let drop: () => Promise<void>;
  let shared: string;

  before(async () => {
    smtp = await startSmtp();
    const database = await freshPostgresDatabase();
    drop = database.drop;
    shared = mkdtempSync(path.join(tmpdir(), 'kw-fido-cluster-'));
    const env = { KEYWARD_DATABASE_URL: database.url, KEYWARD_SECRET_KEY_FILE: path.join(shared, 'secret.key'), KEYWARD_SMTP_URL: smtp.url, KEYWARD_MAIL_FROM: 'keyward@example.org' };
    a = await startKeyward({ host: 'localhost', env });
    b = await startKeyward({ host: 'localhost', env });
    const root = await rootSession(a.url);
    const world = (kw: TestKeyward): FidoWorld => ({ kw, url: kw.url, origin: kw.url, root, advanceClock: () => undefined, stop: () => kw.stop() });
    wa = world(a);
    wb = world(b);
    await ok(call(a.url, '/joc/api/iam/identityservice/store', { token: root, body: { identityServiceName: SERVICE, identityServiceType: 'FIDO', serviceAuthenticationScheme: 'SINGLE-FACTOR' } }));
    await ok(saveSettings(a.url, root, { iamFidoRpId: 'localhost', iamFidoOrigins: [a.url, b.url] }));
    await ok(call(b.url, '/joc/api/iam/role/store', { token: root, body: { identityServiceName: SERVICE, roleName: ROLE } }));
    await ok(call(b.url, '/joc/api/iam/permissions/store', { token: root, body: { identityServiceName: SERVICE, roleName: ROLE, permissions: [{ permissionPath: 'sos:products:controller:view' }] } }));
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await drop?.();
    await smtp?.stop();
    rmSync(shared, { recursive: true, force: true });
  });

  it('registration started on A is finished on B; the mail is sent once; confirm and approve on either', async () => {
    const key = new SoftAuthenticator({ origin: wa.origin });
    const { options } = await startRegistration(wa, 'alice', 'alice@example.org');
    await ok(finishRegistration(wb, 'alice', 'alice@example.org', key.createCredential(options)));
    await ok(confirmFromMail(wb, smtp, 'alice@example.org'));
    await new Promise((r) => setTimeout(r, 2500)); // both outbox workers polled at least once more
    assert.equal(smtp.inbox.filter((m) => m.to.includes('alice@example.org')).length, 1, 'one mail, not one per instance');
    await ok(call(a.url, '/joc/api/iam/fidoregistration/approve', { token: wa.root, body: { identityServiceName: SERVICE, accounts: [{ accountName: 'alice' }] } }));
    await assignRole(wa, 'alice');

    // Login options from A, answered on B; one registration serves both origins.
    const body = await assertion(wa, key, { accountName: 'alice' });
    const r = await ok(loginWith(wb, body));
    assert.equal(r.body.account, 'alice');
    // The challenge is gone on every instance.
    assert.equal((await loginWith(wa, body)).status, 401);
    key.origin = wb.origin;
    await ok(loginWith(wa, await assertion(wb, key, { accountName: 'alice' })));
  });
});
