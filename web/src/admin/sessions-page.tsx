// Active sessions (spec §1.9): who is signed in with which service, idle time left, cancel.
import { iam } from '../api/iam-api.js';
import { PERM, useSession } from '../session/session-context.js';
import { useConfirm } from '../ui/confirm.js';
import { EmptyRow, LoadState, PageHeader } from '../ui/page.js';
import { useToast } from '../ui/toast.js';
import { describeFailure } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';
import { formatCountdown } from '../validation/duration.js';

export function SessionsPage() {
  const { api, can, session } = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canManage = can(PERM.accountsManage);
  const res = useResource(() => iam.sessions(api), [api]);
  const items = res.data?.activeSessions ?? [];

  const cancel = async (id: string, account: string) => {
    const own = account === session.account;
    const ok = await confirm({
      title: `End the session of ${account}?`,
      message: <p>{own ? 'This may be your own session; you would be signed out.' : `${account} is signed out and has to sign in again.`}</p>,
      confirmLabel: 'End session',
      danger: true,
    });
    if (!ok) return;
    try {
      await iam.cancelSessions(api, [id]);
      toast.success(`Session of ${account} ended.`);
      res.reload();
    } catch (err) {
      toast.error(`The session was not ended. ${describeFailure(err)}`);
    }
  };

  return (
    <section>
      <PageHeader
        title="Active sessions"
        description="Sessions end after the idle timeout; blocking an account does not end its sessions."
        actions={
          <button type="button" className="button" onClick={res.reload}>
            Refresh
          </button>
        }
      />
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Active sessions" />
      {res.data ? (
        <div className="table-wrap">
          <table className="table" aria-busy={res.loading}>
            <caption className="visually-hidden">Active sessions</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Identity service</th>
                <th scope="col">Idle time left</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 ? <EmptyRow colSpan={4}>No active sessions.</EmptyRow> : null}
              {items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.accountName}</th>
                  <td>{s.identityService ?? '—'}</td>
                  <td>{typeof s.timeout === 'number' ? formatCountdown(s.timeout) : '—'}</td>
                  <td className="cell-actions">
                    {canManage ? (
                      <button type="button" className="button button-small" onClick={() => void cancel(s.id, s.accountName)} aria-label={`End session of ${s.accountName}`}>
                        End session
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
