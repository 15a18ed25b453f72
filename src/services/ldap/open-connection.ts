import net from 'node:net';
import tls from 'node:tls';
import { Client } from 'ldapts';
import { step } from './classify-ldap-error.js';
import type { LdapConfig } from './resolve-ldap-config.js';
import { withTimeout } from './with-timeout.js';

/**
 * One connection to the directory, ready for a bind: TCP (or TLS for ldaps://), then StartTLS when configured,
 * negotiated **before** any bind so no password ever crosses the wire in clear (spec §5.6 item 6: JS7 binds first).
 *
 * Every socket the client creates is tracked through ldapts' `createConnection`/`createSecureConnection` hooks, so
 * `close()` can always destroy it, even when the client is still connecting or upgrading (ldapts' `unbind()` does
 * nothing for a client that is not connected yet). Timeouts: `connectTimeout` for TCP/TLS, `timeout` (the read
 * timeout) for each operation, and our own timer around the StartTLS handshake, which ldapts does not bound.
 */
export interface LdapConnection {
  readonly client: Client;
  /** Unbinds politely when possible and destroys every socket; never throws, never waits more than 1 s. */
  close(): Promise<void>;
}

export async function openConnection(config: LdapConfig): Promise<LdapConnection> {
  const sockets = new Set<net.Socket>();
  const track = <S extends net.Socket>(socket: S): S => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };
  const client = new Client({
    url: config.url,
    timeout: config.readTimeoutMs,
    connectTimeout: config.connectTimeoutMs,
    // Only ldaps:// gets TLS options here: ldapts treats any tlsOptions as "connect with TLS".
    ...(config.secure ? { tlsOptions: config.tls } : {}),
    createConnection: ((...args: Parameters<typeof net.connect>) => track(net.connect(...args))) as typeof net.connect,
    createSecureConnection: ((...args: Parameters<typeof tls.connect>) => track(tls.connect(...args))) as typeof tls.connect,
  });
  let closed = false;
  const connection: LdapConnection = {
    client,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await withTimeout(client.unbind(), 1000, 'unbind');
      } catch { /* the sockets are destroyed below either way */ }
      for (const s of sockets) s.destroy();
    },
  };
  if (config.startTls) {
    try {
      await step('starttls', () => withTimeout(
        client.startTLS({ ...config.tls }),
        config.connectTimeoutMs + config.readTimeoutMs,
        'StartTLS',
        () => { for (const s of sockets) s.destroy(); },
      ));
    } catch (err) {
      await connection.close();
      throw err;
    }
  }
  return connection;
}
