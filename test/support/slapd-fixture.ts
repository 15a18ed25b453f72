import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Attribute, Change, Client } from 'ldapts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE_DN, READER_DN, testDirectory } from './ldap-directory.js';
import { createLdapTestPki, type LdapTestPki } from './ldap-test-ca.js';

/**
 * A real OpenLDAP `slapd` (Debian package `slapd`; CI installs it in .ci/run) on free loopback ports, with the
 * memberOf and refint overlays, loaded online (so memberOf is filled) with `test/support/ldap-directory.ts`.
 * With `tls: true` it also serves StartTLS on the plain port and LDAPS on a second port, with a test CA made by
 * openssl. slapd runs in the foreground (`-d stats`): we hold its PID, stop it by PID only, and its stats log lets
 * tests check what the server actually received (filters, the order of StartTLS and BIND).
 *
 * Every started slapd is also killed on process exit, so a failing test never leaves one behind.
 */
export interface Slapd {
  readonly url: string;
  /** `ldaps://localhost:<port>` (TLS only). */
  readonly ldapsUrl: string;
  readonly port: number;
  readonly ldapsPort: number;
  readonly pid: number;
  readonly dir: string;
  readonly pki: LdapTestPki | undefined;
  /** The stats log so far (connections, operations, filters). */
  log(): string;
  /** Established TCP connections from this process to the server's ports (leak checks). */
  clientConnections(): number;
  /** SIGSTOP, returning once the process is stopped: it keeps accepting TCP connections (kernel backlog) but never answers. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL), keeping the data so `start()` can bring it back on the same ports. */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) {
    if (child.pid === undefined) continue;
    try { process.kill(child.pid, 'SIGCONT'); process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function slapdConf(dir: string, pki: LdapTestPki | undefined): string {
  return [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/nis.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload memberof',
    'moduleload refint',
    `pidfile ${dir}/slapd.pid`,
    `argsfile ${dir}/slapd.args`,
    // Like many production servers (and AD), accept an unauthenticated bind (a DN with an empty password, RFC 4513
    // §5.1.2) as anonymous: the tests show Keyward never sends one.
    'allow bind_anon_dn',
    ...(pki === undefined ? [] : [
      `TLSCACertificateFile ${pki.caFile}`,
      `TLSCertificateFile ${pki.serverCertFile}`,
      `TLSCertificateKeyFile ${pki.serverKeyFile}`,
    ]),
    '',
    'database mdb',
    'maxsize 104857600',
    `suffix "${BASE_DN}"`,
    `rootdn "${ADMIN_DN}"`,
    `rootpw ${ADMIN_PASSWORD}`,
    `directory ${dir}/data`,
    'index objectClass eq',
    'index uid,cn,mail eq',
    'index member,memberOf eq',
    '',
    'overlay memberof',
    'memberof-group-oc groupOfNames',
    'memberof-member-ad member',
    'memberof-memberof-ad memberOf',
    'memberof-refint TRUE',
    'overlay refint',
    'refint_attributes member',
    '',
    'access to attrs=userPassword by self write by anonymous auth by * none',
    `access to * by dn.exact="${READER_DN}" read by self read by users read by * none`,
    '',
  ].join('\n');
}

export async function startSlapd(opts: { tls?: boolean } = {}): Promise<Slapd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-slapd-'));
  mkdirSync(path.join(dir, 'data'));
  const pki = opts.tls === true ? createLdapTestPki(path.join(dir, 'pki')) : undefined;
  writeFileSync(path.join(dir, 'slapd.conf'), slapdConf(dir, pki));
  const port = await freePort();
  const ldapsPort = pki === undefined ? 0 : await freePort();
  const logFile = path.join(dir, 'slapd.log');
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const listen = [`ldap://127.0.0.1:${port}/`, ...(pki === undefined ? [] : [`ldaps://127.0.0.1:${ldapsPort}/`])].join(' ');
    const out = openSync(logFile, 'a');
    const c = spawn('slapd', ['-f', path.join(dir, 'slapd.conf'), '-h', listen, '-d', 'stats'], { stdio: ['ignore', out, out] });
    closeSync(out);
    child = c;
    running.add(c);
    c.once('exit', () => running.delete(c));
    for (let i = 0; i < 100; i++) {
      if (c.exitCode !== null) throw new Error(`slapd exited with ${c.exitCode}: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
      if (await canConnect(port)) return;
      await sleep(50);
    }
    throw new Error('slapd did not start listening within 5 s');
  };

  const halt = async (): Promise<void> => {
    const c = child;
    if (c === undefined || c.pid === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    try { process.kill(c.pid, 'SIGCONT'); } catch { /* gone */ }
    c.kill('SIGTERM');
    const timer = setTimeout(() => { c.kill('SIGKILL'); }, 3000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await launch();
    await load(`ldap://127.0.0.1:${port}`);
  } catch (err) {
    await halt();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const pidOf = (): number => {
    if (child?.pid === undefined) throw new Error('slapd is not running');
    return child.pid;
  };
  return {
    url: `ldap://127.0.0.1:${port}`,
    ldapsUrl: `ldaps://localhost:${ldapsPort}`,
    port,
    ldapsPort,
    get pid() { return pidOf(); },
    dir,
    pki,
    log: () => readFileSync(logFile, 'utf8'),
    clientConnections: () => establishedConnections([port, ldapsPort].filter((p) => p !== 0)),
    pause: async () => {
      process.kill(pidOf(), 'SIGSTOP');
      await waitForState(pidOf(), (state) => state === 'T');
    },
    resume: async () => {
      process.kill(pidOf(), 'SIGCONT');
      await waitForState(pidOf(), (state) => state !== 'T');
    },
    halt,
    start: launch,
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signals are delivered asynchronously: waits (up to 5 s) until /proc says the process is in the wanted state. */
async function waitForState(pid: number, wanted: (state: string) => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[0] ?? '';
    if (wanted(state)) return;
    await sleep(10);
  }
  throw new Error(`slapd ${pid} did not change state`);
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

async function load(url: string): Promise<void> {
  const client = new Client({ url, timeout: 5000, connectTimeout: 5000 });
  try {
    await client.bind(ADMIN_DN, ADMIN_PASSWORD);
    const { entries, afterwards } = testDirectory();
    for (const e of entries) await client.add(e.dn, e.attributes);
    for (const m of afterwards) {
      await client.modify(m.dn, new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [m.addMember] }) }));
    }
  } finally {
    await client.unbind();
  }
}

/** Counts ESTABLISHED TCP connections whose remote port is one of `ports` (from /proc/net/tcp{,6}). */
function establishedConnections(ports: readonly number[]): number {
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = readFileSync(file, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const remote = cols[2];
      const state = cols[3];
      if (remote === undefined || state !== '01') continue;
      const remotePort = Number.parseInt(remote.split(':')[1] ?? '', 16);
      if (ports.includes(remotePort)) n++;
    }
  }
  return n;
}
