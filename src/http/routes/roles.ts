import type { FastifyInstance } from 'fastify';
import { recordChange, type AuditLogInput } from '../../audit/record-change.js';
import { KeywardError, notFound } from '../../errors/index.js';
import { normalizeFolderPath, normalizePermissionPath } from '../../permissions/index.js';
import {
  controllersOfRole, deleteFolders, deletePermissions, deleteRoles, findIdentityService, findRole, insertRole,
  listFolders, listPermissions, listRoles, updateRole, upsertFolder, upsertPermission, type IdentityService, type Role,
} from '../../store/index.js';
import { MANAGE_ACCOUNTS, VIEW_ACCOUNTS } from '../context.js';
import { defineRoute } from '../define-route.js';
import { delivered, ok, sessionOf } from '../reply-helpers.js';
import { auditLog, bool, int, name, names, object } from '../schemas.js';

/** Permission paths are colon-separated segments of letters, digits, '_' and '-' (spec §2.1). */
const permissionPath = { type: 'string', minLength: 1, maxLength: 1000, pattern: '^[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)*$' } as const;
const folderPath = { type: 'string', minLength: 1, maxLength: 1000, pattern: '^/[^<>]*$' } as const;
const controllerId = { type: 'string', maxLength: 255, pattern: '^[^<>:]*$' } as const;

