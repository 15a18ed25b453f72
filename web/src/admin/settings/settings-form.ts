// Contract of a per-type settings form (spec §1.5 per-service settings, §3). The page loads the service's
// `configurationItem` (JSON) and hands it to the form; the form calls `onSave` with the new item object.
import type { ComponentType } from 'react';

export interface SettingsFormProps {
  serviceName: string;
  serviceType: string;
  /** Parsed configurationItem; {} when the service has no settings yet. */
  item: Record<string, unknown>;
  readOnly: boolean;
  /** Saves the whole item; rejects with an ApiError the form shows next to its fields. */
  onSave(item: Record<string, unknown>): Promise<void>;
}

export type SettingsForm = ComponentType<SettingsFormProps>;
