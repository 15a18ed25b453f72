import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { AJV_OPTIONS } from '../../../src/http/validation-options.js';
import { createLogger, fastifyLogging, registerRequestLoggers } from '../../../src/http/logging.js';
import { registerErrorHandling } from '../../../src/http/plugins/errors.js';
import { registerGuard } from '../../../src/http/plugins/guard.js';
import type { Session, SessionLookup } from '../../../src/sessions/session-manager.js';

/**
 * The guard on its own: a Fastify app with Keyward's error mapping and guard, and a session table standing in for
 * the SessionManager (its caching is tested in test/unit/sessions and over HTTP in the API tests). What is checked
 * here is the guard's contract: who gets which answer, that the handler never runs for a refused call, and that
 * schema validation comes first.
 */
const PERMISSION = 'sos:products:joc:administration:accounts:view';

function session(id: string, opts: { permitted?: boolean; forcePasswordChange?: boolean } = {}): Session {
  return {
    id, accountName: id, serviceId: 1, identityService: 'JOC-INITIAL', subjects: [], roles: [],
    permissions: { isPermitted: (p: string) => opts.permitted === true && p === PERMISSION } as unknown as Session['permissions'],
    idleTimeoutMs: 60_000, lastTouch: 0, createdAt: 0, expiresAt: null,
    forcePasswordChange: opts.forcePasswordChange === true, callerIp: '127.0.0.1', data: null,
  };
}

interface Harness { app: FastifyInstance; handled: string[] }

async function harness(cached: Record<string, Session>, stored: Record<string, SessionLookup>): Promise<Harness> {
  const handled: string[] = [];
  const app = Fastify({ ...fastifyLogging(), ajv: AJV_OPTIONS });
  registerRequestLoggers(app, createLogger('silent'));
  app.decorate('kw', {
    sessions: {
      cached: (token: string) => cached[token],
      resolve: async (token: string) => { await new Promise((r) => setImmediate(r)); return stored[token] ?? { status: 'unknown' }; },
    },
  } as unknown as FastifyInstance['kw']);
  registerErrorHandling(app);
  registerGuard(app);
  const body = { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false };
  app.post('/any-session', { config: { access: 'session' }, schema: { body } }, (request) => { handled.push(`session:${request.session?.id}`); return { ok: true }; });
  app.post('/needs-permission', { config: { access: { permission: PERMISSION } } }, async (request) => { handled.push(`permission:${request.session?.id}`); return { ok: true }; });
  app.post('/change-password', { config: { access: 'session', allowDuringPasswordChange: true } }, (request) => { handled.push(`change:${request.session?.id}`); return { ok: true }; });
  // Returns nothing and answers later: legal for a synchronous Fastify handler, whichever way the guard admitted the call.
  app.post('/sends-later', { config: { access: 'session' } }, (request, reply) => {
    setImmediate(() => { handled.push(`later:${request.session?.id}`); void reply.send({ later: true }); });
  });
  app.post('/public', { config: { access: 'public' } }, (request) => { handled.push(`public:${String(request.session)}`); return { ok: true }; });
  await app.ready();
  return { app, handled };
}

async function post(h: Harness, url: string, token?: string, payload: unknown = {}): Promise<{ status: number; code: string | undefined; body: Record<string, unknown> }> {
  const r = await h.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: token === undefined ? {} : { 'x-access-token': token } });
  const body = r.json<Record<string, unknown>>();
  return { status: r.statusCode, code: (body.error as { code?: string } | undefined)?.code, body };
}

describe('the guard (http/plugins/guard.ts)', () => {
  const fresh = (): Promise<Harness> => harness(
    { cachedAdmin: session('cachedAdmin', { permitted: true }), cachedUser: session('cachedUser'), mustChange: session('mustChange', { permitted: true, forcePasswordChange: true }) },
    { storedAdmin: { status: 'ok', session: session('storedAdmin', { permitted: true }) }, storedExpired: { status: 'expired' } },
  );

  it('answers each caller as spec §1.0 says, and runs the handler only for admitted calls', async () => {
    const cases: [string, string | undefined, number, string | undefined, string | undefined][] = [
      // [route, token, status, error code, what the handler saw]
      ['/any-session', undefined, 401, 'KW_NOT_AUTHENTICATED', undefined],
      ['/any-session', 'no-such-token', 440, 'KW_SESSION_EXPIRED', undefined],
      ['/any-session', 'storedExpired', 440, 'KW_SESSION_EXPIRED', undefined],
      ['/any-session', 'cachedUser', 200, undefined, 'session:cachedUser'],
      ['/any-session', 'storedAdmin', 200, undefined, 'session:storedAdmin'],
      ['/needs-permission', 'cachedUser', 403, 'KW_FORBIDDEN', undefined],
      ['/needs-permission', 'cachedAdmin', 200, undefined, 'permission:cachedAdmin'],
      ['/needs-permission', 'storedAdmin', 200, undefined, 'permission:storedAdmin'],
      ['/needs-permission', 'mustChange', 403, 'KW_PASSWORD_CHANGE_REQUIRED', undefined],
      ['/change-password', 'mustChange', 200, undefined, 'change:mustChange'],
      ['/public', undefined, 200, undefined, 'public:null'],
      ['/sends-later', 'cachedUser', 200, undefined, 'later:cachedUser'],
      ['/sends-later', 'storedAdmin', 200, undefined, 'later:storedAdmin'],
    ];
    for (const [url, token, status, code, saw] of cases) {
      const h = await fresh();
      const r = await post(h, url, token);
      const what = `${url} with ${token ?? 'no token'}`;
      assert.equal(r.status, status, what);
      assert.equal(r.code, code, what);
      assert.deepEqual(h.handled, saw === undefined ? [] : [saw], what);
      if (url === '/sends-later') assert.deepEqual(r.body, { later: true }, `${what}: the answer the handler sent`);
      await h.app.close();
    }
  });

  it('validates the body before it looks at the session: bad input is refused whoever sends it', async () => {
    const h = await fresh();
    for (const token of [undefined, 'cachedUser']) {
      const r = await post(h, '/any-session', token, { unknown: 1 });
      assert.deepEqual([r.status, r.code], [420, 'KW_VALIDATION'], token ?? 'no token');
    }
    assert.deepEqual(h.handled, []);
    await h.app.close();
  });

  it('refuses to register a guarded route with its own preHandler, which would run before the guard', async () => {
    const app = Fastify();
    app.decorate('kw', {} as FastifyInstance['kw']);
    registerGuard(app);
    assert.throws(
      () => app.post('/x', { config: { access: 'session' }, preHandler: (_req, _reply, done) => done() }, () => ({})),
      /may not declare a preHandler/,
    );
    app.post('/y', { config: { access: 'public' }, preHandler: (_req, _reply, done) => done() }, () => ({}));
    await app.close();
  });
});
