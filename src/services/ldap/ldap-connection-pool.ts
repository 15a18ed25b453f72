import type { Client } from 'ldapts';
import { ResultCodeError } from 'ldapts';
import { step } from './classify-ldap-error.js';
import { openConnection, type LdapConnection } from './open-connection.js';
import type { LdapConfig } from './resolve-ldap-config.js';

/**
 * Reuses the system user's connection across logins (one per identity service and Keyward instance). ldapts
 * multiplexes concurrent operations on one connection by message id, so one bound connection serves every login
 * in flight; users never bind on it (their binds use their own short-lived connections), so its identity stays the
 * system user's.
 *
 * - The connection is rebuilt when the settings change (the config fingerprint), when the server closed it, or after
 *   an operation on it failed at the connection level; an operation that failed because a reused connection had
 *   silently died is retried once on a fresh connection.
 * - An idle connection is closed after `IDLE_CLOSE_MS`; `closeAll()` runs when the server stops.
 */
export const IDLE_CLOSE_MS = 60_000;

interface Entry {
  readonly fingerprint: string;
  connection: LdapConnection | undefined;
  connecting: Promise<LdapConnection> | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  inFlight: number;
}

export interface SystemConnectionSource {
  /** Runs `work` on a connection bound as the system user. */
  run<T>(work: (client: Client) => Promise<T>): Promise<T>;
  /** Gives up the connection (after a deadline passed with work still on it). */
  abandon(): void;
}

export class LdapConnectionPool {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  /** The system-user connection of `key` (the service id) for `config`. */
  source(key: string, config: LdapConfig): SystemConnectionSource {
    return {
      run: (work) => this.run(key, config, work),
      abandon: () => { this.discard(key); },
    };
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    const all = [...this.entries.keys()];
    await Promise.all(all.map((k) => this.discard(k)));
  }

  /** Open system connections (for tests and diagnostics). */
  size(): number {
    return [...this.entries.values()].filter((e) => e.connection !== undefined).length;
  }

  private async run<T>(key: string, config: LdapConfig, work: (client: Client) => Promise<T>): Promise<T> {
    const first = await this.acquire(key, config);
    const entry = this.entries.get(key);
    if (entry !== undefined) { entry.inFlight++; this.clearIdle(entry); }
    try {
      try {
        return await work(first.connection.client);
      } catch (err) {
        if (!isConnectionLevel(err)) throw err;
        await this.discard(key, first.connection);
        if (first.fresh) throw err;
        // A reused connection the server had dropped: one retry on a new connection.
        const second = await this.acquire(key, config);
        return await work(second.connection.client);
      }
    } finally {
      const e = this.entries.get(key);
      if (e !== undefined) { e.inFlight = Math.max(0, e.inFlight - 1); this.scheduleIdle(key, e); }
    }
  }

  private async acquire(key: string, config: LdapConfig): Promise<{ connection: LdapConnection; fresh: boolean }> {
    if (this.closed) throw new Error('the LDAP connection pool is closed');
    if (config.system === undefined) throw new Error('no system user configured');
    let entry = this.entries.get(key);
    if (entry !== undefined && entry.fingerprint !== config.fingerprint) {
      await this.discard(key);
      entry = undefined;
    }
    if (entry === undefined) {
      entry = { fingerprint: config.fingerprint, connection: undefined, connecting: undefined, idleTimer: undefined, inFlight: 0 };
      this.entries.set(key, entry);
    }
    if (entry.connection !== undefined && entry.connection.client.isBound) return { connection: entry.connection, fresh: false };
    if (entry.connection !== undefined) { void entry.connection.close(); entry.connection = undefined; }
    let pending = entry.connecting;
    if (pending === undefined) {
      const e = entry;
      const system = config.system;
      pending = (async () => {
        const connection = await openConnection(config);
        try {
          await step('system-bind', () => connection.client.bind(system.dn, system.password));
        } catch (err) {
          await connection.close();
          throw err;
        }
        return connection;
      })();
      e.connecting = pending;
      pending.then((c) => {
        if (this.entries.get(key) === e && !this.closed) e.connection = c; else void c.close();
      }, () => { /* reported to the callers awaiting it */ }).finally(() => { e.connecting = undefined; });
    }
    const connection = await pending;
    return { connection, fresh: true };
  }

  private async discard(key: string, only?: LdapConnection): Promise<void> {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    if (only !== undefined && entry.connection !== only) { await only.close(); return; }
    this.clearIdle(entry);
    this.entries.delete(key);
    const pending = entry.connecting;
    await entry.connection?.close();
    if (pending !== undefined) await pending.then((c) => c.close(), () => undefined);
  }

  private scheduleIdle(key: string, entry: Entry): void {
    this.clearIdle(entry);
    if (entry.inFlight > 0) return;
    entry.idleTimer = setTimeout(() => { if (this.entries.get(key) === entry && entry.inFlight === 0) void this.discard(key); }, IDLE_CLOSE_MS);
    entry.idleTimer.unref();
  }

  private clearIdle(entry: Entry): void {
    if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
  }
}

/** Errors of the connection itself (not an LDAP result and not a timeout, which must not be retried). */
function isConnectionLevel(err: unknown): boolean {
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  if (cause instanceof ResultCodeError) return false;
  const text = cause instanceof Error ? cause.message : String(cause);
  if (/timed out|timeout/i.test(text)) return false;
  return /closed|not established|socket|ECONNRESET|EPIPE/i.test(text);
}

const pools = new WeakMap<object, LdapConnectionPool>();

/** The pool of one Keyward instance (keyed by its store, so two servers in one process never share connections). */
export function connectionPoolFor(owner: object): LdapConnectionPool {
  let pool = pools.get(owner);
  if (pool === undefined) {
    pool = new LdapConnectionPool();
    pools.set(owner, pool);
  }
  return pool;
}
