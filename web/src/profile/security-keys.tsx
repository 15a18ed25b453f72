// Extension point: the signed-in user's own security keys (FIDO). The FIDO issue fills this section with the list
// of registered devices and the add/remove actions (`/iam/fido/...`, spec §1.10).
import type { ConsoleSession } from '../session/session-context.js';

export function SecurityKeysSection({ session }: { session: ConsoleSession }) {
  return (
    <section className="card" aria-labelledby="security-keys-heading">
      <h2 id="security-keys-heading">Security keys</h2>
      <p className="muted">
        Security keys (FIDO2 / passkeys) for <strong>{session.account}</strong> cannot be managed from this version of the console yet.
      </p>
    </section>
  );
}
