import type { FastifyInstance } from 'fastify';
import { serviceTypeModule } from '../../services/registry.js';
import { readServiceSettings } from '../../settings/service-settings.js';
import { listIdentityServices } from '../../store/index.js';
import { defineRoute } from '../define-route.js';
import { delivered } from '../reply-helpers.js';

/** Unauthenticated login-page discovery (spec §1.3). Reveals names and captions only, never settings. */
export function loginPageRoutes(app: FastifyInstance): void {
  const kw = app.kw;

  defineRoute<unknown>(app, {
    url: '/joc/api/iam/identityproviders', access: 'public', tags: ['login page'],
    summary: 'What the login page offers: password form, OIDC and FIDO buttons', body: { type: 'object' },
  }, async () => {
    const services = (await listIdentityServices(kw.store.db)).filter((s) => !s.disabled);
    const lists: Record<'oidcServiceItems' | 'fidoServiceItems' | 'fido2ndFactorServiceItems', unknown[]> = { oidcServiceItems: [], fidoServiceItems: [], fido2ndFactorServiceItems: [] };
    let needAccountPassword = false;
    let needLoginButton = false;
    for (const s of services) {
      const module = serviceTypeModule(s.type);
      if (module === undefined) continue;
      if (!s.secondFactor && module.credential === 'password') { needAccountPassword = true; needLoginButton = true; }
      if (!s.secondFactor && module.credential === 'certificate') needLoginButton = true;
      const entry = module.loginPageItem?.(s, await readServiceSettings(kw.store, s.id));
      if (entry !== undefined) lists[entry.list].push(entry.item);
    }
    return delivered({ ...lists, needAccountPassword, needLoginButton });
  });

  defineRoute<unknown>(app, {
    method: 'GET', url: '/joc/api/configuration/login', access: 'public', tags: ['login page'],
    summary: 'Login page customisation (spec §1.3); "remember me" is off: Keyward never stores passwords in the browser',
  }, async () => delivered({ defaultProfileAccount: 'root', title: 'Keyward', enableRememberMe: false }));
}
