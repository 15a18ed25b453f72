import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KeywardError } from '../../errors/index.js';
import { buildClearedSessionCookie, buildSessionCookie, cookieOptionsFor, readSessionCookie, wantsSessionCookie } from '../../forward-auth/session-cookie.js';
import { performLogin } from '../../login/perform-login.js';
import { listLeafPermissions, toJocCockpitPermissions } from '../../permissions/index.js';
import { serviceTypeModule } from '../../services/registry.js';
import { remainingMs, type Session } from '../../sessions/session-manager.js';
import { readServiceSettings } from '../../settings/service-settings.js';
import { readGlobalIamSettings } from '../../settings/global-settings.js';
import { findIdentityServiceById, insertLoginHistory } from '../../store/index.js';
import { readClientCertificate } from '../client-certificate.js';
import { defineRoute } from '../define-route.js';
import { requestLog } from '../logging.js';
import { accessTokenOf } from '../plugins/guard.js';
import { sendRawJson } from '../raw-answer.js';
import { delivered, deliveryDate, ok, sessionOf } from '../reply-helpers.js';
import { object } from '../schemas.js';

/** `Authorization: Basic base64(utf8(account:password))`; the password may contain ':' (spec §1.1). */
export function parseBasicAuthorization(header: string | undefined): { account: string; password: string } | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === 'Basic') return undefined;
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m?.[1]) throw new KeywardError('KW_AUTHORIZATION_HEADER');
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new KeywardError('KW_AUTHORIZATION_HEADER', 'Authorization header must carry base64("account:password")');
  return { account: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** spec §1.1 SOSAuthCurrentAccountAnswer. */
export function currentAccountAnswer(request: FastifyRequest, session: Session, token: string, now: number): Record<string, unknown> {
  return {
    account: session.accountName,
    accessToken: token,
    isAuthenticated: true,
    forcePasswordChange: session.forcePasswordChange,
    hasRole: session.roles.length > 0,
    role: session.roles.join(', '),
    isPermitted: false,
    sessionTimeout: remainingMs(session, now),
    enableTouch: true,
    callerHostName: request.hostname,
    callerIpAddress: request.ip,
    identityService: session.identityService,
    isApprover: false,
    isApprovalRequestor: false,
    message: session.forcePasswordChange ? 'The password must be changed' : '',
  };
}

const LOGIN_HEADERS = ['x-identity-service', 'x-1st-identity-service', 'origin', 'x-id-token'] as const;

export function authenticationRoutes(app: FastifyInstance): void {
  const kw = app.kw;

  defineRoute<unknown>(app, {
    url: '/joc/api/authentication/login', access: 'public', tags: ['authentication'],
    summary: 'Log in through the identity service chain (Basic auth, client certificate, or a named OIDC/FIDO service)',
    body: { type: 'object' },
  }, async (request, body, reply) => {
    const basic = parseBasicAuthorization(request.headers.authorization);
    const certificate = readClientCertificate(request);
    const headers = Object.fromEntries(LOGIN_HEADERS.map((h) => [h, headerValue(request, h)]));
    // X-ID-TOKEN alone: an OIDC client-credential login of a batch client (spec §1.1).
    if (basic === undefined && certificate === undefined && headers['x-identity-service'] === undefined && headers['x-id-token'] === undefined) {
      throw new KeywardError('KW_AUTHORIZATION_HEADER');
    }
    const log = requestLog(request);
    const result = await performLogin({ basic, certificate, body, headers, callerIp: request.ip, origin: headers.origin },
      { store: kw.store, secrets: kw.secrets, sessions: kw.sessions, log, now: kw.now });
    log.info({ event: 'login', account: result.status === 'success' ? result.session.accountName : result.account, outcome: result.status, callerIp: request.ip }, `login ${result.status}`);
    if (result.status === 'success') {
      const answer = currentAccountAnswer(request, result.session, result.token, kw.now());
      void reply.header('X-Access-Token', result.token).header('X-JOC-Timeout', String(answer.sessionTimeout));
      // Browser cookie for forward-auth, on request only (X-Keyward-Set-Cookie: true); read by /auth/* only.
      if (wantsSessionCookie(request)) void reply.header('Set-Cookie', buildSessionCookie(result.token, cookieOptionsFor(request)));
      return delivered(answer);
    }
    if (result.status === 'second-factor-needed') {
      void reply.header('X-Access-Token', '');
      return delivered({
        account: result.account, accessToken: '', isAuthenticated: true, message: 'Second factor needed',
        identityService: result.identityService, secondFactoridentityService: result.secondFactorServiceName,
      });
    }
    if (result.status === 'throttled') void reply.header('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
    return reply.status(401).send(delivered({
      account: result.account, accessToken: '', isAuthenticated: false, message: 'Access denied',
      callerHostName: request.hostname, callerIpAddress: request.ip,
    }));
  });

  defineRoute(app, {
    url: '/joc/api/authentication/logout', access: 'public', tags: ['authentication'],
    summary: 'End the session of X-Access-Token (and, for external services, the provider session)',
    body: { type: 'object' },
  }, async (request, _body, reply) => {
    const token = accessTokenOf(request);
    if (token === undefined) throw new KeywardError('KW_VALIDATION', 'X-Access-Token header expected');
    if (readSessionCookie(request.headers.cookie) !== undefined) void reply.header('Set-Cookie', buildClearedSessionCookie(cookieOptionsFor(request)));
    const lookup = await kw.sessions.resolve(token);
    if (lookup.status === 'ok') {
      const session = lookup.session;
      await endProviderSessions(app, session);
      await kw.sessions.end([session.id]);
      await insertLoginHistory(kw.store.db, {
        accountName: session.accountName, serviceName: session.identityService.split(':').slice(1).join(':'),
        loginDate: kw.now(), success: true, callerIp: request.ip,
        details: [{ identityServiceName: session.identityService, message: 'logout' }],
      });
    }
    return delivered({ isAuthenticated: false, accessToken: '', message: '' });
  });

  defineRoute(app, {
    url: '/joc/api/touch', access: 'session', allowDuringPasswordChange: true, tags: ['authentication'],
    summary: 'Reset the idle timer of the session (user activity)', body: { type: 'object' },
  }, async (request) => {
    await kw.sessions.touch(sessionOf(request));
    return ok();
  });

  defineRoute(app, {
    url: '/joc/api/authentication/joc_cockpit_permissions', access: 'session', tags: ['authentication'],
    summary: 'The effective permissions of the session (spec §2.2)', body: { type: 'object' },
  }, async (request) => {
    const session = sessionOf(request);
    await kw.sessions.touch(session);
    return delivered(toJocCockpitPermissions(session.permissions));
  });

  defineRoute(app, {
    url: '/joc/api/authentication/permissions', access: 'session', tags: ['authentication'],
    summary: 'The leaf permissions the session holds', body: { type: 'object' },
  }, async (request) => {
    const session = sessionOf(request);
    await kw.sessions.touch(session);
    return delivered({ sosPermissions: listLeafPermissions().filter((p) => session.permissions.isPermitted(p)) });
  });

  defineRoute(app, {
    method: 'GET', url: '/joc/api/authentication/role', access: 'session', tags: ['authentication'],
    summary: 'Whether the session has a role', querystring: object({ role: { type: 'string', maxLength: 255 } }, ['role']),
  }, async (request) => {
    const session = sessionOf(request);
    await kw.sessions.touch(session);
    const { role } = request.query as { role: string };
    return delivered({ hasRole: session.roles.includes(role) });
  });

  defineRoute(app, {
    method: 'GET', url: '/joc/api/authentication/permission', access: 'session', tags: ['authentication'],
    // The authorized API call of bench/authorized-api-call.ts: JS7 clients ask it per permission.
    hotPath: true, setsSecurityHeaders: true,
    summary: 'Whether the session holds a permission (optionally for a controller)',
    querystring: object({ permission: { type: 'string', minLength: 1, maxLength: 1000 }, controllerId: { type: 'string', maxLength: 255 } }, ['permission']),
    // Documents the answer (/openapi.json); the answer itself is written by `answerPermission`, past the serialiser.
    response: { 200: object({ deliveryDate: { type: 'string' }, isPermitted: { type: 'boolean' } }, ['deliveryDate', 'isPermitted']) },
  }, (request, _body, reply) => {
    const session = sessionOf(request);
    const { permission, controllerId } = request.query as { permission: string; controllerId?: string };
    const isPermitted = session.permissions.isPermitted(permission, controllerId);
    // Synchronous unless the touch is written (at most once a second per session).
    const written = kw.sessions.touch(session);
    if (written === undefined) {
      answerPermission(reply, isPermitted);
      return undefined;
    }
    return written.then(() => { answerPermission(reply, isPermitted); });
  });
}

/**
 * `{deliveryDate, isPermitted}` as the response schema's serialiser writes it, sent past Fastify's reply
 * (http/raw-answer.ts): an ISO date and a boolean need no escaping.
 */
function answerPermission(reply: FastifyReply, isPermitted: boolean): void {
  sendRawJson(reply, `{"deliveryDate":"${deliveryDate()}","isPermitted":${isPermitted ? 'true' : 'false'}}`);
}

/** Lets each service of the session end what it holds at the provider; failures are logged, logout still succeeds. */
async function endProviderSessions(app: FastifyInstance, session: Session): Promise<void> {
  if (session.data === null) return;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(app.kw.secrets.decrypt(session.data)) as Record<string, unknown>;
  } catch {
    return;
  }
  const globals = await readGlobalIamSettings(app.kw.store, app.kw.secrets);
  for (const [serviceId, serviceData] of Object.entries(data)) {
    const service = await findIdentityServiceById(app.kw.store.db, Number(serviceId));
    const module = service && serviceTypeModule(service.type);
    if (service === undefined || module?.logout === undefined) continue;
    try {
      await module.logout(serviceData, {
        service, settings: await readServiceSettings(app.kw.store, service.id), store: app.kw.store,
        secrets: app.kw.secrets, globals, log: app.kw.log, now: app.kw.now,
      });
    } catch (err) {
      app.kw.log.warn({ err, identityService: service.name }, 'provider logout failed');
    }
  }
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

