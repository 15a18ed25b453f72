// Accounts of one identity service with server-side search and paging (never loads all: services may hold 100,000
// accounts), and the account actions of spec §1.6/§1.9.
import { useEffect, useState } from 'react';
import { iam } from '../api/iam-api.js';
import type { Account } from '../api/types.js';
import { PERM, useSession } from '../session/session-context.js';
import { useConfirm } from '../ui/confirm.js';
import { EmptyRow, LoadState, PageHeader, StatusBadge } from '../ui/page.js';
import { RowActions } from '../ui/row-actions.js';
import { useToast } from '../ui/toast.js';
import { describeFailure } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';
import { AccountDialog, type AccountDialogMode } from './account-dialog.js';
import { describeRange, lastPageOffset, toAccountPage } from './account-paging.js';
import { AccountPermissionsDialog } from './account-permissions-dialog.js';
import { BlockDialog } from './block-dialog.js';
import { FidoAccountKeysDialog } from './fido-account-keys-dialog.js';
import { ServiceBreadcrumb, ServiceTabs, useIdentityService } from './service-nav.js';
import { managesAccounts, storesPasswords } from './service-types.js';

const PAGE_SIZES = [25, 50, 100];

export function AccountsPage({ service }: { service: string }) {
  const { api, can } = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canManage = can(PERM.accountsManage);
  const svc = useIdentityService(service);
  const type = svc.data?.identityServiceType ?? '';
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(50);
  const [offset, setOffset] = useState(0);
  const [dialog, setDialog] = useState<AccountDialogMode | null>(null);
  const [blocking, setBlocking] = useState<string | null>(null);
  const [showing, setShowing] = useState<string | null>(null);
  const [keysOf, setKeysOf] = useState<string | null>(null);

  useEffect(() => {
    const t = window.setTimeout(() => {
      setSearch(searchText.trim());
      setOffset(0);
    }, 300);
    return () => window.clearTimeout(t);
  }, [searchText]);

  const res = useResource(async () => toAccountPage(await iam.accounts(api, service, { search, limit, offset }), { search, limit, offset }), [api, service, search, limit, offset]);
  const roles = useResource(async () => (await iam.roles(api, service)).roles.map((r) => r.roleName), [api, service]);
  const page = res.data;

  const act = async (label: string, action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      toast.success(done);
      res.reload();
    } catch (err) {
      toast.error(`${label} failed. ${describeFailure(err)}`);
    }
  };

  const actionsFor = (a: Account) => {
    const name = a.accountName;
    return [
      { label: 'Edit', onSelect: () => setDialog({ kind: 'edit', account: a }), hidden: !canManage },
      { label: 'Duplicate', onSelect: () => setDialog({ kind: 'duplicate', account: a }), hidden: !canManage },
      { label: 'Show permissions', onSelect: () => setShowing(name) },
      { label: 'Security keys', onSelect: () => setKeysOf(name), hidden: type !== 'FIDO' },
      {
        label: 'Reset password',
        hidden: !canManage || !storesPasswords(type),
        onSelect: async () => {
          const ok = await confirm({
            title: `Reset the password of ${name}?`,
            message: <p>The password becomes the initial password and {name} must choose a new one at the next login.</p>,
            confirmLabel: 'Reset password',
            danger: true,
          });
          if (ok) await act('Reset password', () => iam.resetPasswords(api, service, [name]), `Password of ${name} reset to the initial password.`);
        },
      },
      {
        label: 'Force password change',
        hidden: !canManage || !storesPasswords(type) || a.forcePasswordChange === true,
        onSelect: () => void act('Force password change', () => iam.forcePasswordChange(api, service, [name]), `${name} must change the password at the next login.`),
      },
      {
        label: a.disabled ? 'Enable' : 'Disable',
        hidden: !canManage || !managesAccounts(type),
        onSelect: () =>
          void act(
            a.disabled ? 'Enable' : 'Disable',
            () => (a.disabled ? iam.enableAccounts(api, service, [name]) : iam.disableAccounts(api, service, [name])),
            `Account ${name} ${a.disabled ? 'enabled' : 'disabled'}.`,
          ),
      },
      {
        label: a.blocked ? 'Unblock' : 'Block',
        hidden: !canManage,
        onSelect: async () => {
          if (!a.blocked) return setBlocking(name);
          const ok = await confirm({ title: `Unblock ${name}?`, message: <p>{name} will be able to sign in again.</p>, confirmLabel: 'Unblock' });
          if (ok) await act('Unblock', () => iam.unblockAccounts(api, [name]), `Account ${name} unblocked.`);
        },
      },
      {
        label: 'Delete',
        danger: true,
        hidden: !canManage,
        onSelect: async () => {
          const ok = await confirm({
            title: `Delete account ${name}?`,
            message: (
              <p>
                The account <strong>{name}</strong> and its role assignments are removed from {service}. This cannot be undone.
              </p>
            ),
            confirmLabel: 'Delete account',
            danger: true,
          });
          if (ok) await act('Delete', () => iam.deleteAccounts(api, service, [name]), `Account ${name} deleted.`);
        },
      },
    ].map((x) => ({ ...x, onSelect: () => void x.onSelect() }));
  };

  if (svc.error && svc.error.kind === 'rejected') {
    return (
      <section>
        <PageHeader breadcrumb={<ServiceBreadcrumb service={service} />} title={`Accounts of ${service}`} />
        <LoadState loading={false} error={svc.error} onRetry={svc.reload} what="The identity service" />
      </section>
    );
  }

  return (
    <section>
      <PageHeader
        breadcrumb={<ServiceBreadcrumb service={service} />}
        title={`Accounts of ${service}`}
        description={svc.data ? `${svc.data.identityServiceType} service` : undefined}
        actions={
          canManage ? (
            <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'add' })}>
              Add account
            </button>
          ) : null
        }
      />
      <ServiceTabs service={service} type={svc.data?.identityServiceType} current="accounts" />
      <LoadState loading={false} error={svc.error} onRetry={svc.reload} what="The identity service" />
      <div className="toolbar">
        <div className="field field-inline">
          <label htmlFor="account-search">Search accounts</label>
          <input id="account-search" type="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} placeholder="Name or e-mail" autoComplete="off" />
        </div>
        <div className="field field-inline">
          <label htmlFor="account-page-size">Per page</label>
          <select
            id="account-page-size"
            value={limit}
            onChange={(e) => {
              setLimit(Number(e.target.value));
              setOffset(0);
            }}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <LoadState loading={res.loading && !page} error={res.error} onRetry={res.reload} what="Accounts" />
      {page ? (
        <>
          <div className="table-wrap">
            <table className="table" aria-busy={res.loading}>
              <caption className="visually-hidden">Accounts of {service}</caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.length === 0 ? <EmptyRow colSpan={5}>{search ? `No account matches "${search}".` : 'No accounts yet.'}</EmptyRow> : null}
                {page.items.map((a) => (
                  <tr key={a.accountName} data-account={a.accountName}>
                    <th scope="row">{a.accountName}</th>
                    <td>{a.email || <span className="muted">—</span>}</td>
                    <td>{a.roles && a.roles.length > 0 ? a.roles.join(', ') : <span className="muted">no roles</span>}</td>
                    <td>
                      <span className="badges">
                        {a.disabled ? <StatusBadge tone="bad">Disabled</StatusBadge> : <StatusBadge tone="ok">Enabled</StatusBadge>}
                        {a.blocked ? <StatusBadge tone="bad">Blocked</StatusBadge> : null}
                        {a.forcePasswordChange ? <StatusBadge tone="warn">Must change password</StatusBadge> : null}
                      </span>
                    </td>
                    <td className="cell-actions">
                      <RowActions label={`Actions for ${a.accountName}`} actions={actionsFor(a)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Accounts pages">
            <span role="status" data-testid="account-range">
              {describeRange({ ...page, shown: page.items.length })}
            </span>
            <span className="pager-buttons">
              <button type="button" className="button button-small" disabled={page.offset === 0} onClick={() => setOffset(0)}>
                First
              </button>
              <button type="button" className="button button-small" disabled={page.offset === 0} onClick={() => setOffset(Math.max(0, page.offset - limit))}>
                Previous
              </button>
              <button type="button" className="button button-small" disabled={page.offset + limit >= page.totalCount} onClick={() => setOffset(page.offset + limit)}>
                Next
              </button>
              <button type="button" className="button button-small" disabled={page.offset + limit >= page.totalCount} onClick={() => setOffset(lastPageOffset(page.totalCount, limit))}>
                Last
              </button>
            </span>
          </nav>
        </>
      ) : null}
      <AccountDialog
        mode={dialog}
        serviceName={service}
        serviceType={type}
        roles={roles.data ?? []}
        onClose={() => setDialog(null)}
        onSaved={(name, verb) => {
          setDialog(null);
          toast.success(`Account ${name} ${verb}.`);
          res.reload();
        }}
      />
      <FidoAccountKeysDialog service={service} account={keysOf} onClose={() => setKeysOf(null)} />
      <BlockDialog
        open={blocking !== null}
        accountName={blocking ?? undefined}
        onClose={() => setBlocking(null)}
        onBlocked={(name) => {
          setBlocking(null);
          toast.success(`Account ${name} blocked.`);
          res.reload();
        }}
      />
      <AccountPermissionsDialog serviceName={service} accountName={showing} onClose={() => setShowing(null)} />
    </section>
  );
}
