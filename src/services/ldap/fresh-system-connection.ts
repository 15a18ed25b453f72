import type { Client } from 'ldapts';
import { step } from './classify-ldap-error.js';
import type { SystemConnectionSource } from './ldap-connection-pool.js';
import { openConnection, type LdapConnection } from './open-connection.js';
import type { LdapConfig } from './resolve-ldap-config.js';

/**
 * A system-user connection of its own, opened on first use and closed by `close()`: "test settings" uses it so a
 * diagnosis reflects exactly the settings under test, never a pooled connection made with older ones.
 */
export function freshSystemConnection(config: LdapConfig): SystemConnectionSource & { close(): Promise<void> } {
  let opening: Promise<LdapConnection> | undefined;
  const open = async (): Promise<LdapConnection> => {
    const system = config.system;
    if (system === undefined) throw new Error('no system user configured');
    const connection = await openConnection(config);
    try {
      await step('system-bind', () => connection.client.bind(system.dn, system.password));
    } catch (err) {
      await connection.close();
      throw err;
    }
    return connection;
  };
  const close = async (): Promise<void> => {
    const pending = opening;
    opening = undefined;
    if (pending !== undefined) await pending.then((c) => c.close(), () => undefined);
  };
  return {
    run: async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
      opening ??= open();
      return work((await opening).client);
    },
    abandon: () => { void close(); },
    close,
  };
}
