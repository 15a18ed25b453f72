import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../../../http/define-route.js';
import { delivered } from '../../../http/reply-helpers.js';
import { accountName, name, object } from '../../../http/schemas.js';
import { readServiceSettings } from '../../../settings/service-settings.js';
import { loadFidoService } from '../fido-deps.js';
import { fidoProviderItem } from '../fido-service.js';
import { startAuthentication } from '../start-authentication.js';
import { decoySecretOf, fidoDepsOf, originSchema } from './fido-http.js';

/** Login with a key (spec §1.3, §1.10, §1.13): the options; the login itself is `POST authentication/login`. */
export function authenticationRoutes(app: FastifyInstance): void {
  const deps = fidoDepsOf(app);
  const decoySecret = decoySecretOf(app);

  defineRoute<{ identityServiceName: string }>(app, {
    url: '/joc/api/iam/identity_fido_client', access: 'public', tags: ['fido'],
    summary: 'The client-side settings of a FIDO service (FidoIdentityProvider, spec §1.3); never the e-mail settings',
    body: object({ identityServiceName: name }, ['identityServiceName']),
  }, async (_request, body) => {
    const { service } = await loadFidoService(deps, body.identityServiceName, { mustBeEnabled: true });
    return delivered(fidoProviderItem(service.name, await readServiceSettings(app.kw.store, service.id)));
  });

  defineRoute<{ identityServiceName: string; accountName?: string }>(app, {
    url: '/joc/api/iam/fido/request_authentication', access: 'public', tags: ['fido'],
    summary: 'Start a login with a security key: → {requestId, options} (PublicKeyCredentialRequestOptionsJSON); without accountName usernameless (passkeys)',
    body: object({ identityServiceName: name, accountName: { anyOf: [accountName, { type: 'string', maxLength: 0 }] }, origin: originSchema }, ['identityServiceName']),
  }, async (_request, body) => {
    const fido = await loadFidoService(deps, body.identityServiceName, { mustBeEnabled: true });
    return delivered(await startAuthentication(deps, fido, { accountName: body.accountName, decoySecret }));
  });
}
