// Extension point: settings form of FIDO services (spec §3). The FIDO issue replaces this placeholder with the real
// form; it receives the parsed configurationItem and saves the whole item through `onSave`.
import type { SettingsFormProps } from './settings-form.js';

export function FidoSettingsForm({ serviceName }: SettingsFormProps) {
  return (
    <div className="card">
      <h2>FIDO settings</h2>
      <p className="muted">
        The settings form for {serviceName} is not available in this version of the console yet.
      </p>
    </div>
  );
}
