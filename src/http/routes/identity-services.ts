import type { FastifyInstance } from 'fastify';
import { recordChange, type AuditLogInput } from '../../audit/record-change.js';
import { KeywardError, notFound } from '../../errors/index.js';
import { label } from '../../login/perform-login.js';
import { registeredServiceTypes, serviceTypeModule } from '../../services/registry.js';
import {
  AUTHENTICATION_SCHEMES, SERVICE_TYPES, deleteIdentityService, findIdentityService, insertIdentityService,
  listIdentityServices, renameIdentityService, setIdentityServiceOrdering, updateIdentityService,
  type AuthenticationScheme, type IdentityService, type ServiceType,
} from '../../store/index.js';
import { MANAGE_ACCOUNTS, VIEW_ACCOUNTS } from '../context.js';
import { defineRoute } from '../define-route.js';
import { delivered, ok, sessionOf } from '../reply-helpers.js';
import { auditLog, bool, int, name, names, object } from '../schemas.js';

/** spec §1.4 IdentityService. */
export function toIdentityServiceItem(s: IdentityService, all: readonly IdentityService[]): Record<string, unknown> {
  return {
    identityServiceType: s.type,
    identityServiceName: s.name,
    serviceAuthenticationScheme: s.scheme,
    ordering: s.ordering,
    disabled: s.disabled,
    secondFactor: s.secondFactor,
    required: s.required,
    ...(s.secondFactorServiceId === null ? {} : { secondFactorIdentityServiceName: all.find((x) => x.id === s.secondFactorServiceId)?.name }),
  };
}

const identityServiceSchema = object({
  identityServiceType: { type: 'string', enum: [...SERVICE_TYPES] },
  identityServiceName: name,
  serviceAuthenticationScheme: { type: 'string', enum: [...AUTHENTICATION_SCHEMES] },
  ordering: int,
  disabled: bool,
  secondFactor: bool,
  secondFactorIdentityServiceName: { anyOf: [name, { type: 'string', maxLength: 0 }, { type: 'null' }] },
  required: bool,
  auditLog,
}, ['identityServiceName']);

interface IdentityServiceBody {
  identityServiceType?: ServiceType;
  identityServiceName: string;
  serviceAuthenticationScheme?: AuthenticationScheme;
  ordering?: number;
  disabled?: boolean;
  secondFactor?: boolean;
  secondFactorIdentityServiceName?: string | null;
  required?: boolean;
  auditLog?: AuditLogInput;
}

