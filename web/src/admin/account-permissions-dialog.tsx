// Effective permissions of an account as if it signed in (spec §1.6 /iam/account/permissions → §2.2 object).
import { iam } from '../api/iam-api.js';
import { useSession } from '../session/session-context.js';
import { Dialog } from '../ui/dialog.js';
import { LoadState } from '../ui/page.js';
import { PermissionObjectTree } from '../ui/permission-object-tree.js';
import { useResource } from '../ui/use-resource.js';

export function AccountPermissionsDialog({ serviceName, accountName, onClose }: { serviceName: string; accountName: string | null; onClose(): void }) {
  return (
    <Dialog title={`Effective permissions of ${accountName ?? ''}`} open={accountName !== null} onClose={onClose} size="large">
      {accountName ? <Body serviceName={serviceName} accountName={accountName} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

function Body({ serviceName, accountName }: { serviceName: string; accountName: string }) {
  const { api } = useSession();
  const res = useResource(() => iam.accountPermissions(api, serviceName, accountName), [api, serviceName, accountName]);
  return (
    <div className="dialog-content">
      <p className="muted">What {accountName} may do after signing in, combining all of its roles (a denial in any role wins).</p>
      <LoadState loading={res.loading} error={res.error} onRetry={res.reload} what="Permissions" />
      {res.data && !res.loading ? <PermissionObjectTree permissions={res.data} label={`Effective permissions of ${accountName}`} /> : null}
    </div>
  );
}
