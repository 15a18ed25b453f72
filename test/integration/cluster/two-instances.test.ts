import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshPostgresDatabase } from '../../support/postgres.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { call, login, rootSession } from '../../support/api-client.js';

// Two Keyward instances on one PostgreSQL, as behind a load balancer with no sticky sessions (design.md "State and scale").
describe('two instances on one PostgreSQL', () => {
  let a: TestKeyward;
  let b: TestKeyward;
  let drop: () => Promise<void>;
  before(async () => {
    const database = await freshPostgresDatabase();
    drop = database.drop;
    // Both start at once against the empty database: migrations and the initial setup must happen exactly once.
    [a, b] = await Promise.all([
      startKeyward({ env: { KEYWARD_DATABASE_URL: database.url } }),
      startKeyward({ env: { KEYWARD_DATABASE_URL: database.url } }),
    ]);
  });
  after(async () => { await a.stop(); await b.stop(); await drop(); });

  it('created the initial setup once', async () => {
    assert.equal([a.server.createdInitialSetup, b.server.createdInitialSetup].filter(Boolean).length, 1);
    const token = await rootSession(a.url);
    const services = await call(b.url, '/joc/api/iam/identityservices', { token });
    assert.deepEqual((services.body.identityServiceItems as { identityServiceName: string }[]).map((s) => s.identityServiceName), ['JOC-INITIAL']);
  });

  it('a session made on one instance works on the other', async () => {
    const r = await login(a.url, 'root', 'root-Secret-1');
    const token = String(r.body.accessToken);
    assert.equal((await call(b.url, '/joc/api/touch', { token })).status, 200);
    assert.equal((await call(b.url, '/joc/api/iam/sessions', { token })).status, 200);
  });

  it('logout on one is refused (440) on the other at its next request', async () => {
    const token = String((await login(a.url, 'root', 'root-Secret-1')).body.accessToken);
    assert.equal((await call(b.url, '/joc/api/touch', { token })).status, 200, 'B has the session cached');
    assert.equal((await call(a.url, '/joc/api/authentication/logout', { token })).status, 200);
    assert.equal((await call(b.url, '/joc/api/touch', { token })).status, 440);
  });

  it('cancel on one is refused (440) on the other at its next request', async () => {
    const admin = String((await login(a.url, 'root', 'root-Secret-1')).body.accessToken);
    const victim = String((await login(a.url, 'root', 'root-Secret-1')).body.accessToken);
    assert.equal((await call(a.url, '/joc/api/touch', { token: victim })).status, 200, 'A has the session cached');
    const list = await call(b.url, '/joc/api/iam/sessions', { token: admin });
    const ids = (list.body.activeSessions as { id: string }[]).map((s) => s.id);
    // Cancel every listed session (the admin's own included) on B; both tokens must be refused on A.
    assert.equal((await call(b.url, '/joc/api/iam/sessions/cancel', { token: admin, body: { ids } })).status, 200);
    assert.equal((await call(a.url, '/joc/api/touch', { token: victim })).status, 440);
    assert.equal((await call(a.url, '/joc/api/touch', { token: admin })).status, 440);
  });

  it('touch on one instance keeps the session alive on the other', async () => {
    await call(a.url, '/joc/api/configuration/save', { token: await rootSession(a.url), body: { configurationType: 'GLOBALS', configurationItem: JSON.stringify({ identityService: { idle_session_timeout: { value: '2s' } } }) } });
    const token = String((await login(a.url, 'root', 'root-Secret-1')).body.accessToken);
    assert.equal((await call(b.url, '/joc/api/touch', { token })).status, 200, 'cached on B');
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 900));
      assert.equal((await call(a.url, '/joc/api/touch', { token })).status, 200);
    }
    // B's cached copy looks idle for 2.7 s, but A touched it: B re-reads before answering.
    assert.equal((await call(b.url, '/joc/api/authentication/permission?permission=sos:products', { method: 'GET', token })).status, 200);
  });
});
