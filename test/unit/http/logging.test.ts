import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { createLogger, fastifyLogging, registerRequestLoggers, requestLog } from '../../../src/http/logging.js';
import { registerErrorHandling } from '../../../src/http/plugins/errors.js';

/**
 * Keyward's logging options for Fastify (src/http/logging.ts) on a small app: what a request that logs writes, and
 * that a request that does not log costs no logger and no response listeners (the reason for the arrangement).
 */
interface Harness {
  app: FastifyInstance;
  /** The lines written so far (the stream delivers them asynchronously). */
  lines: () => Promise<Record<string, unknown>[]>;
  /** How many children of the root logger were made. */
  children: () => number;
  /** The response's 'finish' listeners, seen from inside the handler of /quiet. */
  finishListeners: () => number;
}

async function harness(level: 'info' | 'silent' = 'info'): Promise<Harness> {
  const stream = new PassThrough();
  const written: string[] = [];
  stream.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
  const root = createLogger(level, stream);
  let children = 0;
  // Children inherit this method (pino makes a child with Object.create): count only the children of the root.
  const child = root.child;
  root.child = function countingChild(this: typeof root, bindings, options) {
    if (this === root) children++;
    return child.call(this, bindings, options);
  };
  let finishListeners = -1;

  const app = Fastify(fastifyLogging());
  registerRequestLoggers(app, root);
  app.get('/quiet', (request, reply) => {
    finishListeners = reply.raw.listenerCount('finish');
    return { level: request.log.level };
  });
  app.get('/loud', (request) => {
    request.log.info({ step: 1 }, 'first');
    request.log.debug('below the level');
    request.log.info({ step: 2 }, 'second');
    request.log.child({ part: 'inner' }).warn('from a child');
    return { id: request.id };
  });
  app.get('/warn-only', { logLevel: 'warn' }, (request) => {
    request.log.info('not written');
    request.log.warn('written');
    return {};
  });
  app.get('/secret', (request) => {
    request.log.info({ req: { headers: { authorization: 'Basic cm9vdDpyb290', 'x-access-token': 'tok-123' } } }, 'headers');
    return {};
  });
  // A hot path: Fastify's own null logger for the request; what Keyward logs goes through requestLog.
  app.get('/hot', { config: { hotPath: true } }, (request) => {
    const own = request.log === app.log;
    requestLog(request).warn({ step: 'hot' }, 'logged on a hot path');
    return { id: request.id, own };
  });
  app.get('/normal-via-helper', (request) => {
    const log = requestLog(request);
    log.info('first');
    return { id: request.id, same: log === request.log };
  });
  await app.ready();
  return {
    app,
    lines: async () => { await new Promise((resolve) => setImmediate(resolve)); return linesOf(written); },
    children: () => children,
    finishListeners: () => finishListeners,
  };
}

function linesOf(written: readonly string[]): Record<string, unknown>[] {
  return written.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The 'finish' listeners a response has in a Fastify app without any logger: Node's own. */
async function finishListenersWithoutLogger(): Promise<number> {
  const app = Fastify();
  let count = -1;
  app.get('/', (_request, reply) => { count = reply.raw.listenerCount('finish'); return {}; });
  await app.inject({ method: 'GET', url: '/' });
  await app.close();
  return count;
}

describe('request logging', () => {
  it('a request that logs nothing gets no logger of its own, writes nothing and leaves its response without listeners', async () => {
    const h = await harness();
    for (let i = 0; i < 3; i++) {
      const r = await h.app.inject({ method: 'GET', url: '/quiet' });
      assert.equal(r.statusCode, 200);
      // Reading the level does not make the logger either.
      assert.deepEqual(r.json(), { level: 'info' });
    }
    assert.equal(h.children(), 0);
    assert.deepEqual(await h.lines(), []);
    // With a logger given to Fastify, it would listen for 'finish' on every response to log the completion.
    assert.equal(h.finishListeners(), await finishListenersWithoutLogger());
    await h.app.close();
  });

  it('a request that logs writes its lines with its request id, through one logger made on the first line', async () => {
    const h = await harness();
    const r = await h.app.inject({ method: 'GET', url: '/loud' });
    const { id } = r.json<{ id: string }>();
    assert.equal(h.children(), 1);
    const lines = await h.lines();
    assert.deepEqual(lines.map((l) => [l.msg, l.reqId, l.step, l.part]), [
      ['first', id, 1, undefined],
      ['second', id, 2, undefined],
      ['from a child', id, undefined, 'inner'],
    ]);
    assert.deepEqual(lines.map((l) => l.level), [30, 30, 40]);
    await h.app.close();
  });

  it("a route's own log level applies to its requests", async () => {
    const h = await harness();
    await h.app.inject({ method: 'GET', url: '/warn-only' });
    assert.deepEqual((await h.lines()).map((l) => l.msg), ['written']);
    await h.app.close();
  });

  it('credentials and tokens in logged headers are redacted', async () => {
    const h = await harness();
    await h.app.inject({ method: 'GET', url: '/secret' });
    const text = JSON.stringify(await h.lines());
    assert.equal(text.includes('cm9vdDpyb290'), false);
    assert.equal(text.includes('tok-123'), false);
    assert.match(text, /\[Redacted\]/);
    await h.app.close();
  });

  it('a hot path gets no request logger (not even the stand-in), and requestLog still writes its lines with its id', async () => {
    const h = await harness();
    const r = await h.app.inject({ method: 'GET', url: '/hot' });
    const body = r.json<{ id: string; own: boolean }>();
    // Fastify's null logger, not a stand-in: the factory was not asked (its answer is never the null logger).
    assert.equal(body.own, true);
    const lines = await h.lines();
    assert.deepEqual(lines.map((l) => [l.msg, l.reqId, l.step, l.level]), [['logged on a hot path', body.id, 'hot', 40]]);
    assert.equal(h.children(), 1);
    // A normal route: requestLog is the request's own (stand-in) logger.
    const n = await h.app.inject({ method: 'GET', url: '/normal-via-helper' });
    const normal = n.json<{ id: string; same: boolean }>();
    assert.equal(normal.same, true);
    assert.deepEqual((await h.lines()).slice(1).map((l) => [l.msg, l.reqId]), [['first', normal.id]]);
    await h.app.close();
  });

  it('the error handler, which logs through requestLog, cannot be registered before the request loggers', () => {
    assert.throws(() => registerErrorHandling(Fastify(fastifyLogging())), /registerRequestLoggers must run before/);
    const app = Fastify(fastifyLogging());
    registerRequestLoggers(app, createLogger('silent'));
    assert.doesNotThrow(() => registerErrorHandling(app));
  });

  it('at level silent nothing is written and no request logger is asked for', async () => {
    const h = await harness('silent');
    await h.app.inject({ method: 'GET', url: '/loud' });
    assert.equal(h.children(), 0);
    assert.deepEqual(await h.lines(), []);
    await h.app.close();
  });
});
