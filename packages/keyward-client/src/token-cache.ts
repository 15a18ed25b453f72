/**
 * A short-lived, bounded cache of Keyward's answers, least-recently-used by session token.
 *
 * - At most `maxTokens` tokens; the least recently used token (with all its answers) goes first.
 * - At most `maxAnswersPerToken` answers per token (paths, permissions); the oldest goes first.
 * - An answer expires `ttlMs` after the moment its request to Keyward was *sent*, so an answer can never be used
 *   more than `ttlMs` after a logout that Keyward had already processed when it answered: staleness is bounded by
 *   `ttlMs` whatever the network latency.
 * - Only answers about a live session are stored (granted, forbidden, permission checks); "not authenticated" is
 *   never cached, so a burst of bad tokens cannot push good ones out.
 */
export interface TokenCacheOptions {
  readonly ttlMs: number;
  readonly maxTokens: number;
  readonly maxAnswersPerToken: number;
  readonly now: () => number;
}

interface Answer<V> { readonly value: V; readonly expiresAt: number }

export class TokenCache<V> {
  private readonly tokens = new Map<string, Map<string, Answer<V>>>();

  constructor(private readonly options: TokenCacheOptions) {
    if (!(options.ttlMs >= 0) || !Number.isFinite(options.ttlMs)) throw new TypeError(`cache ttl must be a finite number ≥ 0, got ${options.ttlMs}`);
    if (!Number.isInteger(options.maxTokens) || options.maxTokens < 1) throw new TypeError(`cacheMaxTokens must be an integer ≥ 1, got ${options.maxTokens}`);
    if (!Number.isInteger(options.maxAnswersPerToken) || options.maxAnswersPerToken < 1) {
      throw new TypeError(`maxAnswersPerToken must be an integer ≥ 1, got ${options.maxAnswersPerToken}`);
    }
  }

  get(token: string, key: string): V | undefined {
    const answers = this.tokens.get(token);
    if (answers === undefined) return undefined;
    const answer = answers.get(key);
    if (answer === undefined) return undefined;
    if (this.options.now() >= answer.expiresAt) {
      answers.delete(key);
      if (answers.size === 0) this.tokens.delete(token);
      return undefined;
    }
    // Most recently used token last.
    this.tokens.delete(token);
    this.tokens.set(token, answers);
    return answer.value;
  }

  /** `requestedAt`: when the request that produced `value` was sent to Keyward. */
  set(token: string, key: string, value: V, requestedAt: number): void {
    if (this.options.ttlMs === 0) return;
    const expiresAt = requestedAt + this.options.ttlMs;
    if (expiresAt <= this.options.now()) return;
    let answers = this.tokens.get(token);
    if (answers === undefined) {
      if (this.tokens.size >= this.options.maxTokens) {
        const oldest = this.tokens.keys().next();
        if (oldest.done !== true) this.tokens.delete(oldest.value);
      }
      answers = new Map();
    } else {
      this.tokens.delete(token);
    }
    this.tokens.set(token, answers);
    if (answers.size >= this.options.maxAnswersPerToken && !answers.has(key)) {
      const oldest = answers.keys().next();
      if (oldest.done !== true) answers.delete(oldest.value);
    }
    answers.set(key, { value, expiresAt });
  }

  /** Forgets a token at once (e.g. after the application logs the user out itself). */
  forget(token: string): void {
    this.tokens.delete(token);
  }

  get tokenCount(): number {
    return this.tokens.size;
  }

  answerCount(token: string): number {
    return this.tokens.get(token)?.size ?? 0;
  }
}
