import type { FastifyInstance } from 'fastify';
import { KeywardError, notFound } from '../../errors/index.js';
import { MANAGE_ACCOUNTS } from '../../http/context.js';
import { defineRoute } from '../../http/define-route.js';
import { delivered } from '../../http/reply-helpers.js';
import { name, object } from '../../http/schemas.js';
import { findIdentityService } from '../../store/index.js';
import { serviceTypeModule } from '../registry.js';
import { connectionPoolFor } from './ldap-connection-pool.js';
import { testLdapSettings } from './test-ldap-settings.js';

interface TestBody {
  identityServiceName: string;
  accountName: string;
  password: string;
  settings?: Record<string, unknown>;
}

/** The LDAP capability's routes, and closing the pooled system-user connections when the server stops. */
export function ldapRoutes(app: FastifyInstance): void {
  const kw = app.kw;
  app.addHook('onClose', async () => { await connectionPoolFor(kw.store).closeAll(); });

  defineRoute<TestBody>(app, {
    url: '/joc/api/iam/ldap/test', access: MANAGE_ACCOUNTS, tags: ['identity services'],
    summary: 'Test the LDAP settings of a service (stored, or a draft in `settings`) with a test account: bind DN, groups, nested groups, roles; creates no session',
    body: object({
      identityServiceName: name,
      accountName: { type: 'string', maxLength: 255 },
      password: { type: 'string', maxLength: 1024 },
      settings: { type: 'object' },
    }, ['identityServiceName', 'accountName', 'password']),
  }, async (_request, body) => {
    const service = await findIdentityService(kw.store.db, body.identityServiceName);
    if (service === undefined) throw notFound(`Identity service "${body.identityServiceName}"`, 'identityServiceName');
    const module = serviceTypeModule(service.type);
    if (module === undefined || (service.type !== 'LDAP' && service.type !== 'LDAP-JOC')) {
      throw new KeywardError('KW_VALIDATION', `"${service.name}" is a ${service.type} service, not an LDAP service`, { field: 'identityServiceName' });
    }
    const report = await testLdapSettings({
      store: kw.store, secrets: kw.secrets, service, module, draft: body.settings, accountName: body.accountName, password: body.password,
    });
    return delivered(report);
  });
}
