// Registry: identity service type → settings form. JOC and CERTIFICATE have no settings (spec §3.4). The "-JOC"
// variants share the form of their base type.
import { FidoSettingsForm } from './fido-settings.js';
import { LdapSettingsForm } from './ldap-settings.js';
import { OidcSettingsForm } from './oidc-settings.js';
import type { SettingsForm } from './settings-form.js';

const FORMS: Record<string, SettingsForm> = {
  LDAP: LdapSettingsForm,
  'LDAP-JOC': LdapSettingsForm,
  OIDC: OidcSettingsForm,
  'OIDC-JOC': OidcSettingsForm,
  FIDO: FidoSettingsForm,
};

export function settingsFormFor(type: string): SettingsForm | null {
  return FORMS[type] ?? null;
}

export type { SettingsFormProps } from './settings-form.js';
