// Extension point: settings form of LDAP services (spec §3). The LDAP issue replaces this placeholder with the real
// form; it receives the parsed configurationItem and saves the whole item through `onSave`.
import type { SettingsFormProps } from './settings-form.js';

export function LdapSettingsForm({ serviceName }: SettingsFormProps) {
  return (
    <div className="card">
      <h2>LDAP settings</h2>
      <p className="muted">
        The settings form for {serviceName} is not available in this version of the console yet.
      </p>
    </div>
  );
}
