// Client-side mirrors of the server's input rules (spec §1.0 strings without < and >, §4.3 account names without
// ":"). Each returns a plain-words message or null.

const ANGLE = /[<>]/;

export function validateRequiredText(value: string, what: string, maxLength = 255): string | null {
  const text = value.trim();
  if (text === '') return `Enter ${what}.`;
  if (ANGLE.test(text)) return `${capitalise(what)} cannot contain < or >.`;
  if (text.length > maxLength) return `${capitalise(what)} can have at most ${maxLength} characters.`;
  return null;
}

export function validateAccountName(value: string): string | null {
  const base = validateRequiredText(value, 'an account name');
  if (base) return base;
  if (value.includes(':')) return 'An account name cannot contain ":".';
  if (value.trim() !== value) return 'An account name cannot start or end with a space.';
  return null;
}

export function validateServiceName(value: string): string | null {
  const base = validateRequiredText(value, 'a service name');
  if (base) return base;
  if (value.includes(':')) return 'A service name cannot contain ":".';
  return null;
}

export function validateRoleName(value: string): string | null {
  return validateRequiredText(value, 'a role name');
}

export function validateEmail(value: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  if (ANGLE.test(text)) return 'An e-mail address cannot contain < or >.';
  if (!/^[^\s@]+@[^\s@]+$/.test(text)) return 'Enter an e-mail address like name@example.com, or leave it empty.';
  return null;
}

export function validateControllerId(value: string, existing: readonly string[]): string | null {
  const text = value.trim();
  if (text === '') return 'Enter a controller ID.';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(text)) {
    return 'A controller ID uses letters, digits, ".", "_" and "-" and starts with a letter or digit.';
  }
  if (existing.includes(text)) return `Controller "${text}" already has a tab.`;
  return null;
}

/** Inventory folder paths: leading "/", no trailing "/", no empty segments (spec §2.4). */
export function validateFolderPath(value: string, existing: readonly string[]): string | null {
  const text = value.trim();
  if (text === '') return 'Enter a folder path such as /production.';
  if (!text.startsWith('/')) return 'A folder path starts with "/".';
  if (ANGLE.test(text)) return 'A folder path cannot contain < or >.';
  if (text !== '/' && (text.endsWith('/') || text.includes('//'))) return 'Remove the trailing or doubled "/".';
  if (existing.includes(text)) return `Folder ${text} is already listed.`;
  return null;
}

export interface PasswordChangeInput {
  oldPassword?: string;
  password: string;
  repeatedPassword: string;
  needOldPassword: boolean;
}

export function validatePasswordChange(input: PasswordChangeInput): Partial<Record<'oldPassword' | 'password' | 'repeatedPassword', string>> {
  const errors: Partial<Record<'oldPassword' | 'password' | 'repeatedPassword', string>> = {};
  if (input.needOldPassword && !input.oldPassword) errors.oldPassword = 'Enter your current password.';
  if (input.password === '') errors.password = 'Enter a new password.';
  else if (input.oldPassword !== undefined && input.oldPassword !== '' && input.password === input.oldPassword) {
    errors.password = 'The new password must differ from the current one.';
  }
  if (input.password !== '' && input.repeatedPassword !== input.password) {
    errors.repeatedPassword = 'The passwords do not match.';
  }
  return errors;
}

function capitalise(s: string): string {
  const t = s.replace(/^(an?|the) /, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
