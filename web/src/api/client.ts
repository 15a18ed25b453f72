// Thin fetch wrapper for the JS7-compatible REST API under /joc/api. Every call is a JSON POST; the session travels
// in the X-Access-Token header (spec §1.0). A 401/440 on an authenticated call ends the session through
// `onSessionEnded` (the app shows the login page but keeps the user's unsaved work, see app.tsx).
import { ApiError, mapHttpError, mapNetworkError } from './api-error.js';

export const API_BASE = '/joc/api';

export interface RawAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface CallOptions {
  /** Extra request headers (e.g. Authorization for the login call). */
  headers?: Record<string, string>;
  /** Send the session token (default true). */
  authenticated?: boolean;
  signal?: AbortSignal;
}

export interface ApiClientHooks {
  getToken(): string | null;
  /** Called once per failing call with 401/440 while a token was sent. */
  onSessionEnded(error: ApiError): void;
}

export class ApiClient {
  constructor(private readonly hooks: ApiClientHooks) {}

  /** POSTs `body` as JSON and returns the raw answer without judging the status. Throws only on network failure. */
  async raw(path: string, body: unknown = {}, options: CallOptions = {}): Promise<RawAnswer> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...options.headers,
    };
    const token = options.authenticated === false ? null : this.hooks.getToken();
    if (token) headers['X-Access-Token'] = token;
    let response: Response;
    try {
      response = await fetch(API_BASE + path, {
        method: 'POST',
        headers,
        body: JSON.stringify(body ?? {}),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (err) {
      throw mapNetworkError(err);
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /** POSTs and returns the JSON answer; throws ApiError for anything but 2xx. */
  async call<T>(path: string, body: unknown = {}, options: CallOptions = {}): Promise<T> {
    const sentToken = options.authenticated !== false && this.hooks.getToken() !== null;
    const answer = await this.raw(path, body, options);
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.body === undefined || typeof answer.body === 'string') {
        throw new ApiError('server', 'The server sent an answer the console could not read.', answer.status);
      }
      return answer.body as T;
    }
    const error = mapHttpError(answer.status, answer.body);
    if (error.kind === 'session-ended' && sentToken) this.hooks.onSessionEnded(error);
    throw error;
  }
}
