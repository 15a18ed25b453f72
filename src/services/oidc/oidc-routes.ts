import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { recordChange, type AuditLogInput } from '../../audit/record-change.js';
import { KeywardError, notFound } from '../../errors/index.js';
import { MANAGE_ACCOUNTS } from '../../http/context.js';
import { defineRoute } from '../../http/define-route.js';
import { requestLog } from '../../http/logging.js';
import { delivered, ok, sessionOf } from '../../http/reply-helpers.js';
import { auditLog, name, object } from '../../http/schemas.js';
import { stripTypePrefix } from '../../login/perform-login.js';
import { readServiceSettings, writeServiceSettings } from '../../settings/service-settings.js';
import { findIdentityService, findIdentityServiceById, type IdentityService } from '../../store/index.js';
import { buildAuthorizationUrl, isAcceptableRedirectUri } from './build-authorization-url.js';
import { discoverProvider } from './discover-provider.js';
import { endSessionUrl } from './end-provider-session.js';
import { TooManyPendingLogins } from './login-state.js';
import { toOidcLoginError } from './oidc-errors.js';
import { readOidcSettings, withImageMarker, type OidcSettings } from './oidc-settings.js';
import { readIcon, writeIcon } from './oidc-store.js';
import { parseSessionTokens } from './session-tokens.js';

const MAX_ICON_BYTES = 256 * 1024;

/**
 * The OIDC endpoints besides the login itself (which is `POST /authentication/login` with `X-IDENTITY-SERVICE`):
 * - `POST /iam/oidc/authorize` (public) starts a login and answers the provider URL (state kept server-side);
 * - `POST /iam/identityclient` (public, spec §1.3) the non-secret client parameters of a service;
 * - `POST /iam/oidc/end_session_url` (session) the provider logout URL for the browser (RP-initiated logout);
 * - `POST /iam/import` (accounts:manage) uploads the login-button image. JS7 posts multipart; Keyward's API is
 *   JSON-only, so the image comes base64-encoded in a JSON body (docs/identity-services/oidc.md);
 * - `GET /iam/icon/:name` (public, spec §1.3) serves it.
 */
