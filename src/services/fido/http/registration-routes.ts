import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../../../http/define-route.js';
import { delivered, ok } from '../../../http/reply-helpers.js';
import { accountName, name, object } from '../../../http/schemas.js';
import { confirmRegistration } from '../confirm-registration.js';
import { loadFidoService } from '../fido-deps.js';
import { finishRegistration } from '../finish-registration.js';
import { startRegistration } from '../start-registration.js';
import { credentialSchema, emailSchema, fidoDepsOf, originSchema } from './fido-http.js';

/** Registration by users (spec §1.10, seed "Registration by Users", "E-Mail Confirmation"): public by nature. */
export function registrationRoutes(app: FastifyInstance): void {
  const deps = fidoDepsOf(app);
  // Unauthenticated, and each call writes a challenge, a pending request or a mail: limited per caller address.
  const rateLimitPerMinute = app.kw.config.registrationRateLimit;

  defineRoute<{ identityServiceName: string; accountName: string; email: string }>(app, {
    url: '/joc/api/iam/fidoregistration/request_registration_start', access: 'public', tags: ['fido'], rateLimitPerMinute,
    summary: 'Start registering a security key: → {options} for navigator.credentials.create (PublicKeyCredentialCreationOptionsJSON)',
    body: object({ identityServiceName: name, accountName, email: emailSchema, origin: originSchema }, ['identityServiceName', 'accountName', 'email']),
  }, async (_request, body) => {
    const fido = await loadFidoService(deps, body.identityServiceName, { mustBeEnabled: true });
    return delivered({ options: await startRegistration(deps, fido, { accountName: body.accountName, email: body.email }) });
  });

  defineRoute<{ identityServiceName: string; accountName: string; email: string; credential: unknown }>(app, {
    url: '/joc/api/iam/fidoregistration/request_registration', access: 'public', tags: ['fido'], rateLimitPerMinute,
    summary: 'Finish the registration with the RegistrationResponseJSON; stores a pending request and mails a confirmation link',
    body: object({ identityServiceName: name, accountName, email: emailSchema, credential: credentialSchema, origin: originSchema }, ['identityServiceName', 'accountName', 'email', 'credential']),
  }, async (_request, body) => {
    const fido = await loadFidoService(deps, body.identityServiceName, { mustBeEnabled: true });
    await finishRegistration(deps, fido, body);
    return ok();
  });

  defineRoute<{ token: string }>(app, {
    url: '/joc/api/iam/fidoregistration/confirm', access: 'public', tags: ['fido'], rateLimitPerMinute,
    summary: 'Confirm the e-mail address of a registration with the token from the confirmation mail',
    body: object({ token: { type: 'string', minLength: 10, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' } }, ['token']),
  }, async (_request, body) => delivered({ ok: true, ...(await confirmRegistration(deps, body.token)) }));
}
