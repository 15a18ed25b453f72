import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
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

  it('every answer carries the security headers; API and forward-auth answers are never cached', async () => {
    const api = await login(kw.url, 'root', 'Wrong-Secret-Guess'); // an error answer goes through the same hook
    const health = await call(kw.url, '/health', { method: 'GET' });
    for (const r of [api, health]) {
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
    }
    assert.equal(api.headers.get('cache-control'), 'no-store');
    assert.notEqual(health.headers.get('cache-control'), 'no-store');
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
    const text = log.join('');
    assert.match(text, /"event":"login"/);
    assert.match(text, /"outcome":"failed"/);
    for (const secret of ['Very-Secret-Passw0rd', 'Wrong-Secret-Guess', 'Another-Secret-1', 'Typo-Secret-2', token, 'root:root']) {
      assert.equal(text.includes(secret), false, `log contains ${secret}`);
    }
  });
});
