import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { call, type ApiResponse } from '../../support/api-client.js';
import { SERVICE, startFidoWorld, type FidoWorld } from './fido-world.js';

// Attack: an unauthenticated caller floods the self-registration endpoints, each call of which writes a challenge, a
// pending request or a mail. Each endpoint accepts KEYWARD_REGISTRATION_RATE_LIMIT calls per minute per caller
// address; the addresses here come from X-Forwarded-For, trusted from the loopback proxy.
const LIMIT = 3;

function from(address: string): Record<string, string> {
  return { 'x-forwarded-for': address };
}

async function start(w: FidoWorld, address: string, accountName: string, body: Record<string, unknown> = {}): Promise<ApiResponse> {
  return call(w.url, '/joc/api/iam/fidoregistration/request_registration_start', {
    headers: from(address), body: { identityServiceName: SERVICE, accountName, email: `${accountName}@example.org`, ...body },
  });
}

async function challengesFor(w: FidoWorld, accountName: string): Promise<number> {
  const rows = await w.kw.server.app.kw.store.db.selectFrom('fido_challenges').select('id').where('account_name', '=', accountName).execute();
  return rows.length;
}

describe('FIDO self-registration is rate-limited per caller address', () => {
  let w: FidoWorld;
  before(async () => {
    w = await startFidoWorld({ env: { KEYWARD_REGISTRATION_RATE_LIMIT: String(LIMIT), KEYWARD_TRUST_PROXY: '127.0.0.1,::1' } });
  });
  after(async () => { await w.stop(); });

  it('answers 429 in the error format, with Retry-After, after the limit, and stores nothing for the refused call', async () => {
    for (let i = 1; i <= LIMIT; i++) assert.equal((await start(w, '203.0.113.1', `a${i}`)).status, 200);
    const refused = await start(w, '203.0.113.1', 'a4');
    assert.equal(refused.status, 429);
    const error = refused.body.error as { code?: string; message?: string };
    assert.equal(error.code, 'KW_RATE_LIMITED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.equal(error.message, `Too many requests from this address; try again in ${retryAfter} s`);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${String(refused.headers.get('retry-after'))}`);
    assert.equal(refused.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(refused.headers.get('cache-control'), 'no-store');
    assert.equal(await challengesFor(w, 'a4'), 0);
    assert.equal(await challengesFor(w, 'a3'), 1);
  });

  it('counts each address on its own', async () => {
    assert.equal((await start(w, '203.0.113.1', 'b1')).status, 429);
    assert.equal((await start(w, '203.0.113.2', 'b1')).status, 200);
  });

  it('counts an IPv6 caller by its /64 network, which one host can pick addresses from at will', async () => {
    for (let i = 1; i <= LIMIT; i++) assert.equal((await start(w, `2001:db8:5:6::${i}`, `v${i}`)).status, 200);
    assert.equal((await start(w, '2001:db8:5:6:ffff::9', 'v4')).status, 429);
    assert.equal((await start(w, '2001:db8:5:7::1', 'v4')).status, 200);
  });

  it('counts each endpoint on its own and leaves the other public endpoints alone', async () => {
    const confirm = await call(w.url, '/joc/api/iam/fidoregistration/confirm', { headers: from('203.0.113.1'), body: { token: 'not-a-real-token-0000' } });
    assert.equal(confirm.status, 420, JSON.stringify(confirm.body));
    const options = await call(w.url, '/joc/api/iam/fido/request_authentication', { headers: from('203.0.113.1'), body: { identityServiceName: SERVICE } });
    assert.equal(options.status, 200, JSON.stringify(options.body));
    const login = await call(w.url, '/joc/api/authentication/login', { headers: { ...from('203.0.113.1'), authorization: `Basic ${Buffer.from('root:wrong').toString('base64')}` } });
    assert.equal(login.status, 401);
  });

  it('counts calls that fail validation too, so malformed floods are limited as well', async () => {
    for (let i = 0; i < LIMIT; i++) {
      assert.equal((await start(w, '203.0.113.3', 'c1', { email: 'not an address' })).status, 420);
    }
    assert.equal((await start(w, '203.0.113.3', 'c1')).status, 429);
  });

  it('accepts the address again once the minute has passed', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      for (let i = 1; i <= LIMIT; i++) assert.equal((await start(w, '203.0.113.4', `d${i}`)).status, 200);
      assert.equal((await start(w, '203.0.113.4', 'd4')).status, 429);
      mock.timers.tick(59_000);
      assert.equal((await start(w, '203.0.113.4', 'd4')).status, 429);
      mock.timers.tick(1_000);
      assert.equal((await start(w, '203.0.113.4', 'd4')).status, 200);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('KEYWARD_REGISTRATION_RATE_LIMIT=0 turns the limit off', () => {
  let w: FidoWorld;
  before(async () => { w = await startFidoWorld({ env: { KEYWARD_REGISTRATION_RATE_LIMIT: '0' } }); });
  after(async () => { await w.stop(); });

  it('accepts many more calls than the default from one address', async () => {
    for (let i = 0; i < 40; i++) assert.equal((await start(w, '203.0.113.9', `e${i}`)).status, 200);
  });
});
