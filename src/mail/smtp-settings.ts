import type { Config } from '../config/index.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { invalid } from '../errors/index.js';
import { MASKED_SECRET } from '../settings/global-settings.js';
import { readSetting, writeSetting, type Store } from '../store/index.js';

/**
 * SMTP settings of notification mails, global (settings scope MAIL, name `smtp`) and editable by administrators.
 * Until an administrator saves them, KEYWARD_SMTP_URL / KEYWARD_MAIL_FROM give the defaults. The password is sealed
 * with the secret box at rest and never returned (MASKED_SECRET stands for "unchanged").
 *
 * `security`: `tls` = implicit TLS (smtps, usually port 465); `starttls` = STARTTLS required; `opportunistic` =
 * STARTTLS when offered (nodemailer's default for smtp://); `none` = never TLS (test servers only).
 */
export type SmtpSecurity = 'tls' | 'starttls' | 'opportunistic' | 'none';
export const SMTP_SECURITY: readonly SmtpSecurity[] = ['tls', 'starttls', 'opportunistic', 'none'];

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly user: string;
  /** Sealed (`enc:v1:...`) or '' for no authentication. */
  readonly sealedPassword: string;
  readonly from: string;
  /** false accepts self-signed server certificates (logged loudly by the sender). */
  readonly rejectUnauthorized: boolean;
}

export interface EffectiveSmtpSettings {
  readonly source: 'database' | 'environment' | 'none';
  readonly settings: SmtpSettings;
}

interface StoredSmtp { host?: string; port?: number; security?: string; user?: string; password?: string; from?: string; rejectUnauthorized?: boolean }

const NONE: SmtpSettings = Object.freeze({ host: '', port: 587, security: 'opportunistic', user: '', sealedPassword: '', from: '', rejectUnauthorized: true });

/** KEYWARD_SMTP_URL (`smtp://user:pass@host:587`, `smtps://host:465`) and KEYWARD_MAIL_FROM as settings. */
export function smtpSettingsFromConfig(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, secrets: SecretBox): SmtpSettings | undefined {
  if (config.smtpUrl === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(config.smtpUrl);
  } catch {
    throw new TypeError('KEYWARD_SMTP_URL must be a URL like smtp://user:pass@host:587 or smtps://host:465');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new TypeError('KEYWARD_SMTP_URL must start with smtp:// or smtps://');
  const tls = url.protocol === 'smtps:';
  const password = decodeURIComponent(url.password);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (tls ? 465 : 587) : Number(url.port),
    security: tls ? 'tls' : url.searchParams.get('starttls') === 'required' ? 'starttls' : url.searchParams.get('tls') === 'none' ? 'none' : 'opportunistic',
    user: decodeURIComponent(url.username),
    sealedPassword: password === '' ? '' : secrets.encrypt(password),
    from: config.mailFrom ?? `keyward@${url.hostname}`,
    rejectUnauthorized: true,
  };
}

export async function readSmtpSettings(store: Store, secrets: SecretBox, config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Promise<EffectiveSmtpSettings> {
  const stored = (await readSetting(store.db, 'MAIL', 'smtp')) as StoredSmtp | undefined;
  if (stored !== undefined) {
    return {
      source: 'database',
      settings: {
        host: stored.host ?? '', port: stored.port ?? 587, security: asSecurity(stored.security),
        user: stored.user ?? '', sealedPassword: stored.password ?? '', from: stored.from ?? '',
        rejectUnauthorized: stored.rejectUnauthorized !== false,
      },
    };
  }
  const fromEnv = smtpSettingsFromConfig(config, secrets);
  return fromEnv === undefined ? { source: 'none', settings: NONE } : { source: 'environment', settings: fromEnv };
}

/** The settings as the API shows them: the password only as a marker. */
export function redactSmtpSettings(e: EffectiveSmtpSettings): Record<string, unknown> {
  const s = e.settings;
  return {
    source: e.source, host: s.host, port: s.port, security: s.security, user: s.user,
    password: s.sealedPassword === '' ? '' : MASKED_SECRET, from: s.from, rejectUnauthorized: s.rejectUnauthorized,
  };
}

export interface SmtpSettingsInput {
  host: string;
  port: number;
  security: SmtpSecurity;
  user?: string;
  /** MASKED_SECRET or absent = keep; '' = remove. */
  password?: string;
  from: string;
  rejectUnauthorized?: boolean;
}

/** Validates and stores; the previous password is kept unless a new one (or '') is given. */
export async function writeSmtpSettings(store: Store, secrets: SecretBox, config: Pick<Config, 'smtpUrl' | 'mailFrom'>, input: SmtpSettingsInput, now: number): Promise<void> {
  const host = input.host.trim();
  if (host !== '' && !/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/.test(host)) throw invalid('host must be a host name or an IP address', 'host');
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) throw invalid('port must be between 1 and 65535', 'port');
  if (!SMTP_SECURITY.includes(input.security)) throw invalid(`security must be one of ${SMTP_SECURITY.join(', ')}`, 'security');
  const from = input.from.trim();
  if (host !== '' && !isSenderAddress(from)) throw invalid('from must be an e-mail address, optionally as "Name <address>"', 'from');
  const previous = await readSmtpSettings(store, secrets, config);
  const sealedPassword = input.password === undefined || input.password === MASKED_SECRET ? previous.settings.sealedPassword
    : input.password === '' ? '' : secrets.encrypt(input.password);
  const stored: StoredSmtp = {
    host, port: input.port, security: input.security, user: (input.user ?? '').trim(), password: sealedPassword, from,
    rejectUnauthorized: input.rejectUnauthorized !== false,
  };
  await writeSetting(store.db, 'MAIL', 'smtp', stored, now);
}

export function isSenderAddress(s: string): boolean {
  return /^[^<>\s@]+@[^<>\s@]+$/.test(s) || /^[^<>@]*<[^<>\s@]+@[^<>\s@]+>$/.test(s);
}

function asSecurity(v: string | undefined): SmtpSecurity {
  return (SMTP_SECURITY as readonly string[]).includes(v ?? '') ? (v as SmtpSecurity) : 'opportunistic';
}
