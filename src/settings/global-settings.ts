import type { SecretBox } from '../crypto/secret-box.js';
import { invalid } from '../errors/index.js';
import { readSetting, writeSetting, type Store } from '../store/index.js';

/**
 * The global identity-service settings (seed 001 "Global Settings"; spec §1.5, section `identityService` of the
 * GLOBALS settings). Defaults follow the seed, not JS7's code: idle timeout 15 minutes, minimum length 0 — but an
 * empty password is never accepted anywhere.
 */
export interface GlobalIamSettings {
  readonly idleTimeoutMs: number;
  readonly idleTimeoutText: string;
  readonly initialPassword: string;
  readonly minPasswordLength: number;
}

export const DEFAULT_GLOBAL_IAM_SETTINGS: GlobalIamSettings = Object.freeze({
  idleTimeoutMs: 15 * 60_000,
  idleTimeoutText: '15m',
  initialPassword: 'initial',
  minPasswordLength: 0,
});

/** What a client sees instead of the initial password; sending it back means "unchanged". */
export const MASKED_SECRET = '********';

interface StoredGlobals { idle_session_timeout?: string; initial_password?: string; minimum_password_length?: number }

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `^\d+[smhd]$` → milliseconds. Unlike JS7 a bad value is rejected, not silently turned into 30 minutes. */
export function parseDuration(text: string, field: string): number {
  const m = /^(\d{1,7})([smhd])$/.exec(text.trim());
  if (!m) throw invalid(`${field} must be a number followed by s, m, h or d (e.g. 15m), got "${text}"`, field);
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms < 1000) throw invalid(`${field} must be at least 1s`, field);
  if (ms > 30 * UNIT_MS.d) throw invalid(`${field} must be at most 30d`, field);
  return ms;
}

export async function readGlobalIamSettings(store: Store, secrets: SecretBox): Promise<GlobalIamSettings> {
  const raw = (await readSetting(store.db, 'GLOBALS', 'identityService')) as StoredGlobals | undefined;
  if (raw === undefined) return DEFAULT_GLOBAL_IAM_SETTINGS;
  const idleText = raw.idle_session_timeout ?? DEFAULT_GLOBAL_IAM_SETTINGS.idleTimeoutText;
  return {
    idleTimeoutText: idleText,
    idleTimeoutMs: parseDuration(idleText, 'idle_session_timeout'),
    initialPassword: raw.initial_password === undefined ? DEFAULT_GLOBAL_IAM_SETTINGS.initialPassword : secrets.decrypt(raw.initial_password),
    minPasswordLength: raw.minimum_password_length ?? DEFAULT_GLOBAL_IAM_SETTINGS.minPasswordLength,
  };
}

export interface GlobalIamSettingsChange {
  idleTimeoutText?: string | undefined;
  initialPassword?: string | undefined;
  minPasswordLength?: number | undefined;
}

/** Validates every field before writing anything, so a bad value changes nothing. */
export async function writeGlobalIamSettings(store: Store, secrets: SecretBox, change: GlobalIamSettingsChange, now: number): Promise<GlobalIamSettings> {
  const current = await readGlobalIamSettings(store, secrets);
  const idleTimeoutText = change.idleTimeoutText ?? current.idleTimeoutText;
  const idleTimeoutMs = parseDuration(idleTimeoutText, 'idle_session_timeout');
  const minPasswordLength = change.minPasswordLength ?? current.minPasswordLength;
  if (!Number.isInteger(minPasswordLength) || minPasswordLength < 0 || minPasswordLength > 1024) {
    throw invalid('minimum_password_length must be an integer between 0 and 1024', 'minimum_password_length');
  }
  const initialPassword = change.initialPassword === undefined || change.initialPassword === MASKED_SECRET
    ? current.initialPassword : change.initialPassword;
  if (initialPassword === '') throw invalid('initial_password must not be empty', 'initial_password');
  // The seed: the minimum length applies to the initial password too.
  if (initialPassword.length < minPasswordLength) {
    throw invalid(`initial_password is shorter than minimum_password_length (${minPasswordLength})`, 'initial_password');
  }
  const stored: StoredGlobals = {
    idle_session_timeout: idleTimeoutText,
    initial_password: secrets.encrypt(initialPassword),
    minimum_password_length: minPasswordLength,
  };
  await writeSetting(store.db, 'GLOBALS', 'identityService', stored, now);
  return { idleTimeoutText, idleTimeoutMs, initialPassword, minPasswordLength };
}
