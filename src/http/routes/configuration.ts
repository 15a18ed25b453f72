import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordChange, type AuditLogInput } from '../../audit/record-change.js';
import { KeywardError, notFound } from '../../errors/index.js';
import { serviceTypeModule } from '../../services/registry.js';
import { MASKED_SECRET, readGlobalIamSettings, writeGlobalIamSettings } from '../../settings/global-settings.js';
import { readServiceSettings, writeServiceSettings } from '../../settings/service-settings.js';
import { findIdentityService, listIdentityServices } from '../../store/index.js';
import { MANAGE_ACCOUNTS, MANAGE_SETTINGS, VIEW_ACCOUNTS, VIEW_SETTINGS } from '../context.js';
import { defineRoute } from '../define-route.js';
import { delivered, ok, sessionOf } from '../reply-helpers.js';
import { auditLog, int, name, object } from '../schemas.js';

interface ConfigurationBody {
  id?: number;
  configurationType: 'GLOBALS' | 'IAM';
  objectType?: string;
  name?: string;
  configurationItem?: string;
  auditLog?: AuditLogInput;
}

const configurationSchema = (withItem: boolean): Record<string, unknown> => object({
  id: int,
  configurationType: { type: 'string', enum: ['GLOBALS', 'IAM'] },
  objectType: { type: 'string', maxLength: 100 },
  name,
  account: { type: 'string', maxLength: 255 },
  controllerId: { type: 'string', maxLength: 255 },
  shared: { type: 'boolean' },
  ...(withItem ? { configurationItem: { type: 'string', maxLength: 1_000_000 } } : {}),
  auditLog,
}, withItem ? ['configurationType', 'configurationItem'] : ['configurationType']);

/**
 * Settings through JS7's generic configuration API (spec §1.5): the GLOBALS `identityService` section and the
 * per-service IAM documents. Fixes spec §5.4: reading needs a view permission and never returns a secret in clear.
 */
