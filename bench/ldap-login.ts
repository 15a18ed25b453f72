/**
 * LDAP login throughput through Keyward, as a ratio of a raw ldapts bind+search against the same slapd, measured
 * in the same run (issue 4 target ≥ 0.8).
 *
 * - raw: what any LDAP client minimally does per login: open a connection, bind as the user, read the user's entry
 *   with memberOf, unbind. No HTTP, no database, no nested groups, no roles.
 * - Keyward: a real login over HTTP against an LDAP service (search-then-bind with the pooled system-user
 *   connection, the user's own connection for the bind, memberOf plus the nested-group walk, the group→roles map,
 *   role and permission load, session insert, login history).
 * Both run at the same concurrency against one slapd (plain ldap:// on loopback, so the figures measure the work,
 * not TLS handshakes). Without reusing the system user's connection Keyward would open and bind two connections
 * per login, which is what keeps it near the raw figure.
 *
 * Run: node --import tsx bench/ldap-login.ts      (needs Debian's slapd: apt-get install -y slapd ldap-utils)
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { Client, EqualityFilter } from 'ldapts';
import { startLdapKit, createMappedRoles, openLdapSettings } from '../test/integration/ldap/ldap-kit.js';
import { PEOPLE, READER_DN, READER_PASSWORD, USERS } from '../test/support/ldap-directory.js';
import { startSlapd } from '../test/support/slapd-fixture.js';

export interface BenchResult { name: string; value: number; unit: string; target?: number }

const SECONDS = 4;
const CONCURRENCY = [1, 4] as const;

async function perSecond(op: () => Promise<unknown>, seconds: number, concurrency: number): Promise<number> {
  for (let i = 0; i < 20; i++) await op(); // warm-up
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) { await op(); n++; }
  }));
  return n / ((performance.now() - start) / 1000);
}

export async function run(): Promise<BenchResult[]> {
  const slapd = await startSlapd();
  try {
    const kit = await startLdapKit();
    try {
      await kit.createService('Directory', 'LDAP', { ordering: 0 });
      const saved = await kit.saveSettings('Directory', openLdapSettings(slapd, { iamLdapReadTimeout: 10, iamLdapConnectTimeout: 5 }));
      if (saved.status !== 200) throw new Error(`settings: ${JSON.stringify(saved.body)}`);
      await createMappedRoles(kit, 'Directory');
      const user = USERS.bob;

      // The same login done directly with ldapts, the way a client without connection reuse does it: connect, bind
      // as the system user, search the user with memberOf, bind as the user, unbind.
      const raw = async (): Promise<void> => {
        const client = new Client({ url: slapd.url, timeout: 10_000, connectTimeout: 5_000 });
        try {
          await client.bind(READER_DN, READER_PASSWORD);
          const { searchEntries } = await client.search(PEOPLE, { scope: 'sub', filter: new EqualityFilter({ attribute: 'uid', value: user.login }), attributes: ['memberOf'], sizeLimit: 2 });
          const entry = searchEntries[0];
          if (searchEntries.length !== 1 || entry === undefined) throw new Error('raw search found no entry');
          await client.bind(entry.dn, user.password);
        } finally {
          await client.unbind();
        }
      };
      // The least any client can do per login: connect, bind with a known DN, read the entry, unbind.
      const minimal = async (): Promise<void> => {
        const client = new Client({ url: slapd.url, timeout: 10_000, connectTimeout: 5_000 });
        try {
          await client.bind(user.dn, user.password);
          const { searchEntries } = await client.search(user.dn, { scope: 'base', attributes: ['memberOf'] });
          if (searchEntries.length !== 1) throw new Error('minimal search found no entry');
        } finally {
          await client.unbind();
        }
      };
      // A keep-alive HTTP client, as the GUI and scripts use (undici's fetch costs more than the login itself here).
      const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      const authorization = `Basic ${Buffer.from(`${user.login}:${user.password}`).toString('base64')}`;
      const keyward = async (): Promise<void> => {
        kit.advanceClock(31_000); // failed-login throttling never kicks in (there are no failures, but keep it equal)
        const status = await postLogin(kit.kw.url, authorization, agent);
        if (status !== 200) throw new Error(`login failed: ${status} ${JSON.stringify(await kit.lastLoginDetails(user.login))}`);
      };

      const results: BenchResult[] = [];
      for (const c of CONCURRENCY) {
        const rawRate = await perSecond(raw, SECONDS, c);
        const minimalRate = await perSecond(minimal, SECONDS, c);
        const kwRate = await perSecond(keyward, SECONDS, c);
        results.push(
          { name: `raw ldapts login (bind+search+bind), concurrency ${c}`, value: rawRate, unit: 'ops/s' },
          { name: `minimal ldapts bind+read, concurrency ${c}`, value: minimalRate, unit: 'ops/s' },
          { name: `Keyward LDAP login over HTTP, concurrency ${c}`, value: kwRate, unit: 'logins/s' },
          { name: `Keyward / raw ldapts login, concurrency ${c}`, value: kwRate / rawRate, unit: 'ratio', target: 0.8 },
          { name: `Keyward / minimal bind+read, concurrency ${c}`, value: kwRate / minimalRate, unit: 'ratio' },
        );
      }
      agent.destroy();
      return results;
    } finally {
      await kit.stop();
    }
  } finally {
    await slapd.stop();
  }
}

function postLogin(baseUrl: string, authorization: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}/joc/api/authentication/login`, {
      method: 'POST', agent, headers: { authorization, 'content-type': 'application/json', 'content-length': 2 },
    }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject);
    req.end('{}');
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name.padEnd(52)} ${r.value.toFixed(r.unit === 'ratio' ? 3 : 1).padStart(10)} ${r.unit}${r.target === undefined ? '' : `  (target ≥ ${r.target}: ${r.value >= r.target ? 'met' : 'MISSED'})`}`);
}
