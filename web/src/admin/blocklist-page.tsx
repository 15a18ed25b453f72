// Global blocklist by account name (spec §1.9): add with a reason, remove with confirmation.
import { useState } from 'react';
import { iam } from '../api/iam-api.js';
import { PERM, useSession } from '../session/session-context.js';
import { useConfirm } from '../ui/confirm.js';
import { EmptyRow, formatDate, LoadState, PageHeader } from '../ui/page.js';
import { useToast } from '../ui/toast.js';
import { describeFailure } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';
import { BlockDialog } from './block-dialog.js';

export function BlocklistPage() {
  const { api, can } = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canManage = can(PERM.accountsManage);
  const res = useResource(() => iam.blockedAccounts(api), [api]);
  const [adding, setAdding] = useState(false);
  const items = res.data?.blockedAccounts ?? [];

  const unblock = async (name: string) => {
    const ok = await confirm({ title: `Unblock ${name}?`, message: <p>{name} will be able to sign in again with every identity service.</p>, confirmLabel: 'Unblock' });
    if (!ok) return;
    try {
      await iam.unblockAccounts(api, [name]);
      toast.success(`Account ${name} unblocked.`);
      res.reload();
    } catch (err) {
      toast.error(`${name} was not unblocked. ${describeFailure(err)}`);
    }
  };

  return (
    <section>
      <PageHeader
        title="Blocklist"
        description="Blocked account names cannot sign in with any identity service."
        actions={
          canManage ? (
            <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
              Block an account
            </button>
          ) : null
        }
      />
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="The blocklist" />
      {res.data ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Blocked accounts</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Reason</th>
                <th scope="col">Blocked since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 ? <EmptyRow colSpan={4}>No account is blocked.</EmptyRow> : null}
              {items.map((b) => (
                <tr key={b.accountName} data-blocked={b.accountName}>
                  <th scope="row">{b.accountName}</th>
                  <td>{b.comment || <span className="muted">—</span>}</td>
                  <td className="cell-nowrap">{formatDate(b.since)}</td>
                  <td className="cell-actions">
                    {canManage ? (
                      <button type="button" className="button button-small" onClick={() => void unblock(b.accountName)} aria-label={`Unblock ${b.accountName}`}>
                        Unblock
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <BlockDialog
        open={adding}
        onClose={() => setAdding(false)}
        onBlocked={(name) => {
          setAdding(false);
          toast.success(`Account ${name} blocked.`);
          res.reload();
        }}
      />
    </section>
  );
}