export function configurationRoutes(app: FastifyInstance): void {
  const kw = app.kw;
  const require = (request: FastifyRequest, ...permissions: string[]): void => {
    const session = sessionOf(request);
    if (!permissions.some((p) => session.permissions.isPermitted(p))) {
      throw new KeywardError('KW_FORBIDDEN', `Access denied: one of the permissions ${permissions.join(', ')} is missing`);
    }
  };

  defineRoute<ConfigurationBody>(app, {
    url: '/joc/api/configuration', access: 'session', tags: ['settings'],
    summary: 'Read the global identity-service settings (GLOBALS) or one service\'s settings (IAM); secrets are masked',
    body: configurationSchema(false),
  }, async (request, body) => {
    if (body.configurationType === 'GLOBALS') {
      require(request, VIEW_SETTINGS.permission, VIEW_ACCOUNTS.permission);
      const g = await readGlobalIamSettings(kw.store, kw.secrets);
      const item = { identityService: {
        idle_session_timeout: { value: g.idleTimeoutText },
        initial_password: { value: MASKED_SECRET },
        minimum_password_length: { value: String(g.minPasswordLength) },
      } };
      return delivered({ configuration: { id: 0, configurationType: 'GLOBALS', objectType: 'GLOBALS', name: 'identityService', configurationItem: JSON.stringify(item) } });
    }
    require(request, VIEW_ACCOUNTS.permission);
    const service = await serviceFor(body);
    const module = serviceTypeModule(service.type);
    const stored = await readServiceSettings(kw.store, service.id);
    const item = stored === undefined ? {} : module?.settings === undefined ? stored : module.settings.redact(stored);
    return delivered({ configuration: { id: service.id, configurationType: 'IAM', objectType: service.type, name: service.name, configurationItem: JSON.stringify(item) } });
  });

  defineRoute<ConfigurationBody>(app, {
    url: '/joc/api/configuration/save', access: 'session', tags: ['settings'],
    summary: 'Save the global identity-service settings (GLOBALS) or one service\'s settings (IAM)',
    body: configurationSchema(true),
  }, async (request, body) => {
    const now = kw.now();
    const item = parseItem(body.configurationItem ?? '');
    if (body.configurationType === 'GLOBALS') {
      require(request, MANAGE_SETTINGS.permission, MANAGE_ACCOUNTS.permission);
      const section = item.identityService;
      if (section === undefined) return ok(); // other GLOBALS sections belong to JS7, not to Keyward
      if (typeof section !== 'object' || section === null) throw new KeywardError('KW_VALIDATION', 'identityService must be an object', { field: 'identityService' });
      const known = ['idle_session_timeout', 'initial_password', 'minimum_password_length'];
      const unknown = Object.keys(section).filter((k) => !known.includes(k));
      if (unknown.length > 0) throw new KeywardError('KW_VALIDATION', `unknown setting "${unknown.join('", "')}"`, { field: unknown[0] });
      const s = section as Record<string, unknown>;
      const minText = settingValue(s.minimum_password_length);
      if (minText !== undefined && !/^\d+$/.test(minText)) throw new KeywardError('KW_VALIDATION', 'minimum_password_length must be a non-negative integer', { field: 'minimum_password_length' });
      await writeGlobalIamSettings(kw.store, kw.secrets, {
        idleTimeoutText: settingValue(s.idle_session_timeout),
        initialPassword: settingValue(s.initial_password),
        minPasswordLength: minText === undefined ? undefined : Number(minText),
      }, now);
      await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now, summary: 'changed global identity-service settings', details: { idle_session_timeout: settingValue(s.idle_session_timeout), minimum_password_length: minText, initialPasswordChanged: settingValue(s.initial_password) !== undefined && settingValue(s.initial_password) !== MASKED_SECRET }, auditLog: body.auditLog });
      return ok();
    }
    require(request, MANAGE_ACCOUNTS.permission);
    const service = await serviceFor(body);
    const module = serviceTypeModule(service.type);
    const previous = await readServiceSettings(kw.store, service.id);
    const parsed = module?.settings === undefined ? item : module.settings.parse(item, previous, kw.secrets);
    await writeServiceSettings(kw.store, service.id, parsed, now);
    await recordChange(kw.store, { account: sessionOf(request).accountName, request: request.url, now, summary: `changed settings of identity service ${service.name}`, auditLog: body.auditLog });
    return ok();
  });

  async function serviceFor(body: ConfigurationBody): Promise<NonNullable<Awaited<ReturnType<typeof findIdentityService>>>> {
    if (body.name === undefined) {
      // Older clients address the service by id.
      const byId = body.id === undefined ? undefined : (await listIdentityServices(kw.store.db)).find((s) => s.id === body.id);
      if (byId !== undefined) return byId;
      throw new KeywardError('KW_VALIDATION', 'name (the identity service name) is required for IAM settings', { field: 'name' });
    }
    const s = await findIdentityService(kw.store.db, body.name);
    if (s === undefined) throw notFound(`Identity service "${body.name}"`, 'name');
    if (body.objectType !== undefined && body.objectType !== s.type) {
      throw new KeywardError('KW_VALIDATION', `objectType ${body.objectType} does not match the type ${s.type} of "${s.name}"`, { field: 'objectType' });
    }
    return s;
  }
}

function parseItem(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new KeywardError('KW_MALFORMED_JSON', 'configurationItem is not valid JSON', { field: 'configurationItem' });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new KeywardError('KW_VALIDATION', 'configurationItem must be a JSON object', { field: 'configurationItem' });
  return v as Record<string, unknown>;
}

/** JS7 wraps each global setting as `{value: "..."}`; plain values are accepted too. */
function settingValue(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const raw = typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new KeywardError('KW_VALIDATION', 'setting values must be strings or numbers');
  return String(raw);
}
