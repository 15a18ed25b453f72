// Add, edit or duplicate an account (spec §1.6 /iam/account/store): e-mail, roles, password (JOC services only),
// force password change, disabled. Renaming an existing account uses /iam/account/rename before the store.
import { useState, type FormEvent } from 'react';
import { iam } from '../api/iam-api.js';
import type { Account } from '../api/types.js';
import { useSession } from '../session/session-context.js';
import { Dialog } from '../ui/dialog.js';
import { Checkbox, FormError, TextField } from '../ui/field.js';
import { useFormSubmit } from '../ui/use-form-submit.js';
import { validateAccountName, validateEmail } from '../validation/names.js';
import { storesPasswords } from './service-types.js';

export type AccountDialogMode = { kind: 'add' } | { kind: 'edit'; account: Account } | { kind: 'duplicate'; account: Account };

interface AccountDialogProps {
  mode: AccountDialogMode | null;
  serviceName: string;
  serviceType: string;
  roles: string[];
  onClose(): void;
  onSaved(accountName: string, verb: string): void;
}

const FIELDS = {
  accountName: 'Account name',
  email: 'E-mail',
  roles: 'Roles',
  password: 'Password',
  repeatedPassword: 'Repeat password',
} as const;

export function AccountDialog(props: AccountDialogProps) {
  return props.mode ? <AccountForm {...props} mode={props.mode} /> : null;
}

function AccountForm({ mode, serviceName, serviceType, roles, onClose, onSaved }: AccountDialogProps & { mode: AccountDialogMode }) {
  const { api } = useSession();
  const source = mode.kind === 'add' ? undefined : mode.account;
  const [originalName, setOriginalName] = useState(mode.kind === 'edit' ? mode.account.accountName : '');
  const [accountName, setAccountName] = useState(mode.kind === 'edit' ? mode.account.accountName : '');
  const [email, setEmail] = useState(mode.kind === 'edit' ? (source?.email ?? '') : '');
  const [selectedRoles, setSelectedRoles] = useState<string[]>(source?.roles ?? []);
  const [password, setPassword] = useState('');
  const [repeatedPassword, setRepeatedPassword] = useState('');
  const [forceChange, setForceChange] = useState(source?.forcePasswordChange ?? false);
  const [disabled, setDisabled] = useState(mode.kind === 'edit' ? (source?.disabled ?? false) : false);
  const [roleFilter, setRoleFilter] = useState('');
  const submit = useFormSubmit(FIELDS);
  const withPassword = storesPasswords(serviceType);
  const editing = mode.kind === 'edit';

  const toggleRole = (role: string, on: boolean) =>
    setSelectedRoles((list) => (on ? [...list.filter((r) => r !== role), role] : list.filter((r) => r !== role)));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: Partial<Record<keyof typeof FIELDS, string>> = {};
    const nameError = validateAccountName(accountName);
    if (nameError) errors.accountName = nameError;
    const emailError = validateEmail(email);
    if (emailError) errors.email = emailError;
    if (withPassword && password !== repeatedPassword) errors.repeatedPassword = 'The passwords do not match.';
    submit.setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const name = accountName.trim();
    const ok = await submit.run(async () => {
      if (editing && name !== originalName) {
        await iam.renameAccount(api, serviceName, originalName, name);
        setOriginalName(name);
      }
      await iam.storeAccount(api, {
        identityServiceName: serviceName,
        accountName: name,
        email: email.trim(),
        roles: roles.filter((r) => selectedRoles.includes(r)),
        forcePasswordChange: forceChange,
        disabled,
        // An empty password on a new account means "initial password" (server side); on an edit it keeps the old one.
        ...(withPassword && password !== '' ? { password } : {}),
      });
    });
    if (ok) onSaved(name, editing ? 'saved' : 'added');
  };

  const title = mode.kind === 'edit' ? `Edit account ${mode.account.accountName}` : mode.kind === 'duplicate' ? `Duplicate account ${mode.account.accountName}` : 'Add account';
  const shownRoles = roleFilter ? roles.filter((r) => r.toLowerCase().includes(roleFilter.toLowerCase())) : roles;

  return (
    <Dialog title={title} open onClose={onClose} busy={submit.busy}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="dialog-content">
          <FormError message={submit.formError} />
          {mode.kind === 'duplicate' ? <p className="muted">The new account gets the same roles and settings as {mode.account.accountName}.</p> : null}
          <TextField label={FIELDS.accountName} value={accountName} onChange={submit.edit('accountName', setAccountName)} error={submit.fieldErrors.accountName} autoComplete="off" spellCheck={false} />
          <TextField label={FIELDS.email} type="email" value={email} onChange={submit.edit('email', setEmail)} error={submit.fieldErrors.email} autoComplete="off" />
          <fieldset className="fieldset" aria-describedby={submit.fieldErrors.roles ? 'account-roles-error' : undefined}>
            <legend>
              {FIELDS.roles} <span className="muted">({selectedRoles.length} selected)</span>
            </legend>
            {roles.length > 8 ? (
              <TextField label="Filter roles" type="search" value={roleFilter} onChange={setRoleFilter} />
            ) : null}
            {roles.length === 0 ? <p className="muted">This service has no roles yet. Add roles on the Roles page.</p> : null}
            <div className="checkbox-list">
              {shownRoles.map((r) => (
                <Checkbox key={r} label={r} checked={selectedRoles.includes(r)} onChange={(on) => toggleRole(r, on)} />
              ))}
            </div>
            {submit.fieldErrors.roles ? (
              <p className="field-error" id="account-roles-error">
                {submit.fieldErrors.roles}
              </p>
            ) : null}
          </fieldset>
          {withPassword ? (
            <>
              <TextField
                label={FIELDS.password}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={submit.edit('password', setPassword)}
                error={submit.fieldErrors.password}
                hint={editing ? 'Leave empty to keep the current password.' : 'Leave empty to use the initial password; the user then has to change it at first login.'}
              />
              <TextField label={FIELDS.repeatedPassword} type="password" autoComplete="new-password" value={repeatedPassword} onChange={submit.edit('repeatedPassword', setRepeatedPassword)} error={submit.fieldErrors.repeatedPassword} />
              <Checkbox label="Must change password at next login" checked={forceChange} onChange={setForceChange} />
            </>
          ) : null}
          <Checkbox label="Disabled" checked={disabled} onChange={setDisabled} hint="A disabled account cannot sign in." />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={submit.busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : editing ? 'Save changes' : 'Add account'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
