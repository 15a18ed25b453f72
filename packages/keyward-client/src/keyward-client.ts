import { TokenCache } from './token-cache.js';

/** Default of `cacheSeconds`: an answer is reused for at most 5 s, so a logout is in force everywhere within 5 s. */
export const DEFAULT_CACHE_SECONDS = 5;
export const DEFAULT_CACHE_MAX_TOKENS = 10_000;
export const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_ANSWERS_PER_TOKEN = 256;

export interface KeywardClientOptions {
  /** Base URL of Keyward, e.g. `https://auth.example.com`. */
  readonly url: string;
  /**
   * How long an answer about a session may be reused, in seconds (default 5; 0 = never). This bounds how long a
   * logged-out or cancelled session keeps working in the application: at most this long after Keyward has ended it.
   */
  readonly cacheSeconds?: number;
  /** How many session tokens the cache holds (least recently used go first). Default 10,000. */
  readonly cacheMaxTokens?: number;
  /** Timeout of one request to Keyward in milliseconds. Default 5,000. */
  readonly timeoutMs?: number;
  /** Test seam: the fetch implementation (default: the global fetch of Node ≥ 18). */
  readonly fetch?: typeof fetch;
  /** Test seam: the clock. */
  readonly now?: () => number;
}

export interface Identity {
  readonly account: string;
  readonly roles: readonly string[];
  /** `<TYPE>:<name>` of the identity service that authenticated the session. */
  readonly identityService: string;
}

/** What the application is asked to serve (method, path+query as received, host, scheme). */
export interface RequestDescription {
  readonly method: string;
  readonly uri: string;
  readonly host: string;
  readonly proto: 'http' | 'https';
}

export type Verdict =
  | { readonly status: 'granted'; readonly identity: Identity | undefined }
  | { readonly status: 'unauthenticated'; readonly loginUrl: string | undefined }
  | { readonly status: 'forbidden'; readonly message: string };

export interface PermissionQuestion {
  readonly permission: string;
  readonly controllerId?: string;
  readonly folder?: string;
}

/** Keyward could not be asked (network, timeout, 5xx): applications must fail closed (503). */
export class KeywardUnavailableError extends Error {
  readonly status = 503;
  readonly expose = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeywardUnavailableError';
  }
}

/** The session's token went away between two calls (logout, cancel, idle timeout). */
export class KeywardSessionEndedError extends Error {
  readonly status = 401;
  readonly expose = true;
  constructor() {
    super('The Keyward session has ended');
    this.name = 'KeywardSessionEndedError';
  }
}

export interface KeywardClient {
  /** Asks `GET /auth/verify` whether the session may make the request (Keyward's rules file decides). */
  verify(token: string | undefined, request: RequestDescription): Promise<Verdict>;
  /** `POST /joc/api/authentication/check`: one answer per question, in order. */
  check(token: string, questions: readonly PermissionQuestion[]): Promise<boolean[]>;
  /** One permission (optionally for a controller); answers are cached like verdicts. */
  can(token: string, permission: string, controllerId?: string): Promise<boolean>;
  /** Drops everything cached for a token (call it when the application logs the user out). */
  forget(token: string): void;
}

type Cached = { readonly kind: 'verdict'; readonly verdict: Verdict } | { readonly kind: 'permission'; readonly permitted: boolean };

