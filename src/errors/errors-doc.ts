import { ERROR_CODES } from './keyward-error.js';

/** The Markdown of docs/errors.md, generated from the error table (test/unit/docs checks it is current). */
export function errorsDoc(): string {
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/errors/keyward-error.ts by `npm run docs:config`; do not edit by hand. -->',
    '',
    'Every error answer has the shape `{"deliveryDate": "...", "error": {"code": "KW_...", "message": "...", "field": "..."}, "message": "..."}`.',
    '`field` names the request field the error concerns, when there is one. Status 420 is JS7\'s status for invalid',
    'requests and business errors; 440 means the session has expired or was ended (log in again).',
    '',
    '| Code | HTTP status | Default message |',
    '|---|---|---|',
    ...Object.entries(ERROR_CODES).map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.message} |`),
    '',
  ].join('\n');
}
