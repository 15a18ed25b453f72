import { step } from './classify-ldap-error.js';
import { openConnection, type LdapConnection } from './open-connection.js';
import type { LdapConfig } from './resolve-ldap-config.js';

/**
 * Opens the user's own connection (StartTLS first, see open-connection.ts) and binds as `dn` with the password.
 * The caller closes the connection. An empty password is refused here too, whatever the caller checked: LDAP
 * treats a simple bind with an empty password as an anonymous bind that "succeeds" (RFC 4513 §5.1.2).
 */
export async function bindUser(config: LdapConfig, dn: string, password: string): Promise<LdapConnection> {
  if (password === '') throw new Error('refusing a bind with an empty password (it would be an anonymous bind)');
  const connection = await openConnection(config);
  try {
    await step('user-bind', () => connection.client.bind(dn, password));
    return connection;
  } catch (err) {
    await connection.close();
    throw err;
  }
}

/**
 * For an account the user search did not find: one bind that fails, on a fresh connection, so an unknown account
 * costs about the time of a wrong password and the response time does not tell which accounts exist.
 */
export async function bindUnknownUser(config: LdapConfig, base: string, password: string): Promise<void> {
  try {
    const connection = await bindUser(config, `cn=keyward-no-such-account,${base}`, password);
    await connection.close();
  } catch { /* expected */ }
}
