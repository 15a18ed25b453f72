// Extension point: settings form of OIDC services (spec §3). The OIDC issue replaces this placeholder with the real
// form; it receives the parsed configurationItem and saves the whole item through `onSave`.
import type { SettingsFormProps } from './settings-form.js';

export function OidcSettingsForm({ serviceName }: SettingsFormProps) {
  return (
    <div className="card">
      <h2>OpenID Connect settings</h2>
      <p className="muted">
        The settings form for {serviceName} is not available in this version of the console yet.
      </p>
    </div>
  );
}
