import path from 'node:path';
import { SETTINGS } from './settings.js';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string;
  readonly secretKeyFile: string;
  readonly publicUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly sessionCacheMs: number;
  readonly registrationRateLimit: number;
  readonly trustProxy: readonly string[];
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  readonly tlsPfx: string | undefined;
  readonly tlsPfxPassword: string | undefined;
  readonly tlsClientCa: readonly string[];
  readonly tlsClientAuth: 'want' | 'need';
  readonly tlsClientCrl: readonly string[];
  readonly tlsClientCertHeader: string | undefined;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string | undefined;
  readonly authRules: string | undefined;
  readonly permissionCatalogue: string | undefined;
  readonly cookieDomain: string | undefined;
}

type Raw = Partial<Record<(typeof SETTINGS)[number]['key'], string>>;

/**
 * Reads the configuration from CLI flags (`--port 1234` or `--port=1234`) over environment variables over defaults.
 * Unknown flags and invalid values are configuration mistakes: they throw a TypeError naming the setting, so the
 * process refuses to start instead of guessing. The result is frozen.
 */
export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): Config {
  const raw: Raw = {};
  for (const s of SETTINGS) {
    const v = env[s.env];
    if (v !== undefined && v !== '') raw[s.key] = v;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new TypeError(`Unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const def = SETTINGS.find((s) => s.flag === flag);
    if (!def) throw new TypeError(`Unknown option ${flag} (see keyward --help)`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new TypeError(`Option ${flag} needs a value`);
    raw[def.key] = value;
  }

  const dataDir = path.resolve(raw.dataDir ?? './data');
  const config: Config = {
    host: raw.host ?? '127.0.0.1',
    port: parsePort(raw.port ?? '4446'),
    dataDir,
    databaseUrl: raw.databaseUrl ?? path.join(dataDir, 'keyward.sqlite'),
    secretKeyFile: path.resolve(raw.secretKeyFile ?? path.join(dataDir, 'secret.key')),
    publicUrl: raw.publicUrl === undefined ? undefined : parseUrl('KEYWARD_PUBLIC_URL', raw.publicUrl),
    logLevel: parseEnum('KEYWARD_LOG_LEVEL', raw.logLevel ?? 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    sessionCacheMs: parseNonNegativeInt('KEYWARD_SESSION_CACHE_MS', raw.sessionCacheMs ?? '2000'),
    registrationRateLimit: parseNonNegativeInt('KEYWARD_REGISTRATION_RATE_LIMIT', raw.registrationRateLimit ?? '30'),
    trustProxy: parseList(raw.trustProxy),
    tlsCert: raw.tlsCert,
    tlsKey: raw.tlsKey,
    tlsPfx: raw.tlsPfx,
    tlsPfxPassword: raw.tlsPfxPassword,
    tlsClientCa: parseList(raw.tlsClientCa),
    tlsClientAuth: parseEnum('KEYWARD_TLS_CLIENT_AUTH', raw.tlsClientAuth ?? 'want', ['want', 'need'] as const),
    tlsClientCrl: parseList(raw.tlsClientCrl),
    tlsClientCertHeader: raw.tlsClientCertHeader === undefined ? undefined : parseHeaderName('KEYWARD_TLS_CLIENT_CERT_HEADER', raw.tlsClientCertHeader),
    smtpUrl: raw.smtpUrl,
    mailFrom: raw.mailFrom,
    authRules: raw.authRules,
    permissionCatalogue: raw.permissionCatalogue,
    cookieDomain: raw.cookieDomain === undefined ? undefined : parseCookieDomain(raw.cookieDomain),
  };
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new TypeError('KEYWARD_TLS_CERT and KEYWARD_TLS_KEY must be given together');
  }
  if (config.tlsPfx !== undefined && config.tlsCert !== undefined) {
    throw new TypeError('Give either KEYWARD_TLS_PFX or KEYWARD_TLS_CERT/KEYWARD_TLS_KEY, not both');
  }
  // Behind a TLS-terminating proxy Keyward may speak plain HTTP: the CAs then verify the proxy's header only.
  if (config.tlsClientCa.length > 0 && config.tlsCert === undefined && config.tlsPfx === undefined && config.tlsClientCertHeader === undefined) {
    throw new TypeError('KEYWARD_TLS_CLIENT_CA needs HTTPS (KEYWARD_TLS_CERT/KEYWARD_TLS_KEY or KEYWARD_TLS_PFX) or KEYWARD_TLS_CLIENT_CERT_HEADER');
  }
  // `need` without client CAs would silently request no certificate at all.
  if (raw.tlsClientAuth === 'need' && config.tlsClientCa.length === 0) {
    throw new TypeError('KEYWARD_TLS_CLIENT_AUTH=need needs KEYWARD_TLS_CLIENT_CA (the CAs client certificates must come from)');
  }
  if (config.tlsClientCrl.length > 0 && config.tlsClientCa.length === 0) {
    throw new TypeError('KEYWARD_TLS_CLIENT_CRL needs KEYWARD_TLS_CLIENT_CA (the CAs that issued the CRLs)');
  }
  if (config.tlsClientCertHeader !== undefined && (config.tlsClientCa.length === 0 || config.trustProxy.length === 0)) {
    throw new TypeError('KEYWARD_TLS_CLIENT_CERT_HEADER needs KEYWARD_TLS_CLIENT_CA (to verify the forwarded certificate) and KEYWARD_TRUST_PROXY (who may send it)');
  }
  return Object.freeze(config);
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new TypeError(`KEYWARD_PORT must be a port number 0-65535, got "${value}"`);
  return n;
}

function parseNonNegativeInt(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new TypeError(`${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function parseEnum<T extends string>(name: string, value: string, values: readonly T[]): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new TypeError(`${name} must be one of ${values.join(', ')}, got "${value}"`);
  return found;
}

function parseUrl(name: string, value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return value.replace(/\/+$/, '');
  } catch {
    throw new TypeError(`${name} must be an http(s) URL, got "${value}"`);
  }
}

/** A host name (no scheme, port or path); a leading dot is dropped as browsers do (RFC 6265 §5.2.3). */
function parseCookieDomain(value: string): string {
  const domain = value.trim().replace(/^\./, '').toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain)) throw new TypeError(`KEYWARD_COOKIE_DOMAIN must be a host name such as example.com, got "${value}"`);
  return domain;
}

function parseHeaderName(name: string, value: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(value)) throw new TypeError(`${name} must be an HTTP header name, got "${value}"`);
  return value.toLowerCase();
}

function parseList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