export function identityServiceRoutes(app: FastifyInstance): void {
  const kw = app.kw;

  defineRoute<{ identityServiceName?: string; identityServiceType?: string; disabled?: boolean; secondFactor?: boolean }>(app, {
    url: '/joc/api/iam/identityservices', access: VIEW_ACCOUNTS, tags: ['identity services'],
    summary: 'List identity services ordered by ordering',
    body: object({ identityServiceName: name, identityServiceType: { type: 'string' }, disabled: bool, secondFactor: bool }),
  }, async (_request, body) => {
    const all = await listIdentityServices(kw.store.db);
    const items = all
      .filter((s) => body.identityServiceName === undefined || s.name === body.identityServiceName)
      .filter((s) => body.identityServiceType === undefined || s.type === body.identityServiceType)
      .filter((s) => body.disabled === undefined || s.disabled === body.disabled)
      .filter((s) => body.secondFactor === undefined || s.secondFactor === body.secondFactor);
    return delivered({ identityServiceItems: items.map((s) => toIdentityServiceItem(s, all)), identityServiceTypes: registeredServiceTypes() });
  });

  defineRoute<{ identityServiceName: string }>(app, {
    url: '/joc/api/iam/identityservice', access: VIEW_ACCOUNTS, tags: ['identity services'],
    summary: 'One identity service', body: object({ identityServiceName: name }, ['identityServiceName']),
  }, async (_request, body) => {
    const all = await listIdentityServices(kw.store.db);
    const s = all.find((x) => x.name === body.identityServiceName);
    if (s === undefined) throw notFound(`Identity service "${body.identityServiceName}"`, 'identityServiceName');
    return delivered(toIdentityServiceItem(s, all));
  });

  defineRoute<IdentityServiceBody>(app, {
    url: '/joc/api/iam/identityservice/store', access: MANAGE_ACCOUNTS, tags: ['identity services'],
    summary: 'Create or update an identity service (by name)', body: identityServiceSchema,
  }, async (request, body) => {
    const now = kw.now();
    const stored = await kw.store.db.transaction().execute(async (trx) => {
      const all = await listIdentityServices(trx);
      const existing = all.find((s) => s.name === body.identityServiceName);
      const type = body.identityServiceType ?? existing?.type;
      if (type === undefined || type === 'UNKNOWN') throw new KeywardError('KW_VALIDATION', 'identityServiceType is required for a new identity service', { field: 'identityServiceType' });
      const module = serviceTypeModule(type);
      if (module === undefined) throw new KeywardError('KW_VALIDATION', `Identity service type ${type} is not supported by this server`, { field: 'identityServiceType' });
      if (existing !== undefined && existing.type !== type) {
        throw new KeywardError('KW_CONFLICT', 'The type of an existing identity service cannot be changed; create a new service instead', { field: 'identityServiceType' });
      }
      const required = body.required ?? existing?.required ?? false;
      if (required && !module.canBeRequired) throw new KeywardError('KW_VALIDATION', `${type} identity services cannot be required`, { field: 'required' });
      const secondFactor = body.secondFactor ?? existing?.secondFactor ?? false;
      if (secondFactor && !module.canBeSecondFactor) throw new KeywardError('KW_VALIDATION', `${type} identity services cannot be used as a second factor`, { field: 'secondFactor' });
      const scheme = body.serviceAuthenticationScheme ?? existing?.scheme ?? 'SINGLE-FACTOR';
      let secondFactorServiceId: number | null = null;
      if (scheme === 'TWO-FACTOR') {
        const sfName = body.secondFactorIdentityServiceName ?? (existing?.secondFactorServiceId == null ? undefined : all.find((s) => s.id === existing.secondFactorServiceId)?.name);
        const sf = sfName == null || sfName === '' ? undefined : all.find((s) => s.name === sfName);
        if (sf === undefined) throw new KeywardError('KW_VALIDATION', 'A TWO-FACTOR identity service needs secondFactorIdentityServiceName naming an existing CERTIFICATE or FIDO service', { field: 'secondFactorIdentityServiceName' });
        if (serviceTypeModule(sf.type)?.canBeSecondFactor !== true) {
          throw new KeywardError('KW_VALIDATION', `The second factor must be a CERTIFICATE or FIDO service; ${sf.name} is ${sf.type}`, { field: 'secondFactorIdentityServiceName' });
        }
        if (sf.name === body.identityServiceName) throw new KeywardError('KW_VALIDATION', 'A service cannot be its own second factor', { field: 'secondFactorIdentityServiceName' });
        secondFactorServiceId = sf.id;
      }
      const disabled = body.disabled ?? existing?.disabled ?? false;
      const othersEnabled = all.some((s) => s.name !== body.identityServiceName && !s.disabled && !s.secondFactor);
      if (disabled && existing !== undefined && !existing.disabled && !othersEnabled) {
        throw new KeywardError('KW_CONFLICT', 'The last enabled identity service cannot be disabled: nobody could log in any more', { field: 'disabled' });
      }
      const input = {
        name: body.identityServiceName, type, scheme, secondFactorServiceId, secondFactor,
        ordering: body.ordering ?? existing?.ordering ?? Math.max(0, ...all.map((s) => s.ordering)) + 1,
        disabled, required,
      };
      if (existing === undefined) return { service: await insertIdentityService(trx, input, now), created: true };
      await updateIdentityService(trx, existing.id, input, now);
      return { service: { ...existing, ...input }, created: false };
    });
    if (stored.service.disabled) await kw.sessions.endForService(stored.service.id);
    await recordChange(kw.store, {
      account: sessionOf(request).accountName, request: request.url, now,
      summary: `${stored.created ? 'created' : 'updated'} identity service ${label(stored.service)}`,
      details: { identityServiceName: stored.service.name, disabled: stored.service.disabled, required: stored.service.required, scheme: stored.service.scheme },
      auditLog: body.auditLog,
    });
    return delivered(toIdentityServiceItem(stored.service, await listIdentityServices(kw.store.db)));
  });

  defineRoute<{ identityServiceOldName: string; identityServiceNewName: string; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/identityservice/rename', access: MANAGE_ACCOUNTS, tags: ['identity services'],
    summary: 'Rename an identity service',
    body: object({ identityServiceOldName: name, identityServiceNewName: name, auditLog }, ['identityServiceOldName', 'identityServiceNewName']),
  }, async (request, body) => {
    const now = kw.now();
    await kw.store.db.transaction().execute(async (trx) => {
      const s = await findIdentityService(trx, body.identityServiceOldName);
      if (s === undefined) throw notFound(`Identity service "${body.identityServiceOldName}"`, 'identityServiceOldName');
      if (body.identityServiceNewName !== s.name && (await findIdentityService(trx, body.identityServiceNewName)) !== undefined) {
        throw new KeywardError('KW_ALREADY_EXISTS', `Identity service "${body.identityServiceNewName}" already exists`, { field: 'identityServiceNewName' });
      }
      await renameIdentityService(trx, s.id, body.identityServiceNewName, now);
    });
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now, summary: `renamed identity service ${body.identityServiceOldName} to ${body.identityServiceNewName}`, auditLog: body.auditLog });
    return ok();
  });

  defineRoute<{ identityServiceName: string; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/identityservice/delete', access: MANAGE_ACCOUNTS, tags: ['identity services'],
    summary: 'Delete an identity service with its accounts, roles and settings (refused for the last one)',
    body: object({ identityServiceName: name, auditLog }, ['identityServiceName']),
  }, async (request, body) => {
    const now = kw.now();
    const deleted = await kw.store.db.transaction().execute(async (trx) => {
      const all = await listIdentityServices(trx);
      const s = all.find((x) => x.name === body.identityServiceName);
      if (s === undefined) throw notFound(`Identity service "${body.identityServiceName}"`, 'identityServiceName');
      // spec §1.4 / §5: JS7 silently ignores this; we say no.
      if (all.length === 1) throw new KeywardError('KW_LAST_IDENTITY_SERVICE', 'The last identity service cannot be deleted: nobody could log in any more');
      await deleteIdentityService(trx, s.id);
      return s;
    });
    await kw.sessions.endForService(deleted.id);
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now, summary: `deleted identity service ${label(deleted)}`, auditLog: body.auditLog });
    return ok();
  });

  defineRoute<{ identityServiceNames: string[]; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/identityservices/reorder', access: MANAGE_ACCOUNTS, tags: ['identity services'],
    summary: 'Set the ordering 1..n in the given order (unlisted services keep theirs)',
    body: object({ identityServiceNames: { ...names(), minItems: 1, uniqueItems: true }, auditLog }, ['identityServiceNames']),
  }, async (request, body) => {
    const now = kw.now();
    await kw.store.db.transaction().execute(async (trx) => {
      const all = await listIdentityServices(trx);
      const unknown = body.identityServiceNames.filter((n) => !all.some((s) => s.name === n));
      if (unknown.length > 0) throw notFound(`Identity service "${unknown.join('", "')}"`, 'identityServiceNames');
      let i = 1;
      for (const n of body.identityServiceNames) {
        const s = all.find((x) => x.name === n);
        if (s !== undefined) await setIdentityServiceOrdering(trx, s.id, i++, now);
      }
    });
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now, summary: `reordered identity services: ${body.identityServiceNames.join(', ')}`, auditLog: body.auditLog });
    return ok();
  });
}
