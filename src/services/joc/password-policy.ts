import { KeywardError } from '../../errors/index.js';
import type { GlobalIamSettings } from '../../settings/global-settings.js';

/**
 * The JOC password rules (seed 001, spec §4.3): a minimum length from the global settings, never empty, no
 * complexity rules (by design). Length counts Unicode code points, not UTF-16 units.
 */
export function checkPasswordPolicy(password: string, globals: GlobalIamSettings, field = 'password'): void {
  if (password === '') throw new KeywardError('KW_PASSWORD_POLICY', 'The password must not be empty', { field });
  const length = [...password].length;
  if (length < globals.minPasswordLength) {
    throw new KeywardError('KW_PASSWORD_POLICY', `Password is too short: at least ${globals.minPasswordLength} characters are required`, { field });
  }
  if (length > 1024) throw new KeywardError('KW_PASSWORD_POLICY', 'The password is too long (at most 1024 characters)', { field });
}
