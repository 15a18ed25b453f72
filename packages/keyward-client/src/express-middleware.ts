import type { IncomingMessage, ServerResponse } from 'node:http';
import { createKeywardClient, type KeywardClient, type KeywardClientOptions, type Verdict } from './keyward-client.js';
import { contextFor, describeRequest, sessionTokenOf, type KeywardRequestContext, type RequestOptions } from './request-context.js';

export interface KeywardMiddlewareOptions extends KeywardClientOptions, RequestOptions {
  /** Use an existing client (shares its cache); otherwise one is created from these options. */
  readonly client?: KeywardClient;
  /**
   * Answer for requests Keyward refuses. Default: 401/403 JSON `{error, loginUrl?}`; browsers (Accept: text/html)
   * are redirected to the login URL on 401.
   */
  readonly onDenied?: (req: IncomingMessage, res: ServerResponse, verdict: Exclude<Verdict, { status: 'granted' }>) => void;
}

export type KeywardRequest = IncomingMessage & { keyward?: KeywardRequestContext; originalUrl?: string };
export type NextFunction = (err?: unknown) => void;

/**
 * Express-style middleware `(req, res, next)` (works with Express, Connect, Polka, or plain node:http): asks
 * Keyward whether the request may be served (rules file, `GET /auth/verify`), then sets `req.keyward` (`account`,
 * `roles`, `can(permission, controllerId?)`) and calls `next()`. Denied requests are answered here. When Keyward
 * cannot be reached, `next(err)` gets a `KeywardUnavailableError` (status 503): fail closed.
 */
export function keywardMiddleware(options: KeywardMiddlewareOptions): (req: KeywardRequest, res: ServerResponse, next: NextFunction) => void {
  const client = options.client ?? createKeywardClient(options);
  const onDenied = options.onDenied ?? defaultDenied;
  return (req, res, next) => {
    const token = sessionTokenOf(req.headers);
    const uri = req.originalUrl ?? req.url ?? '/';
    const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
    client.verify(token, describeRequest(req.method ?? 'GET', uri, req.headers, encrypted, options)).then((verdict) => {
      if (verdict.status !== 'granted') {
        onDenied(req, res, verdict);
        return;
      }
      req.keyward = contextFor(client, token, verdict.identity);
      next();
    }, next);
  };
}

function defaultDenied(req: IncomingMessage, res: ServerResponse, verdict: Exclude<Verdict, { status: 'granted' }>): void {
  if (verdict.status === 'unauthenticated') {
    if (verdict.loginUrl !== undefined && (req.headers.accept ?? '').includes('text/html') && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(302, { location: verdict.loginUrl }).end();
      return;
    }
    res.writeHead(401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'Not authenticated', ...(verdict.loginUrl === undefined ? {} : { loginUrl: verdict.loginUrl }) }));
    return;
  }
  res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: verdict.message }));
}
