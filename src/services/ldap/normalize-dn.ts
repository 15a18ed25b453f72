import { escapeDnValue } from './escape-ldap.js';

/**
 * Canonical form of a distinguished name, so group DNs from the directory and from the settings compare as whole
 * DNs (issue 4: "never by first RDN"; JS7 compares strings as they come, spec §3.1).
 *
 * Parses RFC 4514 (and the RFC 2253/1779 leniencies servers still emit: spaces around separators, `;` between RDNs,
 * quoted values), then writes: attribute types lower-cased (an `OID.` prefix dropped), values unescaped (hex pairs as
 * UTF-8), case-folded with insignificant spaces removed (caseIgnoreMatch, which is what naming attributes such as
 * cn, ou, dc and uid use), re-escaped one way, the AVAs of a multi-valued RDN sorted, RDNs joined with `,`.
 * So `CN=Admins, OU=Groups,DC=Example,DC=Org`, `cn=admins,ou=groups,dc=example,dc=org` and
 * `cn=ADMINS,ou=groups,dc=example,dc=org` are equal, while `cn=admins,ou=other,dc=example,dc=org` is not.
 *
 * Returns undefined for text that is not a DN.
 */
export function normalizeDn(dn: string): string | undefined {
  // Logins normalise the same few group DNs again and again (directory values, the group→roles map): remember them.
  const known = remembered.get(dn);
  if (known !== undefined || remembered.has(dn)) return known;
  const normalized = normalizeUncached(dn);
  if (remembered.size >= REMEMBERED_MAX) remembered.clear();
  remembered.set(dn, normalized);
  return normalized;
}

const REMEMBERED_MAX = 10_000;
const remembered = new Map<string, string | undefined>();

function normalizeUncached(dn: string): string | undefined {
  const rdns = parseDn(dn);
  if (rdns === undefined) return undefined;
  return rdns
    .map((rdn) => rdn.map(({ type, value }) => `${type}=${value}`).sort().join('+'))
    .join(',');
}

interface Ava { type: string; value: string }

function parseDn(text: string): Ava[][] | undefined {
  const rdns: Ava[][] = [];
  let rdn: Ava[] = [];
  let i = 0;
  const n = text.length;
  const skipSpaces = (): void => { while (i < n && text[i] === ' ') i++; };
  skipSpaces();
  if (i === n) return [];
  for (;;) {
    // attribute type
    skipSpaces();
    const eq = text.indexOf('=', i);
    if (eq < 0) return undefined;
    let type = text.slice(i, eq).trim();
    if (/^oid\./i.test(type)) type = type.slice(4);
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(type) && !/^\d+(\.\d+)*$/.test(type)) return undefined;
    i = eq + 1;
    skipSpaces();
    // attribute value
    let value: string;
    if (text[i] === '#') {
      const m = /^#([0-9A-Fa-f]{2})+/.exec(text.slice(i));
      if (m === null) return undefined;
      value = m[0].toLowerCase();
      i += m[0].length;
      skipSpaces();
    } else {
      const bytes: number[] = [];
      let quoted = false;
      if (text[i] === '"') { quoted = true; i++; }
      let lastSignificant = 0; // length of `bytes` up to the last escaped or non-space character
      for (; i < n; i++) {
        const ch = text[i] ?? '';
        if (ch === '\\') {
          const hex = text.slice(i + 1, i + 3);
          if (/^[0-9A-Fa-f]{2}$/.test(hex)) { bytes.push(Number.parseInt(hex, 16)); i += 2; } else {
            const next = text[i + 1];
            if (next === undefined) return undefined;
            bytes.push(...Buffer.from(next, 'utf8')); i += 1;
          }
          lastSignificant = bytes.length;
          continue;
        }
        if (quoted) {
          if (ch === '"') { i++; quoted = false; break; }
        } else if (ch === ',' || ch === '+' || ch === ';') break;
        else if (ch === '"' || ch === '<' || ch === '>') return undefined;
        const code = text.codePointAt(i) ?? 0;
        bytes.push(...Buffer.from(String.fromCodePoint(code), 'utf8'));
        if (code > 0xffff) i++;
        if (ch !== ' ') lastSignificant = bytes.length;
      }
      if (quoted) return undefined;
      value = canonicalValue(Buffer.from(bytes.slice(0, lastSignificant)).toString('utf8'));
      skipSpaces();
    }
    rdn.push({ type: type.toLowerCase(), value });
    if (i >= n) { rdns.push(rdn); break; }
    const sep = text[i];
    i++;
    if (sep === '+') continue;
    if (sep !== ',' && sep !== ';') return undefined;
    rdns.push(rdn);
    rdn = [];
  }
  if (rdns.some((r) => r.length === 0 || r.some((a) => a.value === ''))) return undefined;
  return rdns;
}

/** caseIgnoreMatch-style folding (RFC 4518, simplified): NFKC, lower case, runs of spaces to one, trimmed. */
function canonicalValue(raw: string): string {
  const folded = raw.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return escapeDnValue(folded);
}

/** True when both are DNs and name the same entry. */
export function sameDn(a: string, b: string): boolean {
  const na = normalizeDn(a);
  return na !== undefined && na === normalizeDn(b);
}
