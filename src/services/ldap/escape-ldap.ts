/**
 * Escaping of untrusted input placed into LDAP DNs and search filters (spec §5.6 item 6: JS7 escapes nothing).
 * Every user-controlled value that reaches a DN or a filter goes through one of these two functions; templates from
 * the settings are trusted, the values substituted into them never are.
 */

/**
 * RFC 4514 §2.4: escapes an attribute value for use inside a DN (e.g. `uid={0},ou=people,...`).
 * Escaped with a backslash: `"`, `+`, `,`, `;`, `<`, `>`, `\`, `=` (harmless but confusing to some servers), a
 * leading `#` or space and a trailing space; NUL and other control characters as `\XX` hex pairs.
 */
export function escapeDnValue(value: string): string {
  const chars = [...value];
  let out = '';
  for (const [i, ch] of chars.entries()) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) out += hexPair(code);
    else if ('"+,;<>\\='.includes(ch)) out += `\\${ch}`;
    else if ((ch === '#' && i === 0) || (ch === ' ' && (i === 0 || i === chars.length - 1))) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/**
 * RFC 4515 §3: escapes an assertion value for use inside a filter (e.g. `(uid=%s)`): `*`, `(`, `)`, `\` and NUL
 * become `\2a`, `\28`, `\29`, `\5c`, `\00`; other control characters are hex-escaped too. Non-ASCII characters are
 * left as UTF-8 (allowed by RFC 4515, and ldapts decodes `\XX` pairs byte by byte, which would break them).
 */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '*' || ch === '(' || ch === ')' || ch === '\\' || code < 0x20 || code === 0x7f) out += hexPair(code).toLowerCase();
    else out += ch;
  }
  return out;
}

function hexPair(code: number): string {
  return `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
}