export function oidcRoutes(app: FastifyInstance): void {
  const kw = app.kw;

  async function oidcService(serviceName: string): Promise<{ service: IdentityService; settings: OidcSettings }> {
    const service = await findIdentityService(kw.store.db, stripTypePrefix(serviceName));
    if (service === undefined || service.disabled || (service.type !== 'OIDC' && service.type !== 'OIDC-JOC')) {
      throw new KeywardError('KW_VALIDATION', `"${serviceName}" is not an enabled OIDC identity service`, { field: 'identityServiceName' });
    }
    const settings = readOidcSettings(await readServiceSettings(kw.store, service.id));
    if (settings === undefined) throw new KeywardError('KW_VALIDATION', `the OIDC identity service "${service.name}" has no settings yet`, { field: 'identityServiceName' });
    return { service, settings };
  }

  defineRoute<{ identityServiceName: string; redirectUri: string }>(app, {
    url: '/joc/api/iam/oidc/authorize', access: 'public', tags: ['oidc'],
    summary: 'Start an OIDC login: creates state, nonce and PKCE verifier server-side and answers the provider authorization URL',
    body: object({ identityServiceName: name, redirectUri: { type: 'string', minLength: 1, maxLength: 2000 } }, ['identityServiceName', 'redirectUri']),
  }, async (request, body) => {
    const { service, settings } = await oidcService(body.identityServiceName);
    if (settings.flowType === 'CLIENT-CREDENTIAL') {
      throw new KeywardError('KW_VALIDATION', `"${service.name}" is a CLIENT-CREDENTIAL service: batch clients send X-ID-TOKEN to /authentication/login`, { field: 'identityServiceName' });
    }
    if (!isAcceptableRedirectUri(body.redirectUri)) throw new KeywardError('KW_VALIDATION', 'redirectUri must be an absolute http(s) URL without fragment', { field: 'redirectUri' });
    let provider;
    try {
      provider = await discoverProvider(service.id, settings, kw);
    } catch (err) {
      const e = toOidcLoginError(err, `identity provider of ${service.name}`);
      requestLog(request).warn({ identityService: service.name, reason: e.message }, 'OIDC authorize failed');
      throw new KeywardError(e.code === 'SERVICE_UNAVAILABLE' ? 'KW_UNAVAILABLE' : 'KW_VALIDATION', `The identity provider of ${service.name} cannot be used: ${e.message}`, { cause: err });
    }
    try {
      const authorizationUrl = await buildAuthorizationUrl({ serviceId: service.id, settings, provider, redirectUri: body.redirectUri, store: kw.store, secrets: kw.secrets, now: kw.now() });
      return delivered({ authorizationUrl });
    } catch (err) {
      if (err instanceof TooManyPendingLogins) throw new KeywardError('KW_UNAVAILABLE', 'Too many OIDC logins are pending; try again later');
      throw err;
    }
  });

  defineRoute<{ identityServiceName: string }>(app, {
    url: '/joc/api/iam/identityclient', access: 'public', tags: ['oidc'],
    summary: 'The non-secret client parameters of an OIDC service (spec §1.3; the secret is never returned)',
    body: object({ identityServiceName: name }, ['identityServiceName']),
  }, async (_request, body) => {
    const { service, settings } = await oidcService(body.identityServiceName);
    return delivered({
      identityServiceName: service.name, iamOidcClientId: settings.clientId, iamOidcFlowType: settings.flowType,
      iamOidcGroupClaims: settings.groupClaims, iamOidcGroupScopes: settings.groupScopes,
    });
  });

  defineRoute<{ postLogoutRedirectUri?: string }>(app, {
    url: '/joc/api/iam/oidc/end_session_url', access: 'session', allowDuringPasswordChange: true, tags: ['oidc'],
    summary: 'The provider logout URL to send the browser to after logout (RP-initiated logout), when the session came from an OIDC service',
    body: object({ postLogoutRedirectUri: { type: 'string', minLength: 1, maxLength: 2000 } }),
  }, async (request, body) => {
    const session = sessionOf(request);
    if (body.postLogoutRedirectUri !== undefined && !isAcceptableRedirectUri(body.postLogoutRedirectUri)) {
      throw new KeywardError('KW_VALIDATION', 'postLogoutRedirectUri must be an absolute http(s) URL', { field: 'postLogoutRedirectUri' });
    }
    const service = await findIdentityServiceById(kw.store.db, session.serviceId);
    if (service === undefined || (service.type !== 'OIDC' && service.type !== 'OIDC-JOC') || session.data === null) return delivered({});
    const settings = readOidcSettings(await readServiceSettings(kw.store, service.id));
    if (settings === undefined) return delivered({});
    let tokens;
    try {
      tokens = parseSessionTokens((JSON.parse(kw.secrets.decrypt(session.data)) as Record<string, unknown>)[String(service.id)]);
    } catch {
      tokens = undefined;
    }
    try {
      const provider = await discoverProvider(service.id, settings, kw);
      const url = endSessionUrl(provider, tokens, body.postLogoutRedirectUri);
      return delivered(url === undefined ? {} : { endSessionUrl: url });
    } catch (err) {
      requestLog(request).warn({ err, identityService: service.name }, 'OIDC end-session URL unavailable');
      return delivered({});
    }
  });

  defineRoute(app, {
    url: '/joc/api/iam/oidc/session', access: 'session', allowDuringPasswordChange: true, tags: ['oidc'],
    summary: 'Timing of the caller\'s own session: idle timeout and token expiry (the login answer\'s sessionTimeout is bounded by the token expiry, which renewal moves)',
    body: object({}),
  }, async (request) => {
    const session = sessionOf(request);
    const now = kw.now();
    return delivered({
      idleTimeoutMs: session.idleTimeoutMs,
      idleRemainingMs: Math.max(0, session.lastTouch + session.idleTimeoutMs - now),
      ...(session.expiresAt === null ? {} : { tokenExpiresInMs: Math.max(0, session.expiresAt - now) }),
    });
  });

  defineRoute<{ identityServiceName: string; image: string; contentType?: string; fileName?: string; comment?: string; timeSpent?: number; ticketLink?: string; auditLog?: AuditLogInput }>(app, {
    url: '/joc/api/iam/import', access: MANAGE_ACCOUNTS, tags: ['oidc'],
    summary: 'Upload the login-button image of an OIDC service (JSON: base64 or data: URL; png, jpeg, gif, ico, webp, svg; at most 256 KiB)',
    body: object({
      identityServiceName: name,
      image: { type: 'string', minLength: 1, maxLength: 400_000 },
      contentType: { type: 'string', maxLength: 100 },
      fileName: { type: 'string', maxLength: 255, pattern: '^[^<>]*$' },
      timeSpent: { type: 'integer', minimum: 0 },
      ticketLink: { type: 'string', maxLength: 2000 },
      comment: { type: 'string', maxLength: 4000, pattern: '^[^<>]*$' },
      auditLog,
    }, ['identityServiceName', 'image']),
  }, async (request, body) => {
    const service = await findIdentityService(kw.store.db, body.identityServiceName);
    if (service === undefined) throw notFound(`Identity service "${body.identityServiceName}"`, 'identityServiceName');
    if (service.type !== 'OIDC' && service.type !== 'OIDC-JOC') throw new KeywardError('KW_VALIDATION', 'images belong to OIDC services only', { field: 'identityServiceName' });
    const bytes = decodeImage(body.image);
    if (bytes.length > MAX_ICON_BYTES) throw new KeywardError('KW_VALIDATION', `the image is larger than ${MAX_ICON_BYTES / 1024} KiB`, { field: 'image' });
    const contentType = sniffImageType(bytes);
    if (contentType === undefined) throw new KeywardError('KW_VALIDATION', 'the image must be png, jpeg, gif, ico, webp or svg', { field: 'image' });
    const now = kw.now();
    await writeIcon(kw.store.db, service.id, contentType, bytes, now);
    const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 16);
    await writeServiceSettings(kw.store, service.id, withImageMarker(await readServiceSettings(kw.store, service.id), { contentType, hash }), now);
    await recordChange(kw.store, {
      account: sessionOf(request).accountName, request: request.url, now, summary: `uploaded the login image of identity service ${service.name}`,
      details: { contentType, bytes: bytes.length }, auditLog: body.auditLog ?? { comment: body.comment, timeSpent: body.timeSpent, ticketLink: body.ticketLink },
    });
    return ok();
  });

  app.route({
    method: 'GET', url: '/joc/api/iam/icon/:name',
    schema: { summary: 'The login-button image of an OIDC service (spec §1.3)', tags: ['oidc'] } as Record<string, unknown>,
    config: { access: 'public' },
    handler: async (request, reply) => {
      const { name: serviceName } = request.params as { name: string };
      const service = await findIdentityService(kw.store.db, serviceName);
      const icon = service === undefined ? undefined : await readIcon(kw.store.db, service.id);
      if (icon === undefined) throw notFound(`The image of "${serviceName}"`);
      // An SVG opened directly must not run script in Keyward's origin.
      return reply.type(icon.contentType)
        .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('Content-Disposition', 'inline')
        .send(icon.data);
    },
  });
}

function decodeImage(value: string): Buffer {
  const m = /^data:[\w/+.-]+;base64,(.*)$/s.exec(value);
  const b64 = (m?.[1] ?? value).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) throw new KeywardError('KW_VALIDATION', 'image must be base64 (or a data: URL)', { field: 'image' });
  return Buffer.from(b64, 'base64');
}

/** The type is taken from the bytes, never from the client. */
export function sniffImageType(b: Buffer): string | undefined {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0) return 'image/x-icon';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  const head = b.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}
