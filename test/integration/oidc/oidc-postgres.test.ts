import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { call } from '../../support/api-client.js';
import { freshPostgresDatabase } from '../../support/postgres.js';
import { oidcTuning } from '../../../src/services/oidc/index.js';
import { claimRenewalLease, recordUsedNonce } from '../../../src/services/oidc/oidc-store.js';
import { baseSettings, createOidcService, lastHistoryFrom, nextIp, oidcLogin, OidcUserAgent, REDIRECT_URI, startOidcTestEnv, type OidcTestEnv } from './oidc-test-env.js';

// The OIDC tables (migration 0004) and their single-use / lease statements on PostgreSQL, the database a cluster of
// instances shares: login, state and nonce replay, renewal, and the atomic lease and nonce inserts.
describe('OIDC relying-party state on PostgreSQL', () => {
  let env: OidcTestEnv;
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  const savedTick = oidcTuning.renewalTickMs;
  const agent = new OidcUserAgent([REDIRECT_URI]);

  before(async () => {
    db = await freshPostgresDatabase();
    oidcTuning.renewalTickMs = 250;
    env = await startOidcTestEnv({ tokenTtlSeconds: 22 }, { databaseUrl: db.url });
    await createOidcService(env, 'Provider', 'OIDC', baseSettings(env));
  });
  after(async () => {
    await env.stop();
    await db.drop();
    oidcTuning.renewalTickMs = savedTick;
  });

  it('logs in; the same code and state a second time are refused', async () => {
    const first = await oidcLogin(env, 'Provider', agent, { login: 'alice' });
    assert.equal(first.response.status, 200, JSON.stringify(first.response.body));
    const ip = nextIp();
    const again = await call(env.kw.url, '/joc/api/authentication/login', { headers: { 'x-identity-service': 'Provider', 'x-forwarded-for': ip }, body: first.body });
    assert.equal(again.status, 401);
    assert.match((await lastHistoryFrom(env, ip))?.details[0]?.message ?? '', /state mismatch/);
  });

  it('renews the tokens before they expire', async () => {
    const before = env.op.grants.filter((g) => g.type === 'refresh_token').length;
    const { response } = await oidcLogin(env, 'Provider', agent, { login: 'bob' });
    assert.equal(response.status, 200);
    const started = Date.now();
    while (env.op.grants.filter((g) => g.type === 'refresh_token').length === before && Date.now() - started < 10_000) await sleep(100);
    assert.ok(env.op.grants.filter((g) => g.type === 'refresh_token').length > before, 'refreshed');
    assert.equal((await call(env.kw.url, '/joc/api/touch', { token: String(response.body.accessToken) })).status, 200);
  });

  it('a renewal lease and a nonce are taken by exactly one of concurrent callers', async () => {
    const store = env.kw.server.app.kw.store;
    const now = Date.now();
    const leases = await Promise.all(Array.from({ length: 8 }, () => claimRenewalLease(store.db, 'session-x', now, now + 30_000)));
    assert.equal(leases.filter(Boolean).length, 1);
    assert.equal(await claimRenewalLease(store.db, 'session-x', now + 31_000, now + 60_000), true, 'an expired lease can be taken again');
    const nonces = await Promise.all(Array.from({ length: 8 }, () => recordUsedNonce(store.db, 'nonce-hash', now + 60_000)));
    assert.equal(nonces.filter(Boolean).length, 1);
  });
});
