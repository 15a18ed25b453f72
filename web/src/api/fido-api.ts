// Typed wrappers of the FIDO and mail calls (spec §1.10 and Keyward's mail administration), beside iam-api.ts.
import type { ApiClient } from './client.js';

type Json = Record<string, unknown>;

export interface FidoRegistrationItem {
  identityServiceName: string;
  accountName: string;
  email: string;
  origin: string;
  confirmed: boolean;
  deferred: boolean;
  created?: string;
  confirmedAt?: string;
  credentialId: string;
  aaguid: string;
  authenticatorModel: string;
  algorithm: string;
  transports: string[];
  userVerified: boolean;
  backupEligible: boolean;
  backedUp: boolean;
}

export interface FidoDevice {
  credentialId: string;
  name: string;
  created?: string;
  lastUsed?: string;
  aaguid: string;
  authenticatorModel: string;
  algorithm: string;
  transports: string[];
  userVerified: boolean;
  backupEligible: boolean;
  backedUp: boolean;
}

export interface OutboxMail {
  id: number;
  purpose: string;
  to: string[];
  cc: string[];
  subject: string;
  created: string;
  attempts: number;
  nextAttempt?: string;
  lastAttempt?: string;
  lastError?: string;
  delivered: boolean;
  sent?: string;
}

export interface SmtpSettingsView {
  source: 'database' | 'environment' | 'none';
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'opportunistic' | 'none';
  user: string;
  password: string;
  from: string;
  rejectUnauthorized: boolean;
}

const accounts = (names: string[]) => names.map((accountName) => ({ accountName }));

export const fido = {
  registrations: (api: ApiClient, service: string) =>
    api.call<{ fidoRegistrationItems?: FidoRegistrationItem[] }>('/iam/fidoregistrations', { identityServiceName: service }),
  approve: (api: ApiClient, service: string, names: string[]) => api.call('/iam/fidoregistration/approve', { identityServiceName: service, accounts: accounts(names) }),
  defer: (api: ApiClient, service: string, names: string[]) => api.call('/iam/fidoregistration/deferr', { identityServiceName: service, accounts: accounts(names) }),
  remove: (api: ApiClient, service: string, names: string[]) => api.call('/iam/fidoregistration/delete', { identityServiceName: service, accounts: accounts(names) }),

  devices: (api: ApiClient, service: string, accountName: string) =>
    api.call<{ devices?: FidoDevice[] }>('/iam/fido/devices', { identityServiceName: service, accountName }),
  addDeviceStart: (api: ApiClient, service: string, accountName: string) =>
    api.call<{ requestId: string; options: Json }>('/iam/fido/add_device_start', { identityServiceName: service, accountName }),
  addDevice: (api: ApiClient, service: string, accountName: string, credential: Json, name: string) =>
    api.call<{ credentialId: string; name: string }>('/iam/fido/add_device', { identityServiceName: service, accountName, credential, ...(name ? { name } : {}) }),
  renameDevice: (api: ApiClient, service: string, accountName: string, credentialId: string, name: string) =>
    api.call('/iam/fido/device/rename', { identityServiceName: service, accountName, credentialId, name }),
  removeDevices: (api: ApiClient, service: string, accountName: string, credentialIds: string[]) =>
    api.call('/iam/fido/remove_devices', { identityServiceName: service, accountName, credentialIds }),
};

export const mail = {
  outbox: (api: ApiClient, undeliveredOnly = true) => api.call<{ mails?: OutboxMail[] }>('/mail/outbox', { undeliveredOnly }),
  retry: (api: ApiClient, ids?: number[]) => api.call<{ count: number }>('/mail/outbox/retry', ids ? { ids } : {}),
  remove: (api: ApiClient, ids: number[]) => api.call('/mail/outbox/delete', { ids }),
  settings: (api: ApiClient) => api.call<{ settings: SmtpSettingsView }>('/mail/settings', {}),
  storeSettings: (api: ApiClient, s: Omit<SmtpSettingsView, 'source'>) => api.call('/mail/settings/store', s),
  test: (api: ApiClient, to?: string) => api.call<{ ok: boolean; error?: string }>('/mail/settings/test', to ? { to } : {}),
};
