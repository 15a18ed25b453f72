// Identity services: ordered list (drag and drop, or Move up/down buttons for keyboard users), add/edit, delete,
// and the way into each service's accounts, roles and settings (spec §1.4).
import { useEffect, useState, type DragEvent } from 'react';
import { iam } from '../api/iam-api.js';
import type { IdentityService } from '../api/types.js';
import { Link, navigate } from '../router.js';
import { paths } from '../routes.js';
import { PERM, useSession } from '../session/session-context.js';
import { useConfirm } from '../ui/confirm.js';
import { EmptyRow, LoadState, PageHeader, StatusBadge } from '../ui/page.js';
import { RowActions } from '../ui/row-actions.js';
import { useToast } from '../ui/toast.js';
import { useResource } from '../ui/use-resource.js';
import { describeFailure } from '../ui/use-form-submit.js';
import { moveItem, sameOrder } from './reorder.js';
import { ServiceDialog } from './service-dialog.js';
import { hasSettings } from './service-types.js';

export function ServicesPage() {
  const { api, can } = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canManage = can(PERM.accountsManage);
  const res = useResource(() => iam.services(api), [api]);
  const [order, setOrder] = useState<IdentityService[]>([]);
  const [editing, setEditing] = useState<IdentityService | null | 'new'>(null);
  const [dragIndex, setDragIndex] = useState<number | null>(null);
  const [overIndex, setOverIndex] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (res.data) setOrder(res.data.identityServiceItems ?? []);
  }, [res.data]);

  const applyOrder = async (next: IdentityService[], focusKey?: string) => {
    const before = order;
    if (sameOrder(before.map((s) => s.identityServiceName), next.map((s) => s.identityServiceName))) return;
    setOrder(next);
    setSaving(true);
    if (focusKey) requestAnimationFrame(() => focusMoveButton(focusKey));
    try {
      await iam.reorderServices(api, next.map((s) => s.identityServiceName));
      toast.success(`Order saved: ${next.map((s) => s.identityServiceName).join(', ')}.`);
      res.reload();
    } catch (err) {
      setOrder(before);
      toast.error(`The new order was not saved. ${describeFailure(err)}`);
    } finally {
      setSaving(false);
    }
  };

  const move = (index: number, delta: -1 | 1) => {
    const svc = order[index];
    if (!svc || saving) return;
    const newIndex = index + delta;
    const atEdge = newIndex <= 0 || newIndex >= order.length - 1;
    const focusDir = atEdge ? (delta < 0 ? 'down' : 'up') : delta < 0 ? 'up' : 'down';
    void applyOrder(moveItem(order, index, newIndex), `${svc.identityServiceName}:${focusDir}`);
  };

  const remove = async (svc: IdentityService) => {
    const ok = await confirm({
      title: `Delete identity service ${svc.identityServiceName}?`,
      message: (
        <p>
          This deletes the service <strong>{svc.identityServiceName}</strong> with all its accounts, roles, permissions and settings. This cannot be undone.
        </p>
      ),
      confirmLabel: 'Delete service',
      danger: true,
    });
    if (!ok) return;
    try {
      await iam.deleteService(api, svc.identityServiceName);
      toast.success(`Identity service ${svc.identityServiceName} deleted.`);
      res.reload();
    } catch (err) {
      toast.error(`Identity service ${svc.identityServiceName} was not deleted. ${describeFailure(err)}`);
    }
  };

  const toggleDisabled = async (svc: IdentityService) => {
    try {
      await iam.storeService(api, { ...svc, disabled: !svc.disabled });
      toast.success(`Identity service ${svc.identityServiceName} ${svc.disabled ? 'enabled' : 'disabled'}.`);
      res.reload();
    } catch (err) {
      toast.error(describeFailure(err));
    }
  };

  const onDrop = (e: DragEvent, to: number) => {
    e.preventDefault();
    if (dragIndex !== null && dragIndex !== to) void applyOrder(moveItem(order, dragIndex, to));
    setDragIndex(null);
    setOverIndex(null);
  };

  return (
    <section>
      <PageHeader
        title="Identity services"
        description="Services are tried in this order when someone signs in. Drag a row or use the arrow buttons to change the order."
        actions={
          canManage ? (
            <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
              Add identity service
            </button>
          ) : null
        }
      />
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Identity services" />
      {res.data ? (
        <div className="table-wrap">
          <table className="table" aria-busy={saving}>
            <caption className="visually-hidden">Identity services in login order</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Scheme</th>
                <th scope="col">Second factor</th>
                <th scope="col">Required</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {order.length === 0 ? <EmptyRow colSpan={8}>No identity services yet.</EmptyRow> : null}
              {order.map((svc, i) => (
                <tr
                  key={svc.identityServiceName}
                  data-service={svc.identityServiceName}
                  draggable={canManage && !saving}
                  onDragStart={(e) => {
                    setDragIndex(i);
                    e.dataTransfer.effectAllowed = 'move';
                    e.dataTransfer.setData('text/plain', svc.identityServiceName);
                  }}
                  onDragOver={(e) => {
                    if (dragIndex === null) return;
                    e.preventDefault();
                    setOverIndex(i);
                  }}
                  onDragEnd={() => {
                    setDragIndex(null);
                    setOverIndex(null);
                  }}
                  onDrop={(e) => onDrop(e, i)}
                  className={[dragIndex === i ? 'row-dragging' : '', overIndex === i && dragIndex !== i ? 'row-drop-target' : ''].join(' ').trim() || undefined}
                >
                  <td className="cell-order">
                    {canManage ? (
                      <span className="order-controls">
                        <span className="drag-handle" aria-hidden="true" title="Drag to reorder">
                          ⠿
                        </span>
                        <button type="button" className="icon-button" data-move={`${svc.identityServiceName}:up`} aria-label={`Move ${svc.identityServiceName} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                          <span aria-hidden="true">↑</span>
                        </button>
                        <button type="button" className="icon-button" data-move={`${svc.identityServiceName}:down`} aria-label={`Move ${svc.identityServiceName} down`} disabled={i === order.length - 1} onClick={() => move(i, 1)}>
                          <span aria-hidden="true">↓</span>
                        </button>
                      </span>
                    ) : null}
                    <span className="order-number">{i + 1}</span>
                  </td>
                  <th scope="row">
                    <Link to={paths.accounts(svc.identityServiceName)}>{svc.identityServiceName}</Link>
                  </th>
                  <td>{svc.identityServiceType}</td>
                  <td>{svc.serviceAuthenticationScheme === 'TWO-FACTOR' ? 'Two factors' : 'Single factor'}</td>
                  <td>{svc.serviceAuthenticationScheme === 'TWO-FACTOR' ? (svc.secondFactorIdentityServiceName ?? '—') : svc.secondFactor ? 'Second factor only' : '—'}</td>
                  <td>{svc.required ? <StatusBadge tone="info">Required</StatusBadge> : 'Optional'}</td>
                  <td>{svc.disabled ? <StatusBadge tone="bad">Disabled</StatusBadge> : <StatusBadge tone="ok">Enabled</StatusBadge>}</td>
                  <td className="cell-actions">
                    <RowActions
                      label={`Actions for ${svc.identityServiceName}`}
                      actions={[
                        { label: 'Accounts', onSelect: () => navigate(paths.accounts(svc.identityServiceName)) },
                        { label: 'Roles and permissions', onSelect: () => navigate(paths.roles(svc.identityServiceName)) },
                        { label: 'Manage settings', onSelect: () => navigate(paths.serviceSettings(svc.identityServiceName)), hidden: !hasSettings(svc.identityServiceType) },
                        { label: 'Edit', onSelect: () => setEditing(svc), hidden: !canManage },
                        { label: svc.disabled ? 'Enable' : 'Disable', onSelect: () => void toggleDisabled(svc), hidden: !canManage },
                        { label: 'Delete', onSelect: () => void remove(svc), danger: true, hidden: !canManage },
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ServiceDialog
        open={editing !== null}
        service={editing === 'new' ? null : editing}
        services={order}
        types={res.data?.identityServiceTypes ?? []}
        onClose={() => setEditing(null)}
        onSaved={(name, created) => {
          setEditing(null);
          toast.success(created ? `Identity service ${name} added.` : `Identity service ${name} saved.`);
          res.reload();
        }}
      />
    </section>
  );
}

function focusMoveButton(key: string) {
  const [name, dir] = [key.slice(0, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)];
  const buttons = document.querySelectorAll<HTMLButtonElement>('button[data-move]');
  const wanted = Array.from(buttons).find((b) => b.dataset['move'] === `${name}:${dir}`);
  const other = Array.from(buttons).find((b) => b.dataset['move'] === `${name}:${dir === 'up' ? 'down' : 'up'}`);
  (wanted && !wanted.disabled ? wanted : other)?.focus();
}
