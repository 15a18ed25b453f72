import type { Client } from 'ldapts';
import { isConnectionLevelError, step } from './classify-ldap-error.js';
import { openConnection, type LdapConnection } from './open-connection.js';
import type { LdapConfig } from './resolve-ldap-config.js';

/**
 * Connection reuse per identity service and Keyward instance, so a login does not pay a TCP (+TLS) setup and a
 * system bind each time:
 *
 * - **the system user's connection**: one bound connection shared by every login in flight (ldapts multiplexes
 *   operations by message id). Users never bind on it, so its identity stays the system user's.
 * - **bind connections**: connections (StartTLS already negotiated) used exclusively for users' binds, one login at
 *   a time. A simple bind replaces the connection's identity (RFC 4511 §4.2.1), a failed one leaves it anonymous, and
 *   nothing but binds (and, without a system user, that user's own searches) ever runs on them, so the previous
 *   user's identity is never used for anything. At most `MAX_IDLE_BIND_CONNECTIONS` are kept.
 *
 * A connection is dropped when the settings change (config fingerprint), when the server closed it, or after an
 * operation on it failed at the connection level; work that failed because a reused connection had silently died is
 * retried once on a fresh one. Everything of a service is closed after `IDLE_CLOSE_MS` without logins, and all of it
 * by `closeAll()` when the server stops: nothing leaks.
 */
export const IDLE_CLOSE_MS = 60_000;
export const MAX_IDLE_BIND_CONNECTIONS = 8;

export interface SystemConnectionSource {
  /** Runs `work` on a connection bound as the system user. */
  run<T>(work: (client: Client) => Promise<T>): Promise<T>;
  /** Gives up the connection (after a deadline passed with work still on it). */
  abandon(): void;
}

export interface BindConnectionSource {
  /** A connection ready for a bind (StartTLS done); `reused` when it served an earlier bind. */
  acquire(): Promise<{ connection: LdapConnection; reused: boolean }>;
  /** Gives the connection back: kept for the next bind when `reusable`, else closed. */
  release(connection: LdapConnection, reusable: boolean): void;
}

interface Entry {
  readonly fingerprint: string;
  system: LdapConnection | undefined;
  systemConnecting: Promise<LdapConnection> | undefined;
  readonly idleBinds: LdapConnection[];
  busy: number;
  idleTimer: NodeJS.Timeout | undefined;
}

export class LdapConnectionPool {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  /** The system-user connection of service `key` for `config`. */
  system(key: string, config: LdapConfig): SystemConnectionSource {
    return {
      run: (work) => this.runAsSystem(key, config, work),
      abandon: () => {
        const e = this.entries.get(key);
        if (e?.system !== undefined) { void e.system.close(); e.system = undefined; }
      },
    };
  }

  /** Bind connections of service `key` for `config`. */
  binds(key: string, config: LdapConfig): BindConnectionSource {
    return {
      acquire: async () => {
        const entry = this.entry(key, config);
        entry.busy++;
        this.clearIdle(entry);
        for (let c = entry.idleBinds.pop(); c !== undefined; c = entry.idleBinds.pop()) {
          if (c.client.isConnected) return { connection: c, reused: true };
          void c.close();
        }
        try {
          return { connection: await openConnection(config), reused: false };
        } catch (err) {
          this.done(key, entry);
          throw err;
        }
      },
      release: (connection, reusable) => {
        const entry = this.entries.get(key);
        const keep = reusable && !this.closed && entry !== undefined && entry.fingerprint === config.fingerprint
          && connection.client.isConnected && entry.idleBinds.length < MAX_IDLE_BIND_CONNECTIONS;
        if (keep) entry.idleBinds.push(connection); else void connection.close();
        if (entry !== undefined) this.done(key, entry);
      },
    };
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.entries.keys()].map((k) => this.discard(k)));
  }

  /** Open connections kept by the pool (system + idle bind connections), for leak checks. */
  openConnections(): number {
    let n = 0;
    for (const e of this.entries.values()) n += (e.system === undefined ? 0 : 1) + e.idleBinds.length;
    return n;
  }

  private entry(key: string, config: LdapConfig): Entry {
    if (this.closed) throw new Error('the LDAP connection pool is closed');
    let entry = this.entries.get(key);
    if (entry !== undefined && entry.fingerprint !== config.fingerprint) {
      void this.discard(key);
      entry = undefined;
    }
    if (entry === undefined) {
      entry = { fingerprint: config.fingerprint, system: undefined, systemConnecting: undefined, idleBinds: [], busy: 0, idleTimer: undefined };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private async runAsSystem<T>(key: string, config: LdapConfig, work: (client: Client) => Promise<T>): Promise<T> {
    const entry = this.entry(key, config);
    entry.busy++;
    this.clearIdle(entry);
    try {
      const first = await this.systemConnection(entry, config);
      try {
        return await work(first.connection.client);
      } catch (err) {
        if (!isConnectionLevelError(err)) throw err;
        if (entry.system === first.connection) entry.system = undefined;
        void first.connection.close();
        if (first.fresh) throw err;
        // A reused connection the server had dropped: one retry on a new connection.
        const second = await this.systemConnection(entry, config);
        return await work(second.connection.client);
      }
    } finally {
      this.done(key, entry);
    }
  }

  private async systemConnection(entry: Entry, config: LdapConfig): Promise<{ connection: LdapConnection; fresh: boolean }> {
    if (entry.system !== undefined && entry.system.client.isBound) return { connection: entry.system, fresh: false };
    if (entry.system !== undefined) { void entry.system.close(); entry.system = undefined; }
    let pending = entry.systemConnecting;
    if (pending === undefined) {
      const system = config.system;
      if (system === undefined) throw new Error('no system user configured');
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
      entry.systemConnecting = pending;
      pending.then((c) => {
        if (this.closed || ![...this.entries.values()].includes(entry)) void c.close(); else entry.system = c;
      }, () => { /* reported to the callers awaiting it */ }).finally(() => { entry.systemConnecting = undefined; });
    }
    return { connection: await pending, fresh: true };
  }

  private done(key: string, entry: Entry): void {
    entry.busy = Math.max(0, entry.busy - 1);
    if (entry.busy > 0 || this.entries.get(key) !== entry) return;
    this.clearIdle(entry);
    entry.idleTimer = setTimeout(() => { if (this.entries.get(key) === entry && entry.busy === 0) void this.discard(key); }, IDLE_CLOSE_MS);
    entry.idleTimer.unref();
  }

  private async discard(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.clearIdle(entry);
    const closing = [...entry.idleBinds.splice(0), ...(entry.system === undefined ? [] : [entry.system])].map((c) => c.close());
    entry.system = undefined;
    const pending = entry.systemConnecting;
    if (pending !== undefined) closing.push(pending.then((c) => c.close(), () => undefined));
    await Promise.all(closing);
  }

  private clearIdle(entry: Entry): void {
    if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
  }
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
