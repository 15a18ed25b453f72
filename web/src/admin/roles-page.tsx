// Roles of one identity service (spec §1.7): add, rename, delete, reorder; each opens the permission editor.
import { useState, type FormEvent } from 'react';
import { iam } from '../api/iam-api.js';
import type { Role } from '../api/types.js';
import { Link, navigate } from '../router.js';
import { paths } from '../routes.js';
import { PERM, useSession } from '../session/session-context.js';
import { useConfirm } from '../ui/confirm.js';
import { Dialog } from '../ui/dialog.js';
import { FormError, TextField } from '../ui/field.js';
import { EmptyRow, LoadState, PageHeader } from '../ui/page.js';
import { RowActions } from '../ui/row-actions.js';
import { useToast } from '../ui/toast.js';
import { describeFailure, useFormSubmit } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';
import { validateRoleName } from '../validation/names.js';
import { moveItem } from './reorder.js';
import { ServiceBreadcrumb, ServiceTabs, useIdentityService } from './service-nav.js';

export function RolesPage({ service }: { service: string }) {
  const { api, can } = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const canManage = can(PERM.accountsManage);
  const svc = useIdentityService(service);
  const res = useResource(() => iam.roles(api, service), [api, service]);
  const [dialog, setDialog] = useState<{ role: Role | null } | null>(null);
  const roles = res.data?.roles ?? [];

  const reorder = async (from: number, to: number) => {
    const next = moveItem(roles, from, to).map((r) => r.roleName);
    try {
      await iam.reorderRoles(api, service, next);
      toast.success('Role order saved.');
      res.reload();
    } catch (err) {
      toast.error(`The role order was not saved. ${describeFailure(err)}`);
    }
  };

  const remove = async (role: Role) => {
    const ok = await confirm({
      title: `Delete role ${role.roleName}?`,
      message: (
        <p>
          The role <strong>{role.roleName}</strong>, its permissions and folders are deleted and it is removed from every account that has it.
        </p>
      ),
      confirmLabel: 'Delete role',
      danger: true,
    });
    if (!ok) return;
    try {
      await iam.deleteRoles(api, service, [role.roleName]);
      toast.success(`Role ${role.roleName} deleted.`);
      res.reload();
    } catch (err) {
      toast.error(`Role ${role.roleName} was not deleted. ${describeFailure(err)}`);
    }
  };

  return (
    <section>
      <PageHeader
        breadcrumb={<ServiceBreadcrumb service={service} />}
        title={`Roles of ${service}`}
        description="Roles bundle permissions; accounts get permissions through their roles."
        actions={
          canManage ? (
            <button type="button" className="button button-primary" onClick={() => setDialog({ role: null })}>
              Add role
            </button>
          ) : null
        }
      />
      <ServiceTabs service={service} type={svc.data?.identityServiceType} current="roles" />
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Roles" />
      {res.data ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Roles of {service}</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Role</th>
                <th scope="col">Controller-specific permissions</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {roles.length === 0 ? <EmptyRow colSpan={4}>No roles yet.</EmptyRow> : null}
              {roles.map((r, i) => (
                <tr key={r.roleName} data-role={r.roleName}>
                  <td className="cell-order">
                    {canManage ? (
                      <span className="order-controls">
                        <button type="button" className="icon-button" aria-label={`Move ${r.roleName} up`} disabled={i === 0} onClick={() => void reorder(i, i - 1)}>
                          <span aria-hidden="true">↑</span>
                        </button>
                        <button type="button" className="icon-button" aria-label={`Move ${r.roleName} down`} disabled={i === roles.length - 1} onClick={() => void reorder(i, i + 1)}>
                          <span aria-hidden="true">↓</span>
                        </button>
                      </span>
                    ) : null}
                    <span className="order-number">{i + 1}</span>
                  </td>
                  <th scope="row">
                    <Link to={paths.role(service, r.roleName)}>{r.roleName}</Link>
                  </th>
                  <td>{r.controllers && r.controllers.length > 0 ? r.controllers.join(', ') : <span className="muted">none</span>}</td>
                  <td className="cell-actions">
                    <RowActions
                      label={`Actions for role ${r.roleName}`}
                      actions={[
                        { label: canManage ? 'Edit permissions' : 'View permissions', onSelect: () => navigate(paths.role(service, r.roleName)) },
                        { label: 'Rename', onSelect: () => setDialog({ role: r }), hidden: !canManage },
                        { label: 'Delete', onSelect: () => void remove(r), danger: true, hidden: !canManage },
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {dialog ? (
        <RoleDialog
          service={service}
          role={dialog.role}
          existing={roles.map((r) => r.roleName)}
          onClose={() => setDialog(null)}
          onSaved={(name, created) => {
            setDialog(null);
            toast.success(created ? `Role ${name} added.` : `Role renamed to ${name}.`);
            res.reload();
          }}
        />
      ) : null}
    </section>
  );
}

const FIELDS = { roleName: 'Role name', roleNewName: 'Role name' } as const;

function RoleDialog({ service, role, existing, onClose, onSaved }: { service: string; role: Role | null; existing: string[]; onClose(): void; onSaved(name: string, created: boolean): void }) {
  const { api } = useSession();
  const [name, setName] = useState(role?.roleName ?? '');
  const submit = useFormSubmit(FIELDS);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    let error = validateRoleName(name);
    if (!error && existing.includes(trimmed) && trimmed !== role?.roleName) error = `A role named "${trimmed}" already exists.`;
    submit.setFieldErrors(error ? { roleName: error } : {});
    if (error) return;
    if (role && trimmed === role.roleName) return onClose();
    const ok = await submit.run(async () => {
      if (role) await iam.renameRole(api, service, role.roleName, trimmed);
      else await iam.storeRole(api, service, trimmed, existing.length + 1);
    });
    if (ok) onSaved(trimmed, role === null);
  };

  return (
    <Dialog title={role ? `Rename role ${role.roleName}` : 'Add role'} open onClose={onClose} busy={submit.busy} size="small">
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="dialog-content">
          <FormError message={submit.formError} />
          <TextField label={FIELDS.roleName} value={name} onChange={submit.edit('roleName', setName)} error={submit.fieldErrors.roleName ?? submit.fieldErrors.roleNewName} autoComplete="off" />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={submit.busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : role ? 'Rename role' : 'Add role'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
