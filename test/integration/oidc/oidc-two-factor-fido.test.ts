import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtp, type SmtpFixture } from '../../support/smtp-fixture.js';
import { SoftAuthenticator } from '../../support/soft-authenticator.js';
import { OidcProviderFixture } from '../../support/oidc-provider-fixture.js';
import { OidcUserAgent } from '../../support/oidc-user-agent.js';
import { SERVICE, approve, assertion, call, confirmFromMail, lastFailureReasons, ok, register, startFidoWorld, type FidoWorld } from '../fido/fido-world.js';
import { baseSettings, REDIRECT_URI, STAFF_PERMISSIONS } from './oidc-test-env.js';

// Issue 5: OIDC as the first factor of a TWO-FACTOR service with a FIDO second factor (spec §1.1, §1.13). The first
// request (the code login) answers "second factor needed"; the second repeats {code, state, redirectUri} with the
// FIDO assertion, X-IDENTITY-SERVICE: <FIDO service> and X-1ST-IDENTITY-SERVICE: <OIDC service>. Code and state are
// single-use, so Keyward keeps the verified first factor under the state for that one second request.
describe('OIDC first factor + FIDO second factor', () => {
  let smtp: SmtpFixture;
  let w: FidoWorld;
  let op: OidcProviderFixture;
  const keys: Record<string, SoftAuthenticator> = {};
  const agent = new OidcUserAgent([REDIRECT_URI]);

  /** Step 1: authorize, provider login as `login`, POST the code. Returns the body for step 2 and the answer. */
  async function firstStep(login: string): Promise<{ body: Record<string, string>; answer: Record<string, unknown>; status: number }> {
    const a = await ok(call(w.url, '/joc/api/iam/oidc/authorize', { body: { identityServiceName: 'Provider', redirectUri: REDIRECT_URI } }));
    const { callback } = await agent.authorize(String(a.body.authorizationUrl), { login });
    const body = { code: callback.searchParams.get('code') ?? '', state: callback.searchParams.get('state') ?? '', redirectUri: REDIRECT_URI };
    const r = await call(w.url, '/joc/api/authentication/login', { headers: { 'x-identity-service': 'Provider' }, body });
    return { body, answer: r.body, status: r.status };
  }
  const secondStep = (body: Record<string, string>, fido: { requestId: string; credential: unknown }) => call(w.url, '/joc/api/authentication/login', {
    headers: { 'x-identity-service': SERVICE, 'x-1st-identity-service': 'OIDC:Provider' }, body: { ...body, ...fido },
  });

  before(async () => {
    smtp = await startSmtp();
    w = await startFidoWorld({ smtpUrl: smtp.url, serviceBody: { secondFactor: true } });
    op = await OidcProviderFixture.start({ redirectUris: [REDIRECT_URI] });
    await ok(call(w.url, '/joc/api/iam/identityservice/store', { token: w.root, body: { identityServiceName: 'Provider', identityServiceType: 'OIDC', serviceAuthenticationScheme: 'TWO-FACTOR', secondFactorIdentityServiceName: SERVICE } }));
    await ok(call(w.url, '/joc/api/iam/role/store', { token: w.root, body: { identityServiceName: 'Provider', roleName: 'staff' } }));
    await ok(call(w.url, '/joc/api/iam/permissions/store', { token: w.root, body: { identityServiceName: 'Provider', roleName: 'staff', permissions: STAFF_PERMISSIONS } }));
    await ok(call(w.url, '/joc/api/configuration/save', { token: w.root, body: { configurationType: 'IAM', objectType: 'OIDC', name: 'Provider', configurationItem: JSON.stringify({ oidc: baseSettings({ op }) }) } }));
    for (const name of ['alice', 'bob']) {
      keys[name] = new SoftAuthenticator({ origin: w.origin });
      await ok(register(w, keys[name], name, `${name}@example.org`));
      await ok(confirmFromMail(w, smtp, `${name}@example.org`));
      await ok(approve(w, [name]));
    }
  });
  after(async () => {
    await w.stop();
    await op.close();
    await smtp.stop();
  });

  it('the provider login alone answers "second factor needed"; with alice\'s key the second request logs in', async () => {
    const first = await firstStep('alice');
    assert.equal(first.status, 200, JSON.stringify(first.answer));
    assert.equal(first.answer.accessToken, '');
    assert.equal(first.answer.secondFactoridentityService, SERVICE);
    assert.equal(first.answer.identityService, 'OIDC:Provider');
    const second = await secondStep(first.body, await assertion(w, keys.alice!, { accountName: 'alice' }));
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.account, 'alice');
    assert.equal(second.body.identityService, 'OIDC:Provider');
    assert.ok(String(second.body.accessToken).length > 20);
    // The kept first factor is single-use.
    const replay = await secondStep(first.body, await assertion(w, keys.alice!, { accountName: 'alice' }));
    assert.equal(replay.status, 401);
    assert.match(await lastFailureReasons(w), /no pending OIDC first factor/);
  });

  it('attack: alice\'s provider login with bob\'s key is refused', async () => {
    const first = await firstStep('alice');
    const r = await secondStep(first.body, await assertion(w, keys.bob!, { accountName: 'bob' }));
    assert.equal(r.status, 401);
    assert.match(await lastFailureReasons(w), /belongs to bob, not to alice/);
  });

  it('a second request with a state that never passed the first step is refused', async () => {
    const r = await secondStep({ code: 'x', state: 'made-up', redirectUri: REDIRECT_URI }, await assertion(w, keys.alice!, { accountName: 'alice' }));
    assert.equal(r.status, 401);
    assert.match(await lastFailureReasons(w), /no pending OIDC first factor/);
  });
});
