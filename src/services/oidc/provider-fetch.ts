import http from 'node:http';
import https from 'node:https';

/**
 * The only way this module talks to an OpenID provider: `fetch`-shaped (openid-client's `customFetch`), over
 * node:http(s) so that a per-service truststore can be used (global fetch cannot take a CA list on Node 20).
 * Redirects are never followed (discovery and token endpoints must answer themselves), answers are size-capped and
 * every call has a timeout, so a slow or hostile provider cannot hold a login or the renewal task for long.
 */
export type ProviderFetch = (url: string, init?: ProviderRequestInit) => Promise<Response>;

export interface ProviderRequestInit {
  readonly method?: string | undefined;
  readonly headers?: Record<string, string> | Headers | undefined;
  readonly body?: unknown;
  readonly signal?: AbortSignal | null | undefined;
  readonly redirect?: string | undefined;
}

export interface ProviderFetchOptions {
  /** CA certificates (PEM) to trust instead of Node's default roots; undefined = default roots. */
  readonly ca?: readonly string[] | undefined;
  /** `http:` URLs are refused unless the service explicitly allows an insecure issuer. */
  readonly allowHttp: boolean;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

export class ProviderUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderUnreachableError';
  }
}

export function createProviderFetch(options: ProviderFetchOptions): ProviderFetch {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16, ...(options.ca === undefined ? {} : { ca: [...options.ca] }) });
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  return async (url, init = {}) => {
    const target = new URL(url);
    if (target.protocol === 'http:' && !options.allowHttp) throw new ProviderUnreachableError(`refusing plain http to ${target.origin} (the issuer must use https)`);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new ProviderUnreachableError(`unsupported URL scheme ${target.protocol}`);
    const headers = init.headers instanceof Headers ? Object.fromEntries(init.headers.entries()) : { ...(init.headers ?? {}) };
    const body = encodeBody(init.body, headers);
    if (body !== undefined) headers['content-length'] = String(body.length);
    const lib = target.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const req = lib.request(target, {
        method: init.method ?? 'GET', headers, agent: target.protocol === 'https:' ? httpsAgent : httpAgent, timeout: timeoutMs,
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy(new ProviderUnreachableError(`answer of ${target.origin}${target.pathname} exceeds ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const responseHeaders = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (v === undefined) continue;
            for (const item of Array.isArray(v) ? v : [v]) responseHeaders.append(k, item);
          }
          const noBody = status === 204 || status === 304 || (init.method ?? 'GET') === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
        });
        res.on('error', (err) => reject(unreachable(target, err)));
      });
      req.on('timeout', () => req.destroy(new ProviderUnreachableError(`${target.origin} did not answer within ${timeoutMs} ms`)));
      req.on('error', (err) => reject(unreachable(target, err)));
      const signal = init.signal ?? undefined;
      if (signal !== undefined) {
        if (signal.aborted) req.destroy(new ProviderUnreachableError(`request to ${target.origin} aborted`));
        signal.addEventListener('abort', () => req.destroy(new ProviderUnreachableError(`request to ${target.origin} aborted`)), { once: true });
      }
      req.end(body);
    });
  };
}

function unreachable(target: URL, err: unknown): Error {
  if (err instanceof ProviderUnreachableError) return err;
  const code = (err as { code?: string }).code;
  const detail = code === undefined ? (err instanceof Error ? err.message : String(err)) : `${code}${err instanceof Error && err.message !== code ? `: ${err.message}` : ''}`;
  return new ProviderUnreachableError(`identity provider ${target.origin} is unreachable (${detail})`, { cause: err });
}

function encodeBody(body: unknown, headers: Record<string, string>): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof URLSearchParams) {
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    return Buffer.from(body.toString(), 'utf8');
  }
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError('unsupported request body type');
}
