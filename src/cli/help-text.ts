import { SETTINGS } from '../config/settings.js';

/** `keyward --help`, generated from the settings table so it cannot drift from the code. */
export function helpText(): string {
  const lines = [
    'Keyward — identity and access management with the JS7 identity services',
    '',
    'Usage:',
    '  keyward serve [options]    start the server (default command)',
    '  keyward rescue [options]   create the JOC-RESCUE service with an administrator and print its one-time password',
    '  keyward --help | --version',
    '',
    'Options (each also as environment variable; flags win over the environment):',
  ];
  for (const s of SETTINGS) {
    const values = 'values' in s ? ` (${s.values.join('|')})` : '';
    lines.push(`  ${s.flag} <value>`.padEnd(34) + `${s.env}${values}`);
    lines.push(`      ${s.doc}`);
    lines.push(`      Default: ${s.defaultText ?? 'not set'}`);
  }
  return lines.join('\n');
}
