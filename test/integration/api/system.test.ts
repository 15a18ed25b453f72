import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { WEB_DIST } from '../../../src/http/create-app.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { call, login, rootSession } from './helpers.js';

describe('health, OpenAPI and logs', () => {
  let kw: TestKeyward;
  const log: string[] = [];
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
    kw = await startKeyward({ env: { KEYWARD_LOG_LEVEL: 'trace' }, logStream: stream });
  });
  after(async () => { await kw.stop(); });

  it('/health reports the database', async () => {
    const r = await call(kw.url, '/health', { method: 'GET' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ok', database: 'sqlite' });
  });

  it('every answer carries the security headers, whichever path produced it; API and forward-auth answers are never cached', async () => {
    const root = await rootSession(kw.url, 'Very-Secret-Passw0rd'); // the password the log test below uses too
    const asset = readdirSync(path.join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'));
    assert.ok(asset !== undefined, 'the web UI is built (npm test builds it first)');
    const get = async (url: string, headers: Record<string, string> = {}): Promise<Response> => {
      const r = await fetch(`${kw.url}${url}`, { headers });
      await r.arrayBuffer();
      return r;
    };
    const answers: [string, { status: number; headers: Headers }, number, boolean][] = [
      // [what, answer, expected status, never cached]
      ['a login refused by the handler', (await login(kw.url, 'root', 'Wrong-Secret-Guess')), 401, true],
      ['a guarded route answering', (await call(kw.url, '/joc/api/iam/accounts', { token: root, body: { identityServiceName: 'JOC-INITIAL' } })), 200, true],
      ['the permission helper, answered past Fastify\'s reply', await get('/joc/api/authentication/permission?permission=sos:products', { 'x-access-token': root }), 200, true],
      ['the guard refusing: no token', await get('/joc/api/authentication/permission?permission=sos:products'), 401, true],
      ['the guard refusing: unknown session', await get('/joc/api/authentication/permission?permission=sos:products', { 'x-access-token': 'no-such-session' }), 440, true],
      ['malformed JSON, refused before the handler', (await call(kw.url, '/joc/api/iam/accounts', { token: root, rawBody: '{"identityServiceName": ' })), 420, true],
      ['schema validation before the handler', (await call(kw.url, '/joc/api/iam/accounts', { token: root, body: { identityServiceName: 7 } })), 420, true],
      ['an unknown API path', await get('/joc/api/no/such/endpoint'), 404, true],
      ['forward-auth without a session', await get('/auth/verify', { 'x-original-uri': '/app/' }), 401, true],
      ['/health', await get('/health'), 200, false],
      ['the login page (SPA route)', await get('/login'), 200, false],
      ['a static asset', await get(`/assets/${asset}`), 200, false],
      ['a missing asset', await get('/assets/missing.js'), 404, false],
    ];
    for (const [what, r, status, noStore] of answers) {
      assert.equal(r.status, status, `${what}: status`);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer', what);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', what);
      assert.equal(r.headers.get('cache-control') === 'no-store', noStore, `${what}: cache-control ${r.headers.get('cache-control')}`);
    }
  });

  it('/openapi.json describes every API route with its access rule', async () => {
    const r = await call(kw.url, '/openapi.json', { method: 'GET' });
    const paths = r.body.paths as Record<string, Record<string, { description: string; requestBody?: unknown }>>;
    assert.equal(r.body.openapi, '3.1.0');
    for (const p of ['/joc/api/authentication/login', '/joc/api/iam/accounts', '/joc/api/iam/account/store', '/joc/api/iam/sessions/cancel', '/joc/api/audit_log/login_history']) {
      assert.ok(paths[p]?.post, `${p} missing`);
    }
    assert.match(String(paths['/joc/api/iam/account/store']?.post?.description), /accounts:manage/);
    assert.ok(paths['/joc/api/iam/account/store']?.post?.requestBody, 'request schema included');
  });

  it('the structured log records logins but never passwords or tokens', async () => {
    const token = await rootSession(kw.url, 'Very-Secret-Passw0rd');
    await login(kw.url, 'root', 'Wrong-Secret-Guess');
    await call(kw.url, '/joc/api/iam/account/store', { token, body: { identityServiceName: 'JOC-INITIAL', accountName: 'x', password: 'Another-Secret-1' } });
    await call(kw.url, '/joc/api/iam/account/store', { token, body: { identityServiceName: 'JOC-INITIAL', accountName: 'x', pasword: 'Typo-Secret-2' } });
    const hotRefusal = await fetch(`${kw.url}/joc/api/authentication/permission?permission=sos:products`);
    assert.equal(hotRefusal.status, 401);
    await new Promise((resolve) => setImmediate(resolve));
    const text = log.join('');
    assert.match(text, /"event":"login"/);
    assert.match(text, /"outcome":"failed"/);
    // Lines logged for a request carry its id (src/http/logging.ts makes the request's logger when it first logs).
    const lines = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    const refusal = lines.find((l) => l.code === 'KW_VALIDATION');
    assert.match(String(refusal?.reqId), /^req-/, `a refused request's line: ${JSON.stringify(refusal)}`);
    // The permission helper is a hot path (no request logger of its own): its refusals are logged with their id too.
    const hot = lines.filter((l) => l.code === 'KW_NOT_AUTHENTICATED');
    assert.ok(hot.length > 0, 'the refused permission helper call is logged');
    for (const l of hot) assert.match(String(l.reqId), /^req-/, `a refused hot-path request's line: ${JSON.stringify(l)}`);
    assert.ok(lines.some((l) => l.msg === `Server listening at ${kw.url}`), 'the start is logged');
    for (const secret of ['Very-Secret-Passw0rd', 'Wrong-Secret-Guess', 'Another-Secret-1', 'Typo-Secret-2', token, 'root:root']) {
      assert.equal(text.includes(secret), false, `log contains ${secret}`);
    }
  });
});
