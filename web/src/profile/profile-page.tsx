// The signed-in user's profile: account, identity service, roles, own permissions, password change, security keys.
import { useState } from 'react';
import { useSession } from '../session/session-context.js';
import { PasswordChangeDialog } from '../login/password-change-dialog.js';
import { PageHeader } from '../ui/page.js';
import { PermissionObjectTree } from '../ui/permission-object-tree.js';
import { useToast } from '../ui/toast.js';
import { SecurityKeysSection } from './security-keys.js';

export function ProfilePage() {
  const { api, session, permissions } = useSession();
  const toast = useToast();
  const [changing, setChanging] = useState(false);
  const roles = permissions.roles && permissions.roles.length > 0 ? permissions.roles : session.roles;
  const isJoc = session.identityServiceType === 'JOC';

  return (
    <section>
      <PageHeader title="My profile" description="Your account and what it may do." />
      <div className="card-grid">
        <section className="card" aria-labelledby="account-heading">
          <h2 id="account-heading">Account</h2>
          <dl className="facts">
            <dt>Account</dt>
            <dd data-testid="profile-account">{session.account}</dd>
            <dt>Identity service</dt>
            <dd>
              {session.identityServiceName} <span className="muted">({session.identityServiceType || 'unknown type'})</span>
            </dd>
            <dt>Roles</dt>
            <dd>{roles.length > 0 ? roles.join(', ') : <span className="muted">none</span>}</dd>
          </dl>
          {isJoc ? (
            <button type="button" className="button" onClick={() => setChanging(true)}>
              Change password
            </button>
          ) : session.identityServiceType === 'FIDO' ? (
            <p className="muted">You sign in with a security key; manage your keys beside this card.</p>
          ) : (
            <p className="muted">Your password is managed by the {session.identityServiceType} identity service, not by Keyward.</p>
          )}
        </section>
        <SecurityKeysSection session={session} />
      </div>
      <section className="card" aria-labelledby="my-permissions-heading">
        <h2 id="my-permissions-heading">My permissions</h2>
        <PermissionObjectTree permissions={permissions} label="My effective permissions" />
      </section>
      <PasswordChangeDialog
        api={api}
        open={changing}
        forced={false}
        accountName={session.account}
        identityServiceName={session.identityServiceName}
        onCancel={() => setChanging(false)}
        onDone={() => {
          setChanging(false);
          toast.success('Your password has been changed.');
        }}
      />
    </section>
  );
}
