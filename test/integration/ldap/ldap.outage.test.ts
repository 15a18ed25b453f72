import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { MAX_IDLE_BIND_CONNECTIONS } from '../../../src/services/ldap/ldap-connection-pool.js';
import { USERS } from '../../support/ldap-directory.js';
import { startSlapd, type Slapd } from '../../support/slapd-fixture.js';
import { createMappedRoles, openLdapSettings, startLdapKit, type LdapKit } from './ldap-kit.js';

/**
 * The directory slow or gone in the middle of a run: each login gives up on LDAP within the configured timeouts
 * (1 s connect + 1 s read here, so 2 s for the whole LDAP attempt), records why in the login history, and the chain
 * moves on to the next optional service (JOC-INITIAL, where alice has a local password). When the server is back,
 * logins through it work again on fresh connections, and no connection is left behind.
 */
const TIMEOUT_S = 1;
const LDAP_BUDGET_MS = 2 * TIMEOUT_S * 1000;
const LOCAL_PASSWORD = 'local-Alice-1';

let slapd: Slapd;
let kit: LdapKit;
before(async () => {
  slapd = await startSlapd();
  kit = await startLdapKit();
  await kit.createService('Directory', 'LDAP', { ordering: 0 });
  const saved = await kit.saveSettings('Directory', openLdapSettings(slapd, { iamLdapReadTimeout: TIMEOUT_S, iamLdapConnectTimeout: TIMEOUT_S }));
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  await createMappedRoles(kit, 'Directory');
  await kit.createAccount('JOC-INITIAL', 'alice', ['all'], LOCAL_PASSWORD);
});
after(async () => {
  await kit?.stop();
  await slapd?.stop(); // resumes a paused slapd before stopping it
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

async function directoryDetail(account: string): Promise<{ code?: string; message: string } | undefined> {
  return (await kit.lastLoginDetails(account)).find((d) => d.identityServiceName === 'Directory');
}

/** Time of a local (JOC) login with the directory healthy: the part of a login that is not LDAP. */
let localLoginMs = 0;

describe('LDAP server outages', () => {
  it('works while the server is up (warming the pooled connections)', async () => {
    const r = await kit.login(USERS.alice.login, USERS.alice.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('alice')));
    assert.equal(r.body.identityService, 'LDAP:Directory');
    const local = await timed(() => kit.login('alice', LOCAL_PASSWORD));
    assert.equal(local.value.status, 200);
    localLoginMs = local.ms;
  });

  it('a server that stops answering (paused): LDAP gives up within its timeouts and the next service logs in', async () => {
    await slapd.pause();
    try {
      const local = await timed(() => kit.login('alice', LOCAL_PASSWORD));
      assert.equal(local.value.status, 200);
      assert.equal(local.value.body.identityService, 'JOC:JOC-INITIAL');
      assert.ok(local.ms < LDAP_BUDGET_MS + localLoginMs + 1500, `took ${Math.round(local.ms)} ms`);
      const detail = await directoryDetail('alice');
      assert.equal(detail?.code, 'SERVICE_UNAVAILABLE', JSON.stringify(detail));
      assert.match(detail?.message ?? '', /did not (answer|complete)/);

      // A directory user gets a clear refusal in bounded time, not a hanging request.
      const ldapUser = await timed(() => kit.login(USERS.bob.login, USERS.bob.password));
      assert.equal(ldapUser.value.status, 401);
      assert.ok(ldapUser.ms < LDAP_BUDGET_MS + localLoginMs + 1500, `took ${Math.round(ldapUser.ms)} ms`);
      assert.equal((await directoryDetail('bob'))?.code, 'SERVICE_UNAVAILABLE');
    } finally {
      await slapd.resume();
    }
  });

  it('recovers once the server answers again', async () => {
    const r = await kit.login(USERS.bob.login, USERS.bob.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('bob')));
  });

  it('a stopped server: "connection refused" in the login history, fast, and the next service logs in', async () => {
    await slapd.halt();
    const local = await timed(() => kit.login('alice', LOCAL_PASSWORD));
    assert.equal(local.value.status, 200);
    assert.equal(local.value.body.identityService, 'JOC:JOC-INITIAL');
    assert.ok(local.ms < LDAP_BUDGET_MS + localLoginMs + 1500, `took ${Math.round(local.ms)} ms`);
    const detail = await directoryDetail('alice');
    assert.equal(detail?.code, 'SERVICE_UNAVAILABLE');
    assert.match(detail?.message ?? '', /connection refused/);
  });

  it('"test settings" reports the outage instead of hanging', async () => {
    const r = await timed(() => kit.api('/joc/api/iam/ldap/test', { identityServiceName: 'Directory', accountName: 'bob', password: USERS.bob.password }));
    assert.equal(r.value.status, 200);
    assert.equal(r.value.body.ok, false);
    assert.equal(r.value.body.code, 'SERVICE_UNAVAILABLE');
    assert.match(String(r.value.body.message), /connection refused/);
    assert.ok(r.ms < LDAP_BUDGET_MS + 1000);
  });

  it('logs in through the directory again after a restart, on fresh connections', async () => {
    await slapd.start();
    const r = await kit.login(USERS.carol.login, USERS.carol.password);
    assert.equal(r.status, 200, JSON.stringify(await kit.lastLoginDetails('carol')));
    assert.equal(r.body.identityService, 'LDAP:Directory');
  });

  it('leaves no connection behind after the outages', async () => {
    await Promise.all([1, 2, 3, 4, 5, 6].map(() => kit.login(USERS.bob.login, USERS.bob.password)));
    await sleep(100);
    const open = slapd.clientConnections();
    assert.ok(open <= 1 + MAX_IDLE_BIND_CONNECTIONS, `${open} connections open`);
  });
});
