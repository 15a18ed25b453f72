// The "identityService" section of the GLOBALS settings (spec §1.5): read it from the configurationItem JSON string
// and write it back without touching any other section or key. The initial password is never returned in clear:
// "********" means "unchanged", so an untouched field is written back as "********". Pure, unit-tested.
import { validateDuration } from '../validation/duration.js';

export const UNCHANGED_SECRET = '********';

export interface IdentityGlobals {
  idleSessionTimeout: string;
  /** "" = leave unchanged. */
  initialPassword: string;
  minimumPasswordLength: string;
}

export interface GlobalsDocument {
  /** The whole parsed item, kept to write back other sections unchanged. */
  root: Record<string, unknown>;
  values: IdentityGlobals;
  /** True when the server holds an initial password (shown as "********"). */
  hasInitialPassword: boolean;
}

const SECTION = 'identityService';

export function readIdentityGlobals(itemText: string | undefined): GlobalsDocument {
  let root: Record<string, unknown> = {};
  if (itemText) {
    try {
      const parsed: unknown = JSON.parse(itemText);
      if (isRecord(parsed)) root = parsed;
    } catch {
      root = {};
    }
  }
  const section = isRecord(root[SECTION]) ? root[SECTION] : {};
  const initial = valueOf(section, 'initial_password');
  return {
    root,
    values: {
      idleSessionTimeout: valueOf(section, 'idle_session_timeout') ?? '15m',
      initialPassword: '',
      minimumPasswordLength: valueOf(section, 'minimum_password_length') ?? '1',
    },
    hasInitialPassword: initial !== undefined && initial !== '',
  };
}

export function writeIdentityGlobals(doc: GlobalsDocument, values: IdentityGlobals): string {
  const section = isRecord(doc.root[SECTION]) ? { ...doc.root[SECTION] } : {};
  const put = (key: string, value: string) => {
    const old = section[key];
    section[key] = isRecord(old) ? { ...old, value } : { value };
  };
  put('idle_session_timeout', values.idleSessionTimeout.trim());
  put('initial_password', values.initialPassword === '' ? UNCHANGED_SECRET : values.initialPassword);
  put('minimum_password_length', String(Number(values.minimumPasswordLength.trim())));
  return JSON.stringify({ ...doc.root, [SECTION]: section });
}

export function validateIdentityGlobals(values: IdentityGlobals): Partial<Record<keyof IdentityGlobals, string>> {
  const errors: Partial<Record<keyof IdentityGlobals, string>> = {};
  const idle = validateDuration(values.idleSessionTimeout, { minSeconds: 1 });
  if (idle) errors.idleSessionTimeout = idle;
  if (!/^\d{1,4}$/.test(values.minimumPasswordLength.trim())) errors.minimumPasswordLength = 'Enter a whole number of 0 or more.';
  if (/[<>]/.test(values.initialPassword)) errors.initialPassword = 'The initial password cannot contain < or >.';
  const min = Number(values.minimumPasswordLength.trim());
  if (!errors.minimumPasswordLength && values.initialPassword !== '' && values.initialPassword.length < min) {
    errors.initialPassword = `The initial password must have at least ${min} characters (the minimum password length).`;
  }
  return errors;
}

/** Server messages name the settings keys ("initial_password is shorter than minimum_password_length (8)"). */
export function humanizeSettingsMessage(message: string): string {
  const text = message
    .replace(/\binitial_password\b/gi, 'the initial password')
    .replace(/\bminimum_password_length\b/gi, 'the minimum password length')
    .replace(/\bidle_session_timeout\b/gi, 'the idle session timeout');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function valueOf(section: Record<string, unknown>, key: string): string | undefined {
  const entry = section[key];
  if (isRecord(entry)) {
    const v = entry['value'];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  }
  return typeof entry === 'string' ? entry : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
