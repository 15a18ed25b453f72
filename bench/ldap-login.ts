/**
 * LDAP login throughput through Keyward, as a ratio of a raw ldapts login against the same slapd, measured in the
 * same run (issue 4 target ≥ 0.8).
 *
 * - raw: the LDAP part of a login done directly with ldapts, as a client without connection reuse does it: connect,
 *   bind as the system user, search the user (with memberOf), bind as the user, unbind.
 * - Keyward: a real login over HTTP (keep-alive, as the GUI and scripts do; sent by a minimal client,
 *   bench/lib/keep-alive-client.ts, so the load generator's CPU is not charged to Keyward) against an LDAP service: search-then-bind
 *   with the pooled system-user connection, a pooled bind connection, memberOf plus the nested-group walk, the
 *   group→roles map, role and permission load, session insert, login history.
 * - minimal (for information): connect, bind with a known DN, read the entry, unbind — the least any client can do.
 *
 * Two network conditions, both against one slapd: loopback (round trips cost nothing, so the figures compare CPU
 * work: Keyward's HTTP and database work against none) and a simulated 2 ms round trip (a TCP proxy in a child
 * process delaying each direction by 1 ms, and a new connection's first bytes by one more round trip for the TCP
 * handshake, like a directory server in another network segment), where connection reuse pays off.
 *
 * Seven rounds of 1.5 s per side after a 1-second warm-up; the sides alternate and their order rotates from round to
 * round, so load elsewhere on the machine, and the aftermath of the raw clients' connection churn, hit every side
 * alike. Rates are medians over the rounds; ratios are medians of the per-round ratios (one slow spell cannot move
 * them).
 *
 * Run: node --import tsx bench/ldap-login.ts      (needs Debian's slapd: apt-get install -y slapd ldap-utils)
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Client, EqualityFilter } from 'ldapts';
import { createMappedRoles, openLdapSettings, startLdapKit, type LdapKit } from '../test/integration/ldap/ldap-kit.js';
import { PEOPLE, READER_DN, READER_PASSWORD, USERS } from '../test/support/ldap-directory.js';
import { startSlapd, type Slapd } from '../test/support/slapd-fixture.js';
import { median, type BenchResult } from './lib/http-load.js';
import { KeepAliveClient, prepare } from './lib/keep-alive-client.js';


const ROUND_SECONDS = 1.5;
const ROUNDS = 7;
const CONCURRENCY = [1, 8] as const;
const ONE_WAY_DELAY_MS = 1;

async function perSecond(op: () => Promise<unknown>, seconds: number, concurrency: number): Promise<number> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) { await op(); n++; }
  }));
  return n / ((performance.now() - start) / 1000);
}

/**
 * Alternating rounds of each operation (so a burst of load elsewhere on the machine hits all sides): the rates per
 * operation and round, `rates[op][round]`.
 */
async function compare(ops: readonly (() => Promise<unknown>)[], concurrency: number): Promise<number[][]> {
  for (const op of ops) await perSecond(op, 1, concurrency); // warm-up (JIT, pools, caches)
  const rates: number[][] = ops.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    // The order rotates: a round right after the raw clients' connection churn (sockets in TIME_WAIT, slapd's
    // connection bookkeeping) is slower, and no side should always be the one that follows it.
    for (let k = 0; k < ops.length; k++) {
      const i = (round + k) % ops.length;
      const op = ops[i];
      if (op !== undefined) rates[i]?.push(await perSecond(op, ROUND_SECONDS, concurrency));
    }
  }
  return rates;
}

/** The median of the per-round ratios a/b: each round's pair ran back to back, so a slow spell hits both. */
function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / (b[i] ?? Number.NaN)));
}

/**
 * A TCP proxy to `port` that delays every chunk by `delayMs` in each direction (order is kept). It runs in a child
 * process so its CPU time is not charged to the side being measured.
 */
