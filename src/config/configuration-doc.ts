import { SETTINGS } from './settings.js';

/** The Markdown of docs/operations/configuration.md, generated from the settings table (test/unit/docs checks it is current). */
export function configurationDoc(): string {
  const rows = SETTINGS.map((s) => {
    const values = 'values' in s ? ` One of: ${s.values.map((v) => `\`${v}\``).join(', ')}.` : '';
    return `| \`${s.env}\` | \`${s.flag}\` | ${s.defaultText === undefined ? '—' : `\`${s.defaultText}\``} | ${s.doc}${values} |`;
  });
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/settings.ts by `npm run docs:config`; do not edit by hand. -->',
    '',
    'Process-level settings come from environment variables or the same-named flags of `keyward serve` (flags win).',
    'Invalid values stop the server at start with a message naming the setting. Everything an administrator changes',
    'at run time — identity services, their settings, accounts, roles, global settings — lives in the database and is',
    'edited through the API or the web UI.',
    '',
    '| Environment variable | Flag | Default | Meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## Global identity-service settings (in the database)',
    '',
    'Edited in the UI (Administration → Global settings) or with `POST /joc/api/configuration/save`',
    '`{configurationType:"GLOBALS", configurationItem:"{\\"identityService\\":{...}}"}`:',
    '',
    '| Setting | Default | Meaning |',
    '|---|---|---|',
    '| `idle_session_timeout` | `15m` | A session without activity (`/touch`) for this long ends (`^\\d+[smhd]$`, 1s–30d). |',
    '| `initial_password` | `initial` | Password of new accounts created without one and of reset accounts; forces a change at the next login. Never returned by the API. |',
    '| `minimum_password_length` | `0` | Minimum length of JOC passwords, including the initial password. An empty password is never accepted. |',
    '',
  ].join('\n');
}
