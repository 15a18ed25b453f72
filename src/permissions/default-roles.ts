import type { KnownPermissionPath } from './permission-tree.js';
import type { PermissionRow } from './types.js';

/**
 * The default roles of spec §2.5, as seeded into a new JOC identity service.
 *
 * Base: the JS7 2.0 reference set (spec §2.5 table, from the shipped test `shiro.ini`). Leaves added to JS7 later
 * (reports, encipherment, notice boards, get_log, orders:confirm/manage_positions) are added by analogy, as spec
 * §2.5 asks; each addition carries a comment. An inner node (`orders`, `sos:products:controller`) already covers
 * leaves added below it later. All rows are in the default scope, so they apply to every controller (spec §2.3).
 */

export interface DefaultRole {
  readonly roleName: string;
  readonly permissions: readonly PermissionRow[];
}

/** The conventional super-role, `sos:products`, assigned to `root` (spec §2.1 EMERGENCY_ROLE, §2.5). */
export const SUPER_ROLE_NAME = 'all';

function grants(...paths: readonly KnownPermissionPath[]): PermissionRow[] {
  return paths.map((path) => ({ path, controllerId: '', excluded: false }));
}

export const DEFAULT_ROLES: readonly DefaultRole[] = [
  { roleName: SUPER_ROLE_NAME, permissions: grants('sos:products') },
  {
    // Technical administration: start, restart and switch over products (spec §2.5).
    roleName: 'administrator',
    permissions: grants(
      'sos:products:joc:administration',
      'sos:products:joc:auditlog:view',
      'sos:products:joc:calendars:view',
      'sos:products:joc:cluster:manage',
      'sos:products:joc:dailyplan:view',
      'sos:products:joc:documentations:view',
      'sos:products:joc:filetransfer:view',
      'sos:products:joc:inventory:view',
      'sos:products:joc:notification',
      'sos:products:joc:others',
      'sos:products:joc:reports:view', // later leaf: view, like the other JOC views of this role
      'sos:products:joc:get_log', // later leaf: a technical administrator reads the JOC log
      'sos:products:controller:view',
      'sos:products:controller:restart',
      'sos:products:controller:terminate',
      'sos:products:controller:switch_over',
      'sos:products:controller:get_log', // later leaf: needed next to restart/terminate/switch_over
      'sos:products:controller:agents:view',
      'sos:products:controller:deployment:view',
      'sos:products:controller:locks:view',
      'sos:products:controller:workflows:view',
      'sos:products:controller:noticeboards:view', // later leaf: view, like workflows and locks
      'sos:products:controller:orders:view',
    ),
  },
  {
    // Engineering and change management; no account management (spec §2.5).
    roleName: 'application_manager',
    permissions: grants(
      'sos:products:joc:administration:controllers:view',
      'sos:products:joc:administration:customization',
      'sos:products:joc:administration:settings',
      'sos:products:joc:auditlog:view',
      'sos:products:joc:calendars:view',
      'sos:products:joc:dailyplan',
      'sos:products:joc:documentations',
      'sos:products:joc:filetransfer',
      'sos:products:joc:inventory',
      'sos:products:joc:notification:view',
      'sos:products:joc:reports', // later leaf: full, like dailyplan and filetransfer
      'sos:products:joc:encipherment', // later leaf: encrypting secrets belongs to full inventory work
      'sos:products:controller:view',
      'sos:products:controller:agents:view',
      'sos:products:controller:deployment',
      'sos:products:controller:locks:view',
      'sos:products:controller:workflows:view',
      'sos:products:controller:noticeboards', // later leaf: full, like orders
      'sos:products:controller:orders',
    ),
  },
  {
    // Daily operations: view, manage orders and the daily plan (spec §2.5).
    roleName: 'it_operator',
    permissions: grants(
      'sos:products:joc:administration:customization',
      'sos:products:joc:administration:settings:view',
      'sos:products:joc:auditlog:view',
      'sos:products:joc:calendars:view',
      'sos:products:joc:dailyplan',
      'sos:products:joc:documentations',
      'sos:products:joc:filetransfer',
      'sos:products:joc:inventory:view',
      'sos:products:joc:notification:view',
      'sos:products:joc:reports:view', // later leaf: view, like the other JOC views of this role
      'sos:products:controller:view',
      'sos:products:controller:agents:view',
      'sos:products:controller:deployment:view',
      'sos:products:controller:locks:view',
      'sos:products:controller:workflows:view',
      'sos:products:controller:noticeboards', // later leaf: posting and deleting notices is order operation
      'sos:products:controller:orders',
    ),
  },
  {
    // Service desk: application_manager plus full controller and agent permissions, and logs (spec §2.5).
    roleName: 'incident_manager',
    permissions: grants(
      'sos:products:joc:administration:accounts',
      'sos:products:joc:administration:customization',
      'sos:products:joc:administration:settings',
      'sos:products:joc:auditlog:view',
      'sos:products:joc:calendars:view',
      'sos:products:joc:dailyplan',
      'sos:products:joc:documentations',
      'sos:products:joc:filetransfer',
      'sos:products:joc:inventory',
      'sos:products:joc:notification',
      'sos:products:joc:others',
      'sos:products:joc:get_log', // later leaf: the documented purpose includes logs
      'sos:products:joc:reports', // later leaf: as application_manager
      'sos:products:joc:encipherment', // later leaf: as application_manager
      'sos:products:controller', // all controller leaves, later ones (get_log, noticeboards, …) included
    ),
  },
  {
    // Read-only (spec §2.5).
    roleName: 'business_user',
    permissions: grants(
      'sos:products:joc:administration:customization:view',
      'sos:products:joc:auditlog:view',
      'sos:products:joc:calendars:view',
      'sos:products:joc:dailyplan:view',
      'sos:products:joc:documentations:view',
      'sos:products:joc:filetransfer:view',
      'sos:products:joc:reports:view', // later leaf: read-only view
      'sos:products:controller:view',
      'sos:products:controller:agents:view',
      'sos:products:controller:locks:view',
      'sos:products:controller:workflows:view',
      'sos:products:controller:noticeboards:view', // later leaf: read-only view
      'sos:products:controller:orders:view',
    ),
  },
  {
    // Monitoring through the API (spec §2.5).
    roleName: 'api_user',
    permissions: grants(
      'sos:products:joc:auditlog:view',
      'sos:products:joc:calendars:view',
      'sos:products:joc:dailyplan:view',
      'sos:products:joc:documentations:view',
      'sos:products:joc:filetransfer:view',
      'sos:products:joc:reports:view', // later leaf: monitoring reads reports
      'sos:products:controller:view',
      'sos:products:controller:agents:view',
      'sos:products:controller:deployment:view',
      'sos:products:controller:locks:view',
      'sos:products:controller:workflows:view',
      'sos:products:controller:noticeboards:view', // later leaf: view, like workflows and locks
      'sos:products:controller:orders:view',
    ),
  },
];
