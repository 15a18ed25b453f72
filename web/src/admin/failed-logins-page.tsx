// Failed logins (spec §1.12 login history): per attempt, each identity service's message.
import { useState, type FormEvent } from 'react';
import { iam } from '../api/iam-api.js';
import { useSession } from '../session/session-context.js';
import { EmptyRow, formatDate, LoadState, PageHeader, StatusBadge } from '../ui/page.js';
import { useResource } from '../ui/use-resource.js';

export function FailedLoginsPage() {
  const { api } = useSession();
  const [accountInput, setAccountInput] = useState('');
  const [onlyFailed, setOnlyFailed] = useState(true);
  const [filter, setFilter] = useState<{ accountName?: string }>({});
  const res = useResource(() => iam.loginHistory(api, { ...filter, ...(onlyFailed ? { success: false } : {}), limit: 500 }), [api, filter, onlyFailed]);
  const items = (res.data?.loginHistoryItems ?? []).filter((i) => !onlyFailed || !i.loginSuccess);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ accountName: accountInput.trim() || undefined });
  };

  return (
    <section>
      <PageHeader title="Failed logins" description="Sign-in attempts with the reason each identity service gave. The reasons are shown only here, never to the person signing in." />
      <form className="toolbar" onSubmit={apply}>
        <div className="field field-inline">
          <label htmlFor="history-account">Account</label>
          <input id="history-account" type="search" value={accountInput} onChange={(e) => setAccountInput(e.target.value)} autoComplete="off" />
        </div>
        <div className="checkbox">
          <input id="history-only-failed" type="checkbox" checked={onlyFailed} onChange={(e) => setOnlyFailed(e.target.checked)} />
          <label htmlFor="history-only-failed">Failed only</label>
        </div>
        <button type="submit" className="button">
          Apply
        </button>
        <button type="button" className="button" onClick={res.reload}>
          Refresh
        </button>
      </form>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Login history" />
      {res.data ? (
        <div className="table-wrap">
          <table className="table" aria-busy={res.loading}>
            <caption className="visually-hidden">Login history</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Account</th>
                <th scope="col">Result</th>
                <th scope="col">What each service said</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 ? <EmptyRow colSpan={4}>No {onlyFailed ? 'failed ' : ''}logins recorded.</EmptyRow> : null}
              {items.map((i, n) => (
                <tr key={`${i.loginDate}-${i.accountName}-${n}`} data-history-account={i.accountName}>
                  <td className="cell-nowrap">{formatDate(i.loginDate)}</td>
                  <th scope="row">{i.accountName}</th>
                  <td>{i.loginSuccess ? <StatusBadge tone="ok">Success</StatusBadge> : <StatusBadge tone="bad">Failed</StatusBadge>}</td>
                  <td>
                    {(i.details?.loginHistoryItems ?? []).length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="plain-list">
                        {(i.details?.loginHistoryItems ?? []).map((d, k) => (
                          <li key={k}>
                            <strong>{d.identityServiceName ?? 'unknown service'}:</strong> {d.message ?? ''}
                          </li>
                        ))}
                      </ul>
                    )}
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
