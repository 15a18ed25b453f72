import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { call, rootSession } from './helpers.js';

// Robustness: every POST route of /openapi.json, called by an administrator with hostile bodies, answers a 4xx
// (or 200 when the body happens to be valid) — never a 500. Each body is derived from the route's own schema so
// that it gets past the outer validation into the handlers where it can.
const HOSTILE_VALUES: unknown[] = [null, 0, -1, 1e308, '', ' ', 'x'.repeat(5000), '../../etc/passwd', '%00', '\u0000', '😀'.repeat(100), [], [null], {}, { $ne: 1 }, true, '__proto__'];

describe('no input yields a 500', () => {
  let kw: TestKeyward;
  let root: string;
  before(async () => { kw = await startKeyward(); root = await rootSession(kw.url); });
  after(async () => { await kw.stop(); });

  it('every POST route answers hostile bodies with a 4xx', async () => {
    const spec = (await call(kw.url, '/openapi.json', { method: 'GET' })).body as { paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { properties?: Record<string, unknown> } } } } }>> };
    const failures: string[] = [];
    let calls = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      const op = ops.post;
      if (op === undefined || path.includes('logout') || path.includes('cancel')) continue;
      const props = Object.keys(op.requestBody?.content['application/json'].schema.properties ?? {});
      const bodies: unknown[] = [[], 'string', 42, null, { unknownField: 1 }];
      for (const prop of props) for (const v of HOSTILE_VALUES) bodies.push({ [prop]: v, identityServiceName: 'JOC-INITIAL' });
      for (const body of bodies) {
        const r = await call(kw.url, path, { token: root, rawBody: JSON.stringify(body) });
        calls++;
        if (r.status >= 500) failures.push(`${path} ${JSON.stringify(body).slice(0, 80)} → ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
      }
    }
    assert.ok(calls > 500, `only ${calls} calls made`);
    assert.deepEqual(failures, []);
    // The server still works and root still logs in with the same password.
    assert.equal((await call(kw.url, '/joc/api/touch', { token: root })).status, 200);
  });
});
