import { InvalidCredentialsError } from 'ldapts';
import { isConnectionLevelError, LdapStepError, step } from './classify-ldap-error.js';
import type { BindConnectionSource } from './ldap-connection-pool.js';
import type { LdapConnection } from './open-connection.js';

/**
 * Binds as `dn` with the password on a bind connection (StartTLS already negotiated, see open-connection.ts) and
 * returns it with its `release`, which the caller must call once. An empty password is refused here too, whatever
 * the caller checked: LDAP treats a simple bind with an empty password as an anonymous bind that "succeeds"
 * (RFC 4513 §5.1.2). A reused connection that turns out dead is replaced once.
 */
export interface BoundUser {
  readonly connection: LdapConnection;
  /** Hands the connection back; `reusable: false` closes it. */
  release(reusable: boolean): void;
}

export async function bindUser(binds: BindConnectionSource, dn: string, password: string): Promise<BoundUser> {
  if (password === '') throw new Error('refusing a bind with an empty password (it would be an anonymous bind)');
  for (let attempt = 0; ; attempt++) {
    const { connection, reused } = await step('connect', () => binds.acquire());
    try {
      await step('user-bind', () => connection.client.bind(dn, password));
      let released = false;
      return { connection, release: (reusable) => { if (!released) { released = true; binds.release(connection, reusable); } } };
    } catch (err) {
      const refused = err instanceof LdapStepError && err.cause instanceof InvalidCredentialsError;
      binds.release(connection, refused); // a refused bind leaves a healthy, anonymous connection
      if (!refused && reused && attempt === 0 && isConnectionLevelError(err)) continue;
      throw err;
    }
  }
}

/**
 * For an account the user search did not find: one bind that fails, so an unknown account costs about the time of
 * a wrong password and the response time does not tell which accounts exist.
 */
export async function bindUnknownUser(binds: BindConnectionSource, base: string, password: string): Promise<void> {
  try {
    const bound = await bindUser(binds, `cn=keyward-no-such-account,${base}`, password);
    bound.release(true);
  } catch { /* expected */ }
}
