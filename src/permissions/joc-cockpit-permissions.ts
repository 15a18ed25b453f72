import type { ControllerLeafPermission, JocLeafPermission } from './permission-tree.js';
import type { CompiledPermissions } from './types.js';

/**
 * The effective-permission object of spec §2.2 (`POST /authentication/joc_cockpit_permissions`), which the JOC
 * Cockpit GUI consumes. Its field names are camelCase and do not follow the permission paths (`auditLog` is
 * `auditlog:view`, `deployments` is `deployment`), so each boolean is mapped to its path in the one table below;
 * the TypeScript type is derived from the same table, so the two cannot drift apart.
 */

interface FieldTable<Leaf extends string> {
  readonly [field: string]: Leaf | FieldTable<Leaf>;
}

/** Turns a table of permission paths into the same shape of booleans. */
type PermissionFlags<Table> = {
  -readonly [Field in keyof Table]: Table[Field] extends string ? boolean : PermissionFlags<Table[Field]>;
};

/** `joc` of spec §2.2, in the field order of the spec. */
const JOC_FIELDS = {
  getLog: 'sos:products:joc:get_log',
  administration: {
    accounts: {
      view: 'sos:products:joc:administration:accounts:view',
      manage: 'sos:products:joc:administration:accounts:manage',
    },
    settings: {
      view: 'sos:products:joc:administration:settings:view',
      manage: 'sos:products:joc:administration:settings:manage',
    },
    controllers: {
      view: 'sos:products:joc:administration:controllers:view',
      manage: 'sos:products:joc:administration:controllers:manage',
    },
    certificates: {
      view: 'sos:products:joc:administration:certificates:view',
      manage: 'sos:products:joc:administration:certificates:manage',
    },
    customization: {
      view: 'sos:products:joc:administration:customization:view',
      manage: 'sos:products:joc:administration:customization:manage',
      share: 'sos:products:joc:administration:customization:share',
    },
  },
  cluster: { manage: 'sos:products:joc:cluster:manage' },
  inventory: {
    view: 'sos:products:joc:inventory:view',
    manage: 'sos:products:joc:inventory:manage',
    deploy: 'sos:products:joc:inventory:deploy',
  },
  calendars: { view: 'sos:products:joc:calendars:view' },
  documentations: { view: 'sos:products:joc:documentations:view', manage: 'sos:products:joc:documentations:manage' },
  auditLog: { view: 'sos:products:joc:auditlog:view' },
  dailyPlan: { view: 'sos:products:joc:dailyplan:view', manage: 'sos:products:joc:dailyplan:manage' },
  fileTransfer: { view: 'sos:products:joc:filetransfer:view', manage: 'sos:products:joc:filetransfer:manage' },
  notification: { view: 'sos:products:joc:notification:view', manage: 'sos:products:joc:notification:manage' },
  encipherment: { encrypt: 'sos:products:joc:encipherment:encrypt' },
  reports: { view: 'sos:products:joc:reports:view', manage: 'sos:products:joc:reports:manage' },
  others: { view: 'sos:products:joc:others:view', manage: 'sos:products:joc:others:manage' },
} as const satisfies FieldTable<JocLeafPermission>;

/** `controllerDefaults` and each entry of `controllers` of spec §2.2, in the field order of the spec. */
const CONTROLLER_FIELDS = {
  view: 'sos:products:controller:view',
  restart: 'sos:products:controller:restart',
  terminate: 'sos:products:controller:terminate',
  getLog: 'sos:products:controller:get_log',
  switchOver: 'sos:products:controller:switch_over',
  deployments: {
    view: 'sos:products:controller:deployment:view',
    deploy: 'sos:products:controller:deployment:deploy',
  },
  orders: {
    view: 'sos:products:controller:orders:view',
    create: 'sos:products:controller:orders:create',
    cancel: 'sos:products:controller:orders:cancel',
    suspendResume: 'sos:products:controller:orders:suspend_resume',
    resumeFailed: 'sos:products:controller:orders:resume_failed',
    modify: 'sos:products:controller:orders:modify',
    managePositions: 'sos:products:controller:orders:manage_positions',
    confirm: 'sos:products:controller:orders:confirm',
  },
  agents: { view: 'sos:products:controller:agents:view' },
  noticeBoards: {
    view: 'sos:products:controller:noticeboards:view',
    post: 'sos:products:controller:noticeboards:post',
    delete: 'sos:products:controller:noticeboards:delete',
  },
  locks: { view: 'sos:products:controller:locks:view' },
  workflows: { view: 'sos:products:controller:workflows:view' },
} as const satisfies FieldTable<ControllerLeafPermission>;

export type JocPermissions = PermissionFlags<typeof JOC_FIELDS>;
export type ControllerPermissions = PermissionFlags<typeof CONTROLLER_FIELDS>;

/** Spec §2.2 `Permissions`. */
export interface JocCockpitPermissions {
  roles: string[];
  joc: JocPermissions;
  controllerDefaults: ControllerPermissions;
  /** One entry per controller with controller-specific rows in any of the account's roles (spec §2.2). */
  controllers: Record<string, ControllerPermissions>;
}

/** Builds the spec §2.2 object; every boolean is `compiled.isPermitted(path, controllerId)` (spec §2.3). */
export function toJocCockpitPermissions(compiled: CompiledPermissions): JocCockpitPermissions {
  return {
    roles: [...compiled.roles],
    joc: evaluateFields(JOC_FIELDS, (path) => compiled.isPermitted(path)),
    controllerDefaults: evaluateFields(CONTROLLER_FIELDS, (path) => compiled.isPermitted(path)),
    // Object.fromEntries defines own properties, so a controller id such as `__proto__` stays a plain key.
    controllers: Object.fromEntries(
      compiled.controllerIds.map((controllerId) => [
        controllerId,
        evaluateFields(CONTROLLER_FIELDS, (path) => compiled.isPermitted(path, controllerId)),
      ]),
    ),
  };
}

function evaluateFields<Table extends FieldTable<string>>(
  table: Table,
  isPermitted: (path: string) => boolean,
): PermissionFlags<Table> {
  const entries = Object.entries(table).map(([field, value]) => [
    field,
    typeof value === 'string' ? isPermitted(value) : evaluateFields(value, isPermitted),
  ]);
  // The entries follow `table` field for field, which is what PermissionFlags<Table> describes.
  return Object.fromEntries(entries) as PermissionFlags<Table>;
}
