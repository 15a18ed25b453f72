import { FilterParser, type Filter } from 'ldapts';
import { escapeFilterValue } from './escape-ldap.js';

/**
 * A filter from the settings with the login's values substituted, each RFC 4515-escaped (spec §3.1 placeholders:
 * `%s` = user name, `^s` = full login name; Keyward adds `{dn}` = the user's DN for group filters such as
 * `(member={dn})`). The template is trusted configuration; the substituted values are not. Parsed here, so the
 * server receives exactly the filter the template describes: `*)(uid=*` stays a literal value.
 */
export function fillFilter(template: string, values: { user: string; full: string; dn?: string | undefined }): Filter {
  const text = template.replace(/%s|\^s|\{dn\}/g, (placeholder) => {
    if (placeholder === '%s') return escapeFilterValue(values.user);
    if (placeholder === '^s') return escapeFilterValue(values.full);
    return escapeFilterValue(values.dn ?? '');
  });
  return FilterParser.parseString(text);
}
