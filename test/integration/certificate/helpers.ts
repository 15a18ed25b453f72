import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';
import { testPki, type KeyPair, type TestPki } from '../../support/certificates.js';

/**
 * A real Keyward over HTTPS with client certificates (KEYWARD_TLS_* from the openssl test PKI), a CERTIFICATE
 * service "Certificates" with accounts alice, bob (role `viewer`) and erin (disabled), and helpers to log in with
 * curl and with Node's https client and to read the login history as an administrator sees it.
 *
 * The clock is Keyward's (`startKeyward({now})`): each login helper first moves it 16 minutes on, so the failed-login
 * throttle (spec §4.5, forgotten after 15 minutes) never turns one test's rejections into the next test's refusal.
 * The certificates stay valid for two days, far beyond the few hours this adds up to.
 */
export interface CertificateKeyward {
  readonly kw: TestKeyward;
  readonly pki: TestPki;
  readonly url: string;
  /** Moves Keyward's clock on by 16 minutes. */
  skipThrottle(): void;
  /** An administrator's token (a new session each call: the clock jumps past idle timeouts). */
  admin(): Promise<string>;
  /** POST through the in-process app as the administrator (no TLS needed for setup). */
  api(path: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export const CERT_SERVICE = 'Certificates';
export const ADMIN_PASSWORD = 'root-Secret-1';
const ADMIN_IP = '10.99.0.1';

export async function startCertificateKeyward(opts: { env?: Record<string, string>; https?: boolean } = {}): Promise<CertificateKeyward> {
  const pki = await testPki();
  let now = Date.now();
  const tls: Record<string, string> = opts.https === false ? {} : {
    KEYWARD_TLS_CERT: pki.server.cert, KEYWARD_TLS_KEY: pki.server.key,
  };
  const kw = await startKeyward({
    env: { ...tls, KEYWARD_TLS_CLIENT_CA: pki.clientCaBundle, ...opts.env },
    now: () => now,
  });
  const app = kw.server.app;
  let rootPassword = 'root';
  const admin = async (): Promise<string> => {
    now += 16 * 60_000;
    const auth = `Basic ${Buffer.from(`root:${rootPassword}`).toString('base64')}`;
    const r = await app.inject({ method: 'POST', url: '/joc/api/authentication/login', remoteAddress: ADMIN_IP, headers: { authorization: auth, 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(r.statusCode, 200, r.body);
    const token = String((JSON.parse(r.body) as { accessToken: string }).accessToken);
    if (rootPassword === 'root') {
      const change = await app.inject({
        method: 'POST', url: '/joc/api/iam/account/changepassword', remoteAddress: ADMIN_IP,
        headers: { 'x-access-token': token, 'content-type': 'application/json' },
        payload: { identityServiceName: 'JOC-INITIAL', accountName: 'root', oldPassword: 'root', password: ADMIN_PASSWORD, repeatedPassword: ADMIN_PASSWORD },
      });
      assert.equal(change.statusCode, 200, change.body);
      rootPassword = ADMIN_PASSWORD;
    }
    return token;
  };
  const api = async (path: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> => {
    const token = await admin();
    const r = await app.inject({ method: 'POST', url: path, remoteAddress: ADMIN_IP, headers: { 'x-access-token': token, 'content-type': 'application/json' }, payload: body });
    return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown> };
  };
  const ok = async (path: string, body: Record<string, unknown>): Promise<void> => {
    const r = await api(path, body);
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  };

  await ok('/joc/api/iam/identityservice/store', { identityServiceName: CERT_SERVICE, identityServiceType: 'CERTIFICATE', serviceAuthenticationScheme: 'SINGLE-FACTOR', ordering: 2 });
  await ok('/joc/api/iam/role/store', { identityServiceName: CERT_SERVICE, roleName: 'viewer' });
  await ok('/joc/api/iam/permissions/store', { identityServiceName: CERT_SERVICE, roleName: 'viewer', permissions: [{ permissionPath: 'sos:products:controller:view' }] });
  for (const account of ['alice', 'bob', 'erin']) {
    await ok('/joc/api/iam/account/store', { identityServiceName: CERT_SERVICE, accountName: account, roles: ['viewer'], disabled: account === 'erin' });
  }
  return {
    kw, pki, url: kw.url, admin, api,
    skipThrottle: () => { now += 16 * 60_000; },
    stop: () => kw.stop(),
  };
}

export interface LoginHistoryItem {
  accountName: string;
  loginSuccess: boolean;
  callerIpAddress: string;
  details: { loginHistoryItems: { identityServiceName: string; message: string; code?: string }[] };
}

/** The newest login-history entry of a client (not the administrator's own logins), through the API. */
export async function lastLogin(env: CertificateKeyward): Promise<LoginHistoryItem> {
  const r = await env.api('/joc/api/audit_log/login_history', { limit: 50 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const item = (r.body.loginHistoryItems as LoginHistoryItem[]).find((i) => i.callerIpAddress !== ADMIN_IP);
  assert.ok(item !== undefined, 'no client login in the history');
  return item;
}

/** The newest client login's messages joined, for `assert.match`. */
export async function lastLoginMessages(env: CertificateKeyward): Promise<string> {
  return (await lastLogin(env)).details.loginHistoryItems.map((d) => `${d.identityServiceName}: ${d.message}`).join(' | ');
}

export interface HttpOutcome {
  /** curl's exit code (0 = HTTP exchange completed), or 0/1 for Node (1 = the request failed below HTTP). */
  readonly exitCode: number;
  readonly status?: number;
  readonly body: Record<string, unknown>;
  readonly error: string;
}

export interface ClientOptions {
  readonly cert?: KeyPair;
  /** curl: a PEM file with leaf + chain instead of `cert.cert`. */
  readonly certFile?: string;
  readonly p12?: { readonly file: string; readonly password: string };
  readonly basic?: readonly [string, string];
  readonly headers?: Readonly<Record<string, string>>;
  /** curl only: raw `Name: value` header lines, sent as given (e.g. one header twice). */
  readonly headerLines?: readonly string[];
  /** Source address of the connection (loopback aliases 127.0.0.2... act as "another machine"). */
  readonly from?: string;
  readonly path?: string;
  /** Do not move the clock first (a follow-up call within a session's idle timeout). */
  readonly keepClock?: boolean;
}

/** POST /joc/api/authentication/login (or `path`) with curl, the way an operator would from a shell. */
export async function curlLogin(env: CertificateKeyward, o: ClientOptions = {}): Promise<HttpOutcome> {
  if (o.keepClock !== true) env.skipThrottle();
  const args = ['-sS', '--cacert', env.pki.rootCa, '-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{}', '-w', '\n%{http_code}', '--max-time', '20'];
  if (o.p12 !== undefined) args.push('--cert-type', 'P12', '--cert', `${o.p12.file}:${o.p12.password}`);
  else if (o.cert !== undefined) args.push('--cert', o.certFile ?? o.cert.cert, '--key', o.cert.key);
  if (o.basic !== undefined) args.push('-u', `${o.basic[0]}:${o.basic[1]}`);
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}: ${v}`);
  for (const line of o.headerLines ?? []) args.push('-H', line);
  if (o.from !== undefined) args.push('--interface', o.from);
  args.push(env.url + (o.path ?? '/joc/api/authentication/login'));
  return new Promise((resolve) => {
    execFile('curl', args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      const exitCode = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1;
      const lines = stdout.split('\n');
      const status = Number(lines.pop());
      const text = lines.join('\n');
      let body: Record<string, unknown> = {};
      try { body = text === '' ? {} : JSON.parse(text) as Record<string, unknown>; } catch { body = { text }; }
      resolve({ exitCode, ...(status > 0 ? { status } : {}), body, error: stderr });
    });
  });
}

/** The same login with Node's https client (key + certificate chain, or a PKCS12 bundle). */
export async function nodeLogin(env: CertificateKeyward, o: ClientOptions & { readonly chain?: string } = {}): Promise<HttpOutcome> {
  if (o.keepClock !== true) env.skipThrottle();
  const u = new URL(env.url + (o.path ?? '/joc/api/authentication/login'));
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  if (o.basic !== undefined) headers.authorization = `Basic ${Buffer.from(`${o.basic[0]}:${o.basic[1]}`).toString('base64')}`;
  return new Promise((resolve) => {
    const req = https.request({
      host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers, agent: false,
      ca: readFileSync(env.pki.rootCa),
      ...(o.cert === undefined ? {} : { cert: readFileSync(o.chain ?? o.cert.cert), key: readFileSync(o.cert.key) }),
      ...(o.p12 === undefined ? {} : { pfx: readFileSync(o.p12.file), passphrase: o.p12.password }),
      ...(o.from === undefined ? {} : { localAddress: o.from }),
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => {
        let body: Record<string, unknown> = {};
        try { body = text === '' ? {} : JSON.parse(text) as Record<string, unknown>; } catch { body = { text }; }
        resolve({ exitCode: 0, status: res.statusCode ?? 0, body, error: '' });
      });
      res.on('error', (err) => resolve({ exitCode: 1, body: {}, error: String(err) }));
    });
    req.on('error', (err) => resolve({ exitCode: 1, body: {}, error: `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}` }));
    req.end('{}');
  });
}

/** nginx's `$ssl_client_escaped_cert`: the PEM, URL-encoded. */
export function escapedPem(file: string): string {
  return encodeURIComponent(readFileSync(file, 'utf8'));
}