export function roleRoutes(app: FastifyInstance): void {
  const kw = app.kw;
  const serviceNamed = async (n: string): Promise<IdentityService> => {
    const s = await findIdentityService(kw.store.db, n);
    if (s === undefined) throw notFound(`Identity service "${n}"`, 'identityServiceName');
    return s;
  };
  const roleNamed = async (service: IdentityService, n: string, field = 'roleName'): Promise<Role> => {
    const r = await findRole(kw.store.db, service.id, n);
    if (r === undefined) throw notFound(`Role "${n}" in identity service "${service.name}"`, field);
    return r;
  };
  const audit = async (request: Parameters<typeof sessionOf>[0], summary: string, log?: AuditLogInput): Promise<void> =>
    recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now: kw.now(), summary, auditLog: log });

  defineRoute<{ identityServiceName: string }>(app, {
    url: '/joc/api/iam/roles', access: VIEW_ACCOUNTS, tags: ['roles'], summary: 'Roles of a service by ordering',
    body: object({ identityServiceName: name }, ['identityServiceName']),
  }, async (_request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const roles = await listRoles(kw.store.db, service.id);
    const items = await Promise.all(roles.map(async (r) => ({
      identityServiceName: service.name, roleName: r.name, ordering: r.ordering, controllers: await controllersOfRole(kw.store.db, r.id),
    })));
    return delivered({ identityServiceName: service.name, roles: items });
  });

  defineRoute<{ identityServiceName: string; roleName: string }>(app, {
    url: '/joc/api/iam/role', access: VIEW_ACCOUNTS, tags: ['roles'], summary: 'One role',
    body: object({ identityServiceName: name, roleName: name }, ['identityServiceName', 'roleName']),
  }, async (_request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const r = await roleNamed(service, body.roleName);
    return delivered({ identityServiceName: service.name, roleName: r.name, ordering: r.ordering, controllers: await controllersOfRole(kw.store.db, r.id) });
  });

  defineRoute<{ identityServiceName: string; roleName: string; ordering?: number; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/role/store', access: MANAGE_ACCOUNTS, tags: ['roles'], summary: 'Create or update a role',
    body: object({ identityServiceName: name, roleName: name, ordering: int, controllers: names(), auditLog }, ['identityServiceName', 'roleName']),
  }, async (request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const existing = await findRole(kw.store.db, service.id, body.roleName);
    if (existing === undefined) {
      const roles = await listRoles(kw.store.db, service.id);
      await insertRole(kw.store.db, service.id, body.roleName, body.ordering ?? Math.max(0, ...roles.map((r) => r.ordering)) + 1);
    } else if (body.ordering !== undefined) {
      await updateRole(kw.store.db, existing.id, { ordering: body.ordering });
    }
    await audit(request, `${existing === undefined ? 'created' : 'updated'} role ${body.roleName} in ${service.name}`, body.auditLog);
    return ok();
  });

  defineRoute<{ identityServiceName: string; roleOldName: string; roleNewName: string; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/role/rename', access: MANAGE_ACCOUNTS, tags: ['roles'], summary: 'Rename a role',
    body: object({ identityServiceName: name, roleOldName: name, roleNewName: name, auditLog }, ['identityServiceName', 'roleOldName', 'roleNewName']),
  }, async (request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const r = await roleNamed(service, body.roleOldName, 'roleOldName');
    if (body.roleNewName !== r.name && (await findRole(kw.store.db, service.id, body.roleNewName)) !== undefined) {
      throw new KeywardError('KW_ALREADY_EXISTS', `Role "${body.roleNewName}" already exists in "${service.name}"`, { field: 'roleNewName' });
    }
    await updateRole(kw.store.db, r.id, { name: body.roleNewName });
    await audit(request, `renamed role ${r.name} to ${body.roleNewName} in ${service.name}`, body.auditLog);
    return ok();
  });

  defineRoute<{ identityServiceName: string; roleNames: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/roles/delete', access: MANAGE_ACCOUNTS, tags: ['roles'], summary: 'Delete roles with their assignments and permissions',
    body: object({ identityServiceName: name, roleNames: { ...names(), minItems: 1 }, auditLog }, ['identityServiceName', 'roleNames']),
  }, async (request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    for (const n of body.roleNames) await roleNamed(service, n, 'roleNames');
    await deleteRoles(kw.store.db, service.id, body.roleNames);
    await audit(request, `deleted roles ${body.roleNames.join(', ')} in ${service.name}`, body.auditLog);
    return ok();
  });

  defineRoute<{ identityServiceName: string; roleNames: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/roles/reorder', access: MANAGE_ACCOUNTS, tags: ['roles'], summary: 'Set role ordering 1..n (cosmetic)',
    body: object({ identityServiceName: name, roleNames: { ...names(), minItems: 1, uniqueItems: true }, auditLog }, ['identityServiceName', 'roleNames']),
  }, async (request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const roles = await Promise.all(body.roleNames.map((n) => roleNamed(service, n, 'roleNames')));
    await kw.store.db.transaction().execute(async (trx) => {
      for (const [i, r] of roles.entries()) await updateRole(trx, r.id, { ordering: i + 1 });
    });
    await audit(request, `reordered roles in ${service.name}`, body.auditLog);
    return ok();
  });

  // --- permissions of a role (spec §1.8) -------------------------------------------------------------------------
  const scope = { identityServiceName: name, roleName: name, controllerId };

  defineRoute<{ identityServiceName: string; roleName: string; controllerId?: string }>(app, {
    url: '/joc/api/iam/permissions', access: VIEW_ACCOUNTS, tags: ['permissions'], summary: 'Permission rows of a role in a scope (default scope when controllerId is absent or "")',
    body: object(scope, ['identityServiceName', 'roleName']),
  }, async (_request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const r = await roleNamed(service, body.roleName);
    const rows = await listPermissions(kw.store.db, r.id, body.controllerId ?? '');
    return delivered({
      identityServiceName: service.name, roleName: r.name, controllerId: body.controllerId ?? '',
      permissions: rows.map((p) => ({ permissionPath: normalizePermissionPath(p.path), excluded: p.excluded })),
    });
  });

  defineRoute<{ identityServiceName: string; roleName: string; controllerId?: string; permissions: { permissionPath: string; excluded?: boolean }[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/permissions/store', access: MANAGE_ACCOUNTS, tags: ['permissions'], summary: 'Grant (excluded=false) or deny (excluded=true) permission paths',
    body: object({ ...scope, permissions: { type: 'array', maxItems: 10000, items: object({ permissionPath, excluded: bool }, ['permissionPath']) }, auditLog }, ['identityServiceName', 'roleName', 'permissions']),
  }, async (request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const r = await roleNamed(service, body.roleName);
    await kw.store.db.transaction().execute(async (trx) => {
      for (const p of body.permissions) await upsertPermission(trx, r.id, body.controllerId ?? '', normalizePermissionPath(p.permissionPath), p.excluded === true);
    });
    await recordChange(kw.store, {
      account: sessionOf(request).accountName, request: request.url, now: kw.now(), auditLog: body.auditLog,
      summary: `stored permissions of role ${r.name} in ${service.name}${body.controllerId ? ` for controller ${body.controllerId}` : ''}`,
      details: { permissions: body.permissions },
    });
    return ok();
  });

  defineRoute<{ identityServiceName: string; roleName: string; controllerId?: string; permissionPaths: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/permissions/delete', access: MANAGE_ACCOUNTS, tags: ['permissions'], summary: 'Remove permission rows (back to unassigned)',
    body: object({ ...scope, permissionPaths: { type: 'array', items: permissionPath, minItems: 1, maxItems: 10000 }, auditLog }, ['identityServiceName', 'roleName', 'permissionPaths']),
  }, async (request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const r = await roleNamed(service, body.roleName);
    await deletePermissions(kw.store.db, r.id, body.controllerId ?? '', body.permissionPaths.map(normalizePermissionPath));
    await recordChange(kw.store, {
      account: sessionOf(request).accountName, request: request.url, now: kw.now(), auditLog: body.auditLog,
      summary: `removed permissions of role ${r.name} in ${service.name}`, details: { permissionPaths: body.permissionPaths },
    });
    return ok();
  });

  defineRoute<{ identityServiceName: string; roleName: string; controllerId?: string }>(app, {
    url: '/joc/api/iam/folders', access: VIEW_ACCOUNTS, tags: ['permissions'], summary: 'Folder restrictions of a role in a scope',
    body: object(scope, ['identityServiceName', 'roleName']),
  }, async (_request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const r = await roleNamed(service, body.roleName);
    const rows = await listFolders(kw.store.db, r.id, body.controllerId ?? '');
    return delivered({ identityServiceName: service.name, roleName: r.name, controllerId: body.controllerId ?? '', folders: rows.map((f) => ({ folder: f.folder, recursive: f.recursive })) });
  });

  defineRoute<{ identityServiceName: string; roleName: string; controllerId?: string; folders: { folder: string; recursive?: boolean }[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/folders/store', access: MANAGE_ACCOUNTS, tags: ['permissions'], summary: 'Restrict a role to folders (recursive by default)',
    body: object({ ...scope, folders: { type: 'array', maxItems: 10000, items: object({ folder: folderPath, recursive: bool }, ['folder']) }, auditLog }, ['identityServiceName', 'roleName', 'folders']),
  }, async (request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const r = await roleNamed(service, body.roleName);
    await kw.store.db.transaction().execute(async (trx) => {
      for (const f of body.folders) await upsertFolder(trx, r.id, body.controllerId ?? '', normalizeFolderPath(f.folder), f.recursive !== false);
    });
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now: kw.now(), auditLog: body.auditLog, summary: `stored folders of role ${r.name} in ${service.name}`, details: { folders: body.folders } });
    return ok();
  });

  defineRoute<{ identityServiceName: string; roleName: string; controllerId?: string; folderNames: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/folders/delete', access: MANAGE_ACCOUNTS, tags: ['permissions'], summary: 'Remove folder restrictions',
    body: object({ ...scope, folderNames: { type: 'array', items: folderPath, minItems: 1, maxItems: 10000 }, auditLog }, ['identityServiceName', 'roleName', 'folderNames']),
  }, async (request, body) => {
    const service = await serviceNamed(body.identityServiceName);
    const r = await roleNamed(service, body.roleName);
    await deleteFolders(kw.store.db, r.id, body.controllerId ?? '', body.folderNames.map(normalizeFolderPath));
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now: kw.now(), auditLog: body.auditLog, summary: `removed folders of role ${r.name} in ${service.name}`, details: { folders: body.folderNames } });
    return ok();
  });
}
