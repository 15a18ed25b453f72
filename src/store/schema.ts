import type { Generated } from 'kysely';

/**
 * Table types. Portable subset of SQL so one set of migrations runs on SQLite and PostgreSQL: integer ids,
 * booleans as 0/1 integers, timestamps as epoch milliseconds (bigint; the pg driver is told to parse int8 as number),
 * JSON as text. Repositories convert to domain types; nothing outside `store/` sees these rows.
 */
export interface IdentityServiceTable {
  id: Generated<number>;
  name: string;
  type: string;
  scheme: string;
  second_factor_service_id: number | null;
  second_factor: number;
  ordering: number;
  disabled: number;
  required: number;
  created_at: number;
  updated_at: number;
}

export interface AccountTable {
  id: Generated<number>;
  service_id: number;
  name: string;
  password_hash: string | null;
  email: string | null;
  force_password_change: number;
  disabled: number;
  created_at: number;
  updated_at: number;
}

export interface RoleTable {
  id: Generated<number>;
  service_id: number;
  name: string;
  ordering: number;
}

export interface AccountRoleTable {
  account_id: number;
  role_id: number;
}

export interface PermissionTable {
  id: Generated<number>;
  role_id: number;
  controller_id: string;
  path: string;
  excluded: number;
}

export interface FolderTable {
  id: Generated<number>;
  role_id: number;
  controller_id: string;
  folder: string;
  recursive: number;
}

export interface BlocklistTable {
  account_name: string;
  comment: string | null;
  since: number;
}

/** Settings documents: `GLOBALS` sections by name, and per-service (`IAM`) settings by service id. */
export interface SettingTable {
  scope: string;
  name: string;
  item: string;
  updated_at: number;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  account_name: string;
  service_id: number;
  identity_service: string;
  subjects: string;
  idle_timeout_ms: number;
  last_touch: number;
  created_at: number;
  expires_at: number | null;
  force_password_change: number;
  caller_ip: string;
  data: string | null;
}

export interface LoginHistoryTable {
  id: Generated<number>;
  account_name: string;
  service_name: string | null;
  login_date: number;
  success: number;
  caller_ip: string;
  details: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  created: number;
  account_name: string;
  category: string;
  request: string;
  summary: string;
  details: string | null;
  comment: string | null;
  ticket_link: string | null;
  time_spent: number | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: number;
}

export interface Database {
  identity_services: IdentityServiceTable;
  accounts: AccountTable;
  roles: RoleTable;
  account_roles: AccountRoleTable;
  permissions: PermissionTable;
  folders: FolderTable;
  blocklist: BlocklistTable;
  settings: SettingTable;
  sessions: SessionTable;
  login_history: LoginHistoryTable;
  audit_log: AuditLogTable;
  login_throttle: LoginThrottleTable;
}
