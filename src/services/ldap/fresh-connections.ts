import type { Client } from 'ldapts';
import { step } from './classify-ldap-error.js';
import type { BindConnectionSource, SystemConnectionSource } from './ldap-connection-pool.js';
import { openConnection, type LdapConnection } from './open-connection.js';
import type { LdapConfig } from './resolve-ldap-config.js';

/**
 * Connections of their own, never pooled, all closed by `close()`: "test settings" uses them so a diagnosis
 * reflects exactly the settings under test, never a pooled connection made with older ones.
 */
export function freshConnections(config: LdapConfig): { system: SystemConnectionSource | undefined; binds: BindConnectionSource; close(): Promise<void> } {
  const opened = new Set<LdapConnection>();
  const open = async (): Promise<LdapConnection> => {
    const c = await openConnection(config);
    opened.add(c);
    return c;
  };
  let systemConnection: Promise<LdapConnection> | undefined;
  const openSystem = async (): Promise<LdapConnection> => {
    const system = config.system;
    if (system === undefined) throw new Error('no system user configured');
    const connection = await open();
    await step('system-bind', () => connection.client.bind(system.dn, system.password));
    return connection;
  };
  const close = async (): Promise<void> => {
    const all = [...opened];
    opened.clear();
    await Promise.all(all.map((c) => c.close()));
    await systemConnection?.then((c) => c.close(), () => undefined);
  };
  return {
    system: config.system === undefined ? undefined : {
      run: async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
        systemConnection ??= openSystem();
        return work((await systemConnection).client);
      },
      abandon: () => { void close(); },
    },
    binds: {
      acquire: async () => ({ connection: await open(), reused: false }),
      release: (connection) => { opened.delete(connection); void connection.close(); },
    },
    close,
  };
}
