import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { Client } from 'ldapts';
import { createSecretBox } from '../../../../src/crypto/secret-box.js';
import { authenticateWithLdap } from '../../../../src/services/ldap/authenticate-with-ldap.js';
import type { BindConnectionSource, SystemConnectionSource } from '../../../../src/services/ldap/ldap-connection-pool.js';
import { parseLdapSettings } from '../../../../src/services/ldap/ldap-settings.js';
import type { LdapConnection } from '../../../../src/services/ldap/open-connection.js';
import { resolveLdapConfig } from '../../../../src/services/ldap/resolve-ldap-config.js';

const secrets = createSecretBox(randomBytes(32));
const config = resolveLdapConfig(parseLdapSettings({ ldap: { expert: {
  iamLdapServerUrl: 'ldap://directory.invalid:389', iamLdapConnectTimeout: 0.05, iamLdapReadTimeout: 0.05,
  iamLdapSystemUser: 'cn=reader,dc=x', iamLdapSystemPassword: 'pw', iamLdapSearchBase: 'dc=x',
} } }, undefined, secrets, { groupsMapToRoles: true }), secrets);

/** A directory whose answers take `delayMs`; records what happens to the bind connections it hands out. */
function slowDirectory(delayMs: { search: number; acquire: number }) {
  const released: boolean[] = [];
  const client = {
    search: async () => { await sleep(delayMs.search); return { searchEntries: [{ dn: 'uid=alice,dc=x', memberOf: [] }], searchReferences: [] }; },
    bind: async () => { await sleep(1); },
    isConnected: true,
  } as unknown as Client;
  const connection: LdapConnection = { client, close: async () => undefined };
  const system: SystemConnectionSource = { run: (work) => work(client), abandon: () => undefined };
  const binds: BindConnectionSource = {
    acquire: async () => { await sleep(delayMs.acquire); return { connection, reused: false }; },
    release: (_c, reusable) => { released.push(reusable); },
  };
  return { connections: { system, binds }, released };
}

describe('authenticateWithLdap: the login deadline (connect + read timeout)', () => {
  it('answers SERVICE_UNAVAILABLE in time and closes a bind connection that arrives after the deadline', async () => {
    const dir = slowDirectory({ search: 5, acquire: 150 });
    const start = performance.now();
    const r = await authenticateWithLdap({ account: 'alice', password: 'pw' }, config, dir.connections, { resolveGroups: false });
    assert.ok(performance.now() - start < 140, 'returned at the 100 ms deadline, not after the slow connection');
    assert.equal(r.ok, false);
    assert.equal(r.ok ? undefined : r.code, 'SERVICE_UNAVAILABLE');
    await sleep(200);
    assert.deepEqual(dir.released, [false], 'the late connection is closed, never pooled or leaked');
  });

  it('gives a healthy bind connection back to the pool after a clean login', async () => {
    const dir = slowDirectory({ search: 1, acquire: 1 });
    const r = await authenticateWithLdap({ account: 'alice', password: 'pw' }, config, dir.connections, { resolveGroups: false });
    assert.equal(r.ok, true);
    assert.deepEqual(dir.released, [true]);
  });

  it('refuses empty passwords and control characters without touching the directory', async () => {
    const dir = slowDirectory({ search: 1, acquire: 1 });
    for (const [account, password] of [['alice', ''], ['alice\u0000', 'pw'], [' alice', 'pw'], ['', 'pw']] as const) {
      const r = await authenticateWithLdap({ account, password }, config, dir.connections, { resolveGroups: false });
      assert.equal(r.ok ? undefined : r.code, 'BAD_CREDENTIALS');
    }
    assert.deepEqual(dir.released, []);
  });
});
