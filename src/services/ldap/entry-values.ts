import type { Entry } from 'ldapts';

/**
 * The values of one attribute of a search entry as strings. ldapts gives a string for one value and an array for
 * several (notes §2 pitfall), and keeps the attribute name as the server spelled it, so the lookup ignores case.
 */
export function entryValues(entry: Entry, attribute: string): string[] {
  const wanted = attribute.toLowerCase();
  for (const [name, value] of Object.entries(entry)) {
    if (name.toLowerCase() !== wanted || name === 'dn') continue;
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
  }
  return [];
}
