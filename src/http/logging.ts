import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { pino } from 'pino';
import type { Config } from '../config/index.js';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
type Level = FastifyBaseLogger['level'];
type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

const LOG_METHODS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Keyward's structured log: JSON lines on stdout (or `stream`), the level of `KEYWARD_LOG_LEVEL`. Credentials and
 * session tokens are redacted should a request's headers ever be logged (Keyward itself never logs them).
 */
export function createLogger(level: Config['logLevel'], stream?: NodeJS.WritableStream): FastifyBaseLogger {
  const options = {
    level,
    redact: ['req.headers.authorization', 'req.headers["x-access-token"]', 'req.headers.cookie', 'req.headers["x-id-token"]'],
  };
  return stream === undefined ? pino(options) : pino(options, stream);
}

/**
 * The logging part of Keyward's Fastify options: no logger for Fastify itself (the request loggers come from
 * `registerRequestLoggers`). Request logging (a line per request) is off: on the forward-auth hot path it would
 * dominate; logins and changes log themselves.
 */
export function fastifyLogging(): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  return { logger: false, logController: new LogController({ disableRequestLogging: true }) };
}

/**
 * Gives each request of `app` a logger that is made only if the request logs (below says why), a child of `root`.
 * Call it before any route is added. At level `silent` there is nothing to log, and Fastify then makes no
 * per-request logger at all.
 *
 * A route declaring `config.hotPath` gets no per-request logger even then: Fastify's own factory, with no logger,
 * hands every request its null logger and makes nothing. On the two hot paths (the authorized API call and
 * /auth/verify), asking a factory for a stand-in and checking it (Fastify validates what a custom factory returns)
 * was the largest step Fastify still added per request in a profile (docs/performance.md, seventh session). What
 * Keyward logs for a request goes through `requestLog`, which makes the child there, on use.
 */
export function registerRequestLoggers(app: FastifyInstance, root: FastifyBaseLogger): void {
  // While none is set, this is Fastify's own factory, the one its per-request fast path recognises.
  const fastifyOwn = app.childLoggerFactory;
  if (root.level !== 'silent') app.setChildLoggerFactory(requestLoggerFactory(root));
  app.decorate('requestLogRoot', root);
  app.addHook('onRoute', (route) => {
    if (route.config?.hotPath === true) route.childLoggerFactory = fastifyOwn;
  });
}

/**
 * The logger for what Keyward logs about `request`: its own (a stand-in, see below), or on a hot path, where it has
 * Fastify's null logger, a child of the root logger made now. Either way the line carries `reqId`.
 */
export function requestLog(request: FastifyRequest): FastifyBaseLogger {
  const server = request.server;
  return request.log === server.log ? server.requestLogRoot.child({ reqId: request.id }) : request.log;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The root of the request loggers (registerRequestLoggers). */
    requestLogRoot: FastifyBaseLogger;
  }
  interface FastifyContextConfig {
    /** A hot path: no per-request logger (registerRequestLoggers); log through `requestLog`. */
    hotPath?: boolean;
  }
}

/**
 * Why Keyward hands Fastify no logger but this factory (docs/decisions/0010-request-logger.md): with a logger,
 * Fastify makes a pino child per request — bindings serialised, the log methods rebuilt for the route's level — and
 * puts two listeners on every response to log its completion, even with request logging off. Nearly no request logs
 * anything, and at the default level `info` that work cost the authorized API call about a tenth of a bare route's
 * throughput (docs/performance.md). The hot paths do not get this factory at all (`registerRequestLoggers`).
 *
 * Without a logger Fastify skips the listeners, and still asks this factory for each request's logger. It answers a
 * stand-in that makes the child of `root` the first time the request logs, so a line still carries `reqId` and the
 * redaction and level of `root`.
 */
function requestLoggerFactory(root: FastifyBaseLogger): ChildLoggerFactory {
  // Fastify's own argument is its null logger (it has none); `options` carries a route's `logLevel`, if one is set.
  return (_fastifyLogger, bindings, options) => new LazyChildLogger(root, bindings, options) as unknown as FastifyBaseLogger;
}

/** The log methods are put on the prototype below, so a stand-in is three fields and allocates nothing else. */
class LazyChildLogger {
  private made: FastifyBaseLogger | undefined = undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  /** The real child logger, made on first use. */
  get logger(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }

  /** Reading the level does not make the child: it is the route's level if one is set, else the parent's. */
  get level(): Level {
    return this.made?.level ?? this.options?.level ?? this.parent.level;
  }

  set level(level: Level) {
    this.logger.level = level;
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

for (const method of LOG_METHODS) {
  Object.defineProperty(LazyChildLogger.prototype, method, {
    value: function log(this: LazyChildLogger, ...args: unknown[]): void {
      const logger = this.logger;
      Reflect.apply(logger[method], logger, args);
    },
  });
}