const PROXY_SCRIPT = `
const net = require('node:net');
const [port, delay] = process.argv.slice(1).map(Number);
const server = net.createServer((client) => {
  const upstream = net.connect(port, '127.0.0.1');
  for (const s of [client, upstream]) { s.setNoDelay(true); s.on('error', () => { client.destroy(); upstream.destroy(); }); }
  // A real connect costs a round trip (SYN, SYN-ACK) before the first byte can be sent: hold the first chunk for it.
  const opened = Date.now();
  client.on('data', (d) => setTimeout(() => upstream.write(d), Math.max(delay, opened + 3 * delay - Date.now())));
  upstream.on('data', (d) => setTimeout(() => client.write(d), delay));
  client.on('end', () => setTimeout(() => upstream.end(), delay));
  upstream.on('end', () => setTimeout(() => client.end(), delay));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

async function delayingProxy(port: number, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', PROXY_SCRIPT, String(port), String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const listening = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`delaying proxy exited with ${code}`)));
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  return {
    port: listening,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function measure(kit: LdapKit, slapd: Slapd, url: string, label: string, tls?: { caFile: string; caPem: string }): Promise<BenchResult[]> {
  const trust = tls === undefined ? {} : { iamLdapTruststorePath: tls.caFile, iamLdapTruststoreType: 'PEM' };
  const saved = await kit.saveSettings('Directory', openLdapSettings(slapd, { iamLdapServerUrl: url, iamLdapReadTimeout: 10, iamLdapConnectTimeout: 5, ...trust }));
  if (saved.status !== 200) throw new Error(`settings: ${JSON.stringify(saved.body)}`);
  const user = USERS.bob;
  // The raw client verifies the server certificate against the same CA, as Keyward does.
  const tlsOptions = tls === undefined ? {} : { tlsOptions: { ca: [tls.caPem] } };
  const raw = async (): Promise<void> => {
    const client = new Client({ url, timeout: 10_000, connectTimeout: 5_000, ...tlsOptions });
    try {
      await client.bind(READER_DN, READER_PASSWORD);
      const { searchEntries } = await client.search(PEOPLE, { scope: 'sub', filter: new EqualityFilter({ attribute: 'uid', value: user.login }), attributes: ['memberOf', 'uid'], sizeLimit: 2 });
      const entry = searchEntries[0];
      if (searchEntries.length !== 1 || entry === undefined) throw new Error('raw search found no entry');
      await client.bind(entry.dn, user.password);
    } finally {
      await client.unbind();
    }
  };
  const minimal = async (): Promise<void> => {
    const client = new Client({ url, timeout: 10_000, connectTimeout: 5_000, ...tlsOptions });
    try {
      await client.bind(user.dn, user.password);
      const { searchEntries } = await client.search(user.dn, { scope: 'base', attributes: ['memberOf'] });
      if (searchEntries.length !== 1) throw new Error('minimal search found no entry');
    } finally {
      await client.unbind();
    }
  };
  // Keep-alive connections, one per concurrent caller, as the GUI and scripts keep theirs.
  const request = prepare('POST', `${kit.kw.url}/joc/api/authentication/login`, { Authorization: `Basic ${Buffer.from(`${user.login}:${user.password}`).toString('base64')}` }, '{}');
  const idle: KeepAliveClient[] = [];
  const keyward = async (): Promise<void> => {
    const client = idle.pop() ?? await KeepAliveClient.connect(kit.kw.url);
    const status = await client.send(request);
    idle.push(client);
    if (status !== 200) throw new Error(`login failed: ${status} ${JSON.stringify(await kit.lastLoginDetails(user.login))}`);
  };
  const results: BenchResult[] = [];
  try {
    for (const c of CONCURRENCY) {
      const [rawRates = [], minimalRates = [], kwRates = []] = await compare([raw, minimal, keyward], c);
      const [rawRate, minimalRate, kwRate] = [median(rawRates), median(minimalRates), median(kwRates)];
      results.push(
        { name: `${label}, c=${c}: raw ldapts login (connect, bind, search, bind)`, value: rawRate, unit: 'ops/s' },
        { name: `${label}, c=${c}: minimal ldapts bind+read`, value: minimalRate, unit: 'ops/s' },
        { name: `${label}, c=${c}: Keyward LDAP login over HTTP`, value: kwRate, unit: 'logins/s' },
        { name: `${label}, c=${c}: Keyward / raw ldapts login`, value: medianRatio(kwRates, rawRates), unit: 'ratio', target: 0.8 },
        { name: `${label}, c=${c}: Keyward / minimal bind+read`, value: medianRatio(kwRates, minimalRates), unit: 'ratio' },
      );
    }
  } finally {
    for (const c of idle.splice(0)) c.close();
  }
  return results;
}

export async function run(): Promise<BenchResult[]> {
  const slapd = await startSlapd();
  try {
    const kit = await startLdapKit();
    try {
      await kit.createService('Directory', 'LDAP', { ordering: 0 });
      await createMappedRoles(kit, 'Directory');
      const results = await measure(kit, slapd, slapd.url, 'loopback');
      const proxy = await delayingProxy(slapd.port, ONE_WAY_DELAY_MS);
      try {
        results.push(...await measure(kit, slapd, `ldap://127.0.0.1:${proxy.port}`, `${2 * ONE_WAY_DELAY_MS} ms RTT`));
      } finally {
        await kit.saveSettings('Directory', openLdapSettings(slapd)); // drops the pooled connections through the proxy
        await proxy.close();
      }
      // LDAPS, as a directory holding passwords should be reached: every raw login pays a TLS handshake, Keyward's
      // pooled connections do not.
      const tlsSlapd = await startSlapd({ tls: true });
      try {
        const pki = tlsSlapd.pki;
        if (pki === undefined) throw new Error('no test PKI');
        results.push(...await measure(kit, tlsSlapd, tlsSlapd.ldapsUrl, 'loopback LDAPS', { caFile: pki.caFile, caPem: pki.caPem }));
        await kit.saveSettings('Directory', openLdapSettings(slapd)); // drops the pooled TLS connections
      } finally {
        await tlsSlapd.stop();
      }
      return results;
    } finally {
      await kit.stop();
    }
  } finally {
    await slapd.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name.padEnd(66)} ${r.value.toFixed(r.unit === 'ratio' ? 3 : 1).padStart(10)} ${r.unit}${r.target === undefined ? '' : `  (target ≥ ${r.target}: ${r.value >= r.target ? 'met' : 'MISSED'})`}`);
}