export function createKeywardClient(options: KeywardClientOptions): KeywardClient {
  const base = new URL(options.url);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`url must be an http(s) URL, got "${options.url}"`);
  const baseUrl = base.href.replace(/\/+$/, '');
  const cacheSeconds = options.cacheSeconds ?? DEFAULT_CACHE_SECONDS;
  if (!(cacheSeconds >= 0) || !Number.isFinite(cacheSeconds)) throw new TypeError(`cacheSeconds must be a number ≥ 0, got ${String(cacheSeconds)}`);
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cache = new TokenCache<Cached>({
    ttlMs: cacheSeconds * 1000, maxTokens: options.cacheMaxTokens ?? DEFAULT_CACHE_MAX_TOKENS,
    maxAnswersPerToken: MAX_ANSWERS_PER_TOKEN, now,
  });
  // Concurrent identical questions share one request to Keyward.
  const inFlight = new Map<string, Promise<unknown>>();

  const request = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      const res = await doFetch(baseUrl + path, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      if (res.status >= 500) throw new KeywardUnavailableError(`Keyward answered ${res.status} to ${path}`);
      return res;
    } catch (err) {
      if (err instanceof KeywardUnavailableError) throw err;
      throw new KeywardUnavailableError(`Keyward is unreachable at ${baseUrl}: ${(err as Error).message}`, { cause: err });
    }
  };

  const shared = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const pending = inFlight.get(key) as Promise<T> | undefined;
    if (pending !== undefined) return pending;
    const p = run().finally(() => inFlight.delete(key));
    inFlight.set(key, p);
    return p;
  };

  const verify = async (token: string | undefined, req: RequestDescription): Promise<Verdict> => {
    const path = pathOf(req.uri);
    const key = `v\n${req.method === 'HEAD' ? 'GET' : req.method}\n${req.host.toLowerCase()}\n${path}`;
    if (token !== undefined) {
      const hit = cache.get(token, key);
      if (hit?.kind === 'verdict') return hit.verdict;
    }
    return shared(`${token ?? ''}\n${key}`, async () => {
      const requestedAt = now();
      const res = await request('/auth/verify', {
        method: 'GET',
        headers: {
          'x-forwarded-method': req.method, 'x-forwarded-uri': req.uri, 'x-forwarded-host': req.host,
          'x-forwarded-proto': req.proto, ...(token === undefined ? {} : { 'x-access-token': token }),
        },
      });
      const body = await res.text();
      let verdict: Verdict;
      if (res.status === 200) {
        verdict = { status: 'granted', identity: identityOf(res.headers) };
      } else if (res.status === 401) {
        return { status: 'unauthenticated', loginUrl: res.headers.get('x-keyward-login-url') ?? undefined };
      } else if (res.status === 403) {
        verdict = { status: 'forbidden', message: messageOf(body) ?? 'Access denied' };
      } else {
        throw new KeywardUnavailableError(`Keyward answered ${res.status} to /auth/verify`);
      }
      if (token !== undefined) cache.set(token, key, { kind: 'verdict', verdict }, requestedAt);
      return verdict;
    });
  };

  const check = async (token: string, questions: readonly PermissionQuestion[]): Promise<boolean[]> => {
    const res = await request('/joc/api/authentication/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-access-token': token },
      body: JSON.stringify({ checks: questions }),
    });
    const body = await res.text();
    if (res.status === 401 || res.status === 440) throw new KeywardSessionEndedError();
    if (res.status !== 200) throw new KeywardUnavailableError(`Keyward answered ${res.status} to the permission check: ${messageOf(body) ?? body.slice(0, 200)}`);
    const results = (JSON.parse(body) as { results?: unknown }).results;
    if (!Array.isArray(results) || results.length !== questions.length) throw new KeywardUnavailableError('Keyward sent a malformed check answer');
    return results.map((r) => r === true);
  };

  const can = async (token: string, permission: string, controllerId?: string): Promise<boolean> => {
    const key = `p\n${controllerId ?? ''}\n${permission}`;
    const hit = cache.get(token, key);
    if (hit?.kind === 'permission') return hit.permitted;
    return shared(`${token}\n${key}`, async () => {
      const requestedAt = now();
      const [permitted = false] = await check(token, [{ permission, ...(controllerId === undefined ? {} : { controllerId }) }]);
      cache.set(token, key, { kind: 'permission', permitted }, requestedAt);
      return permitted;
    });
  };

  return { verify, check, can, forget: (token) => cache.forget(token) };
}

function pathOf(uri: string): string {
  const q = uri.indexOf('?');
  return q < 0 ? uri : uri.slice(0, q);
}

/** Keyward percent-encodes identity header values (docs/protecting-apps.md); plain names are unchanged. */
function identityOf(headers: Headers): Identity | undefined {
  const account = headers.get('x-keyward-account');
  if (account === null) return undefined; // a public rule: no session needed, none reported
  const roles = headers.get('x-keyward-roles') ?? '';
  return {
    account: decode(account),
    roles: roles === '' ? [] : roles.split(',').map(decode),
    identityService: decode(headers.get('x-keyward-identity-service') ?? ''),
  };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function messageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}
