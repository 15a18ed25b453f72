import { LogController, type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
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
 * The logging part of Keyward's Fastify options for the logger `root`: no logger for Fastify itself, and for each
 * request a logger that is made only if the request logs (below says why). At level `silent` there is nothing to log,
 * and Fastify then makes no per-request logger at all. Request logging (a line per request) is off: on the
 * forward-auth hot path it would dominate; logins and changes log themselves.
 */
export function fastifyLogging(root: FastifyBaseLogger): Pick<FastifyServerOptions, 'logger' | 'childLoggerFactory' | 'logController'> {
  return {
    logger: false,
    ...(root.level === 'silent' ? {} : { childLoggerFactory: requestLoggerFactory(root) }),
    logController: new LogController({ disableRequestLogging: true }),
  };
}

/**
 * Why Keyward hands Fastify no logger but this factory (docs/decisions/0010-request-logger.md): with a logger,
 * Fastify makes a pino child per request — bindings serialised, the log methods rebuilt for the route's level — and
 * puts two listeners on every response to log its completion, even with request logging off. Nearly no request logs
 * anything (the hot paths, the authorized API call and /auth/verify, never do), and at the default level `info` that
 * work cost the authorized API call about a tenth of a bare route's throughput (docs/performance.md).
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
