// What pages need from the signed-in session: the API client, who is signed in, the permission object (spec §2.2)
// and the session actions.
import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client.js';
import type { PermissionObject } from '../api/types.js';

export interface ConsoleSession {
  account: string;
  identityServiceType: string;
  identityServiceName: string;
  roles: string[];
  idleTimeoutMs: number;
  /** Epoch ms at which the server will consider the session idle-expired. */
  expiresAt: number;
  enableTouch: boolean;
}

export interface SessionApi {
  api: ApiClient;
  session: ConsoleSession;
  permissions: PermissionObject;
  can(dottedPath: string): boolean;
  logout(): Promise<void>;
  /** Explicit "Stay signed in". */
  touchNow(): void;
  /** Increases each time the same account signs in again after its session ended; pages reload their data. */
  resumeCount: number;
}

export const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in console');
  return value;
}

/** Permission paths used by the console (spec §2.2 object, dotted). */
export const PERM = {
  accountsView: 'joc.administration.accounts.view',
  accountsManage: 'joc.administration.accounts.manage',
  settingsView: 'joc.administration.settings.view',
  settingsManage: 'joc.administration.settings.manage',
  auditLogView: 'joc.auditLog.view',
} as const;
