// Pending FIDO registration requests of one service (seed 000 "Approval flow"; spec §1.10): who registered, whether
// the e-mail address is confirmed, deferred, and what the authenticator said about itself (model, user verification,
// backup). Approve / defer / delete per row and for a selection. Listing needs accounts:view, the actions
// accounts:manage; approval of an unconfirmed address is refused by default (the server says why).
import { useMemo, useState } from 'react';
import { fido, mail, type FidoRegistrationItem } from '../api/fido-api.js';
import { Link } from '../router.js';
import { paths } from '../routes.js';
import { PERM, useSession } from '../session/session-context.js';
import { useConfirm } from '../ui/confirm.js';
import { EmptyRow, formatDate, LoadState, PageHeader, StatusBadge } from '../ui/page.js';
import { RowActions } from '../ui/row-actions.js';
import { useToast } from '../ui/toast.js';
import { describeFailure } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';
import { ServiceBreadcrumb, ServiceTabs, useIdentityService } from './service-nav.js';

type Filter = 'all' | 'confirmed' | 'unconfirmed' | 'deferred';

export function FidoRegistrationsPage({ service }: { service: string }) {
  const { api, can } = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canManage = can(PERM.accountsManage);
  const svc = useIdentityService(service);
  const res = useResource(async () => (await fido.registrations(api, service)).fidoRegistrationItems ?? [], [api, service]);
  const outbox = useResource(async () => (await mail.outbox(api)).mails ?? [], [api, service]);
  const [filter, setFilter] = useState<Filter>('all');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);

  const items = useMemo(() => (res.data ?? []).filter((r) =>
    filter === 'all' ? true : filter === 'confirmed' ? r.confirmed : filter === 'unconfirmed' ? !r.confirmed : r.deferred), [res.data, filter]);
  const visibleSelected = items.filter((r) => selected.has(r.accountName)).map((r) => r.accountName);
  const undelivered = (outbox.data ?? []).filter((m) => m.purpose.startsWith('fido-') && (res.data ?? []).some((r) => m.to.includes(r.email)));

  const run = async (verb: 'approve' | 'defer' | 'delete', names: string[]) => {
    if (names.length === 0) return;
    const list = names.join(', ');
    if (verb === 'delete') {
      const ok = await confirm({
        title: names.length === 1 ? `Delete the request of ${list}?` : `Delete ${names.length} requests?`,
        message: <p>The registration {names.length === 1 ? 'request is' : 'requests are'} removed; the key is not added. The user may register again.</p>,
        confirmLabel: 'Delete', danger: true,
      });
      if (!ok) return;
    }
    setBusy(true);
    try {
      if (verb === 'approve') await fido.approve(api, service, names);
      else if (verb === 'defer') await fido.defer(api, service, names);
      else await fido.remove(api, service, names);
      setSelected(new Set());
      if (verb === 'approve') toast.success(`Approved ${list}. Assign roles on the Accounts tab so ${names.length === 1 ? 'the account' : 'the accounts'} can sign in.`);
      else toast.success(verb === 'defer' ? `Deferred ${list}.` : `Deleted the request of ${list}.`);
    } catch (err) {
      toast.error(`${verb === 'approve' ? 'Approval' : verb === 'defer' ? 'Defer' : 'Delete'} failed. ${describeFailure(err)}`);
    } finally {
      setBusy(false);
      res.reload();
      outbox.reload();
    }
  };

  const toggle = (name: string, on: boolean) => setSelected((s) => {
    const next = new Set(s);
    if (on) next.add(name);
    else next.delete(name);
    return next;
  });
  const allSelected = items.length > 0 && visibleSelected.length === items.length;

  return (
    <section>
      <PageHeader breadcrumb={<ServiceBreadcrumb service={service} />} title={`Pending requests of ${service}`}
        description="Security keys registered by users, waiting for approval. Approving creates the account with its key; assign roles afterwards." />
      <ServiceTabs service={service} type={svc.data?.identityServiceType} current="registrations" />
      {undelivered.length > 0 ? (
        <div className="banner banner-warning" role="status">
          {undelivered.length} notification mail{undelivered.length === 1 ? '' : 's'} to these users {undelivered.length === 1 ? 'is' : 'are'} not delivered yet.{' '}
          <Link to={paths.mail()}>Show undelivered mails</Link>
        </div>
      ) : null}
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="fido-filter">Show</label>
          <select id="fido-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            <option value="all">All requests</option>
            <option value="confirmed">E-mail confirmed</option>
            <option value="unconfirmed">E-mail not confirmed</option>
            <option value="deferred">Deferred</option>
          </select>
        </div>
        {canManage ? (
          <div className="bulk-actions" style={{ display: 'flex', alignItems: 'center', gap: '0.5rem', flexWrap: 'wrap' }} role="group" aria-label="Actions for the selected requests">
            <span className="muted">{visibleSelected.length} selected</span>
            <button type="button" className="button button-small button-primary" disabled={busy || visibleSelected.length === 0} onClick={() => void run('approve', visibleSelected)}>Approve selected</button>
            <button type="button" className="button button-small" disabled={busy || visibleSelected.length === 0} onClick={() => void run('defer', visibleSelected)}>Defer selected</button>
            <button type="button" className="button button-small button-danger-outline" disabled={busy || visibleSelected.length === 0} onClick={() => void run('delete', visibleSelected)}>Delete selected</button>
          </div>
        ) : null}
      </div>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Pending requests" />
      {res.data ? (
        <div className="table-wrap">
          <table className="table" aria-busy={res.loading || busy}>
            <caption className="visually-hidden">Pending registration requests of {service}</caption>
            <thead>
              <tr>
                {canManage ? (
                  <th scope="col">
                    <input type="checkbox" aria-label="Select all shown requests" checked={allSelected}
                      onChange={(e) => setSelected(e.target.checked ? new Set(items.map((r) => r.accountName)) : new Set())} />
                  </th>
                ) : null}
                <th scope="col">Account</th>
                <th scope="col">E-mail</th>
                <th scope="col">E-mail confirmed</th>
                <th scope="col">Deferred</th>
                <th scope="col">Authenticator</th>
                <th scope="col">Flags</th>
                <th scope="col">Requested</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 ? <EmptyRow colSpan={canManage ? 9 : 8}>{filter === 'all' ? 'No pending requests.' : 'No request matches the filter.'}</EmptyRow> : null}
              {items.map((r) => (
                <tr key={r.accountName} data-registration={r.accountName}>
                  {canManage ? (
                    <td><input type="checkbox" aria-label={`Select ${r.accountName}`} checked={selected.has(r.accountName)} onChange={(e) => toggle(r.accountName, e.target.checked)} /></td>
                  ) : null}
                  <th scope="row">{r.accountName}</th>
                  <td>{r.email}</td>
                  <td>{r.confirmed ? <StatusBadge tone="ok">yes</StatusBadge> : <StatusBadge tone="warn">no</StatusBadge>}</td>
                  <td>{r.deferred ? <StatusBadge tone="info">yes</StatusBadge> : <span className="muted">no</span>}</td>
                  <td><AuthenticatorCell r={r} /></td>
                  <td>
                    <span className="badges">
                      {r.userVerified ? <StatusBadge tone="ok">user verified</StatusBadge> : <StatusBadge tone="warn">presence only</StatusBadge>}
                      {r.backupEligible ? <StatusBadge tone="neutral">{r.backedUp ? 'synced passkey' : 'backup eligible'}</StatusBadge> : <StatusBadge tone="neutral">device-bound</StatusBadge>}
                    </span>
                  </td>
                  <td>{formatDate(r.created)}</td>
                  <td className="cell-actions">
                    <RowActions label={`Actions for ${r.accountName}`} actions={[
                      { label: 'Approve', hidden: !canManage, onSelect: () => void run('approve', [r.accountName]) },
                      { label: 'Defer', hidden: !canManage || r.deferred, onSelect: () => void run('defer', [r.accountName]) },
                      { label: 'Delete', hidden: !canManage, danger: true, onSelect: () => void run('delete', [r.accountName]) },
                    ]} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {!canManage ? <p className="muted">You can view the requests; approving them needs the permission to manage accounts.</p> : null}
    </section>
  );
}

function AuthenticatorCell({ r }: { r: FidoRegistrationItem }) {
  return (
    <span title={`AAGUID ${r.aaguid}; ${r.algorithm}; ${r.transports.join(', ') || 'no transports reported'}; origin ${r.origin}`}>
      {r.authenticatorModel === 'not disclosed' ? <span className="muted">model not disclosed</span> : r.authenticatorModel}
      <span className="visually-hidden">, AAGUID {r.aaguid}</span>
    </span>
  );
}
