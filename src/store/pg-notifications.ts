import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';

/** Every instance's listening connection carries this name, so a sender can count the instances that must confirm. */
export const LISTENER_APPLICATION_NAME = 'keyward-listener';

/** The one channel Keyward listens on; messages and confirmations share it so each instance needs one LISTEN. */
const CHANNEL = 'keyward_session';

/**
 * Cross-instance notifications over PostgreSQL LISTEN/NOTIFY, with confirmation.
 *
 * NOTIFY alone says nothing about when another instance has acted on a message: PostgreSQL signals the listening
 * backends at commit, and each one forwards the message to its client when it gets to it. A logout answered on
 * instance A could therefore be followed by a request on instance B that B still answers from its cache (seen in CI
 * on a loaded machine). So every message carries an id; each instance's listener runs its handlers (synchronously)
 * and then confirms with `a:<id>`. The sender counts the listening connections in the same statement as its
 * NOTIFY and waits for that many confirmations, its own included, or at most `confirmWithinMs`: an instance that
 * is stuck, or an older version that does not confirm, costs the caller that bound and no more (its cache expires
 * within the same bound).
 *
 * Wire format on channel `keyward_session`: `m:<id>:<channel>:<payload>` for a message, `a:<id>` for a confirmation.
 */
export interface PgNotifications {
  notify(channel: string, payload: string, confirmWithinMs: number): Promise<void>;
  onNotify(channel: string, handler: (payload: string) => void): void;
  /** Resolves when this instance listens (or its first attempt failed; it then retries in the background). */
  listening(): Promise<void>;
  close(): Promise<void>;
}

interface Pending { confirmed: number; expected: number; done: () => void }

export function pgNotifications(url: string, pool: pg.Pool, types: pg.CustomTypesConfig): PgNotifications {
  const handlers = new EventEmitter();
  const pending = new Map<string, Pending>();
  let listener: pg.Client | undefined;
  let started: Promise<void> | undefined;
  let closed = false;

  const receive = (client: pg.Client, text: string): void => {
    if (text.startsWith('a:')) {
      const waiting = pending.get(text.slice(2));
      if (waiting !== undefined && ++waiting.confirmed >= waiting.expected) waiting.done();
      return;
    }
    const m = /^m:([^:]+):([^:]+):/.exec(text);
    if (m === null) return;
    // Handlers are synchronous: when emit returns, this instance has acted on the message.
    handlers.emit(m[2] as string, text.slice(m[0].length));
    client.query('SELECT pg_notify($1, $2)', [CHANNEL, `a:${m[1] as string}`]).catch(() => {});
  };

  // Until a new connection listens, ends on other instances reach this one through the bounded session cache.
  const listenLater = (): void => {
    setTimeout(() => { if (!closed) void listen().catch(listenLater); }, 1000).unref();
  };

  /** Connects and listens; a failure rejects (the caller retries), a later loss of the connection retries itself. */
  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, types, application_name: LISTENER_APPLICATION_NAME });
    let lost = false;
    client.on('notification', (msg) => { if (msg.payload !== undefined) receive(client, msg.payload); });
    client.on('error', () => {
      // A cut connection can report more than one error (the server's FATAL, then the socket's end): retry once.
      if (lost) return;
      lost = true;
      if (listener === client) listener = undefined;
      listenLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      lost = true;
      await client.end().catch(() => {});
      throw err;
    }
    if (closed) { await client.end(); return; }
    listener = client;
  };

  return {
    async notify(channel, payload, confirmWithinMs) {
      const id = randomUUID();
      const text = `m:${id}:${channel}:${payload}`;
      // Without our own listener we cannot hear confirmations; send and rely on the bounded caches.
      if (listener === undefined || confirmWithinMs <= 0) {
        await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, text]);
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const confirmed = new Promise<void>((resolve) => {
        // Registered before the NOTIFY: a confirmation can arrive before the statement's own answer does.
        pending.set(id, { confirmed: 0, expected: Number.POSITIVE_INFINITY, done: resolve });
        timer = setTimeout(resolve, confirmWithinMs);
      });
      try {
        const r = await pool.query<{ listeners: number }>(
          `SELECT pg_notify($1, $2), (SELECT count(*)::int FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = $3) AS listeners`,
          [CHANNEL, text, LISTENER_APPLICATION_NAME],
        );
        const entry = pending.get(id);
        if (entry !== undefined) {
          entry.expected = r.rows[0]?.listeners ?? 0;
          if (entry.confirmed >= entry.expected) entry.done();
        }
        await confirmed;
      } finally {
        clearTimeout(timer);
        pending.delete(id);
      }
    },
    onNotify(channel, handler) {
      handlers.on(channel, handler);
      // The first attempt is awaited by listening() (the server listens before it serves); failures retry.
      started ??= listen().catch(listenLater);
    },
    listening: async () => { await started; },
    async close() {
      closed = true;
      await started;
      await listener?.end().catch(() => {});
      for (const waiting of pending.values()) waiting.done();
    },
  };
}
