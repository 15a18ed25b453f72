// Audit log of changes (Keyward extension `POST /audit_log {limit?, accountName?, dateFrom?}`).
import { useState, type FormEvent } from 'react';
import { iam } from '../api/iam-api.js';
import { useSession } from '../session/session-context.js';
import { EmptyRow, formatDate, LoadState, PageHeader } from '../ui/page.js';
import { useResource } from '../ui/use-resource.js';

export function AuditLogPage() {
  const { api } = useSession();
  const [accountInput, setAccountInput] = useState('');
  const [dateInput, setDateInput] = useState('');
  const [filter, setFilter] = useState<{ accountName?: string; dateFrom?: string; limit: number }>({ limit: 200 });
  const res = useResource(() => iam.auditLog(api, filter), [api, filter]);
  const items = res.data?.auditLog ?? [];

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter({
      limit: 200,
      accountName: accountInput.trim() || undefined,
      dateFrom: dateInput ? new Date(`${dateInput}T00:00:00`).toISOString() : undefined,
    });
  };

  return (
    <section>
      <PageHeader title="Audit log" description="Changes made to identity services, accounts, roles, permissions and settings (newest first, up to 200)." />
      <form className="toolbar" onSubmit={apply}>
        <div className="field field-inline">
          <label htmlFor="audit-account">Changed by</label>
          <input id="audit-account" type="search" value={accountInput} onChange={(e) => setAccountInput(e.target.value)} autoComplete="off" />
        </div>
        <div className="field field-inline">
          <label htmlFor="audit-from">From date</label>
          <input id="audit-from" type="date" value={dateInput} onChange={(e) => setDateInput(e.target.value)} />
        </div>
        <button type="submit" className="button">
          Apply
        </button>
        <button type="button" className="button" onClick={res.reload}>
          Refresh
        </button>
      </form>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="The audit log" />
      {res.data ? (
        <div className="table-wrap">
          <table className="table" aria-busy={res.loading}>
            <caption className="visually-hidden">Audit log</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Account</th>
                <th scope="col">Request</th>
                <th scope="col">Summary</th>
                <th scope="col">Comment</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 ? <EmptyRow colSpan={5}>No changes recorded.</EmptyRow> : null}
              {items.map((i) => (
                <tr key={String(i.id)}>
                  <td className="cell-nowrap">{formatDate(i.created)}</td>
                  <th scope="row">{i.account}</th>
                  <td>
                    <code>{i.request}</code>
                  </td>
                  <td>{i.summary || <span className="muted">—</span>}</td>
                  <td>{i.comment || <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
