import type { FastifyInstance } from 'fastify';
import { recordChange, type AuditLogInput } from '../../../audit/record-change.js';
import { defineRoute } from '../../../http/define-route.js';
import { delivered, iso, ok, sessionOf } from '../../../http/reply-helpers.js';
import { accountName, auditLog, name, object } from '../../../http/schemas.js';
import { loadFidoService } from '../fido-deps.js';
import { finishAddDevice } from '../finish-add-device.js';
import { removeDevices } from '../remove-devices.js';
import { renameDevice } from '../rename-device.js';
import { startAddDevice } from '../start-add-device.js';
import { listDevicesOfAccount } from '../store/devices.js';
import { credentialSchema, fidoDepsOf, keyFacts, keyOwner } from './fido-http.js';

const keyName = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^<>]*$' } as const;
const credentialId = { type: 'string', minLength: 1, maxLength: 1024, pattern: '^[A-Za-z0-9_-]+$' } as const;

/**
 * Security keys of an account (seed "Adding Security Keys", "Registration by Administrators"): list, add, rename,
 * remove. Every route needs a session; a user manages their own keys, administrators anybody's (accounts:view to
 * list, accounts:manage to change). Replaces JS7's unauthenticated `fido/add_device` (spec §5.2).
 */
export function deviceRoutes(app: FastifyInstance): void {
  const deps = fidoDepsOf(app);
  const kw = app.kw;

  defineRoute<{ identityServiceName: string; accountName: string }>(app, {
    url: '/joc/api/iam/fido/devices', access: 'session', tags: ['fido'],
    summary: 'The security keys of an account (own account, or accounts:view)',
    body: object({ identityServiceName: name, accountName }, ['identityServiceName', 'accountName']),
  }, async (request, body) => {
    const { service } = await loadFidoService(deps, body.identityServiceName, { mustBeEnabled: false });
    const { account } = await keyOwner(app, sessionOf(request), service, body.accountName, 'view');
    const devices = await listDevicesOfAccount(kw.store.db, account.id);
    return delivered({
      identityServiceName: service.name, accountName: account.name,
      devices: devices.map((d) => ({ name: d.name, created: iso(d.createdAt), lastUsed: d.lastUsedAt === null ? undefined : iso(d.lastUsedAt), ...keyFacts(d.key) })),
    });
  });

  defineRoute<{ identityServiceName: string; accountName: string }>(app, {
    url: '/joc/api/iam/fido/add_device_start', access: 'session', tags: ['fido'],
    summary: 'Start adding a key to an account (own account, or accounts:manage): → {requestId, options}; bound to this session, user verification required',
    body: object({ identityServiceName: name, accountName }, ['identityServiceName', 'accountName']),
  }, async (request, body) => {
    const session = sessionOf(request);
    const fido = await loadFidoService(deps, body.identityServiceName, { mustBeEnabled: true });
    const { account } = await keyOwner(app, session, fido.service, body.accountName, 'manage');
    return delivered(await startAddDevice(deps, fido, { account, sessionId: session.id }));
  });

  defineRoute<{ identityServiceName: string; accountName: string; credential: unknown; name?: string; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/fido/add_device', access: 'session', tags: ['fido'],
    summary: 'Finish adding a key with the RegistrationResponseJSON (same session that started it)',
    body: object({ identityServiceName: name, accountName, credential: credentialSchema, name: keyName, auditLog }, ['identityServiceName', 'accountName', 'credential']),
  }, async (request, body) => {
    const session = sessionOf(request);
    const fido = await loadFidoService(deps, body.identityServiceName, { mustBeEnabled: true });
    const { account } = await keyOwner(app, session, fido.service, body.accountName, 'manage');
    const added = await finishAddDevice(deps, fido, { account, sessionId: session.id, credential: body.credential, name: body.name });
    await recordChange(kw.store, {
      account: session.accountName, request: request.url, now: kw.now(), auditLog: body.auditLog,
      summary: `added security key "${added.name}" to ${account.name} in ${fido.service.name}`, details: { credentialId: added.credentialId },
    });
    return delivered({ ok: true, ...added });
  });

  defineRoute<{ identityServiceName: string; accountName: string; credentialId: string; name: string }>(app, {
    url: '/joc/api/iam/fido/device/rename', access: 'session', tags: ['fido'],
    summary: 'Rename a key (own account, or accounts:manage)',
    body: object({ identityServiceName: name, accountName, credentialId, name: keyName }, ['identityServiceName', 'accountName', 'credentialId', 'name']),
  }, async (request, body) => {
    const { service } = await loadFidoService(deps, body.identityServiceName, { mustBeEnabled: false });
    const { account } = await keyOwner(app, sessionOf(request), service, body.accountName, 'manage');
    await renameDevice(deps, account, body.credentialId, body.name);
    return ok();
  });

  defineRoute<{ identityServiceName: string; accountName: string; credentialIds: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/fido/remove_devices', access: 'session', tags: ['fido'],
    summary: 'Remove keys (own account except the last key, or accounts:manage)',
    body: object({ identityServiceName: name, accountName, credentialIds: { type: 'array', items: credentialId, minItems: 1, maxItems: 100 }, auditLog }, ['identityServiceName', 'accountName', 'credentialIds']),
  }, async (request, body) => {
    const session = sessionOf(request);
    const { service } = await loadFidoService(deps, body.identityServiceName, { mustBeEnabled: false });
    const { account, own } = await keyOwner(app, session, service, body.accountName, 'manage');
    const mayRemoveLast = !own || session.permissions.isPermitted('sos:products:joc:administration:accounts:manage');
    const count = await removeDevices(deps, account, body.credentialIds, { mayRemoveLast });
    await recordChange(kw.store, {
      account: session.accountName, request: request.url, now: kw.now(), auditLog: body.auditLog,
      summary: `removed ${count} security key(s) of ${account.name} in ${service.name}`, details: { credentialIds: body.credentialIds },
    });
    return ok();
  });
}
