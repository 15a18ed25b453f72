// Change password of a JOC account (`POST /iam/account/changepassword`, spec §1.6). Used after a login that says
// `forcePasswordChange` (cancel = log out) and from the profile page.
import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../api/client.js';
import { validatePasswordChange } from '../validation/names.js';
import { Dialog } from '../ui/dialog.js';
import { FormError, TextField } from '../ui/field.js';
import { useFormSubmit } from '../ui/use-form-submit.js';

interface PasswordChangeDialogProps {
  api: ApiClient;
  open: boolean;
  forced: boolean;
  accountName: string;
  identityServiceName: string;
  /** The password just typed on the login page (memory only); when known the "current password" field is skipped. */
  knownOldPassword?: string | null;
  onDone(): void;
  onCancel(): void;
}

const FIELDS = { oldPassword: 'Current password', password: 'New password', repeatedPassword: 'Repeat new password' } as const;

export function PasswordChangeDialog(props: PasswordChangeDialogProps) {
  const { api, open, forced, accountName, identityServiceName, knownOldPassword, onDone, onCancel } = props;
  const [oldPassword, setOldPassword] = useState('');
  const [password, setPassword] = useState('');
  const [repeatedPassword, setRepeatedPassword] = useState('');
  const submit = useFormSubmit(FIELDS);
  const needOld = !knownOldPassword;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const old = needOld ? oldPassword : (knownOldPassword ?? '');
    const errors = validatePasswordChange({ oldPassword: old, password, repeatedPassword, needOldPassword: needOld });
    submit.setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const ok = await submit.run(async () => {
      await api.call('/iam/account/changepassword', {
        identityServiceName,
        accountName,
        oldPassword: old,
        password,
        repeatedPassword,
      });
    });
    if (ok) {
      setOldPassword('');
      setPassword('');
      setRepeatedPassword('');
      onDone();
    }
  };

  return (
    <Dialog title={forced ? 'Change your password' : 'Change password'} open={open} onClose={onCancel} busy={submit.busy} size="small">
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="dialog-content">
          {forced ? (
            <p>
              The password of <strong>{accountName}</strong> must be changed before you continue. Cancel signs you out.
            </p>
          ) : null}
          <FormError message={submit.formError} />
          {/* Lets password managers attach the new password to the right account. */}
          <input type="text" name="username" autoComplete="username" value={accountName} readOnly hidden />
          {needOld ? (
            <TextField label={FIELDS.oldPassword} type="password" autoComplete="current-password" value={oldPassword} onChange={submit.edit('oldPassword', setOldPassword)} error={submit.fieldErrors.oldPassword} />
          ) : null}
          <TextField label={FIELDS.password} type="password" autoComplete="new-password" value={password} onChange={submit.edit('password', setPassword)} error={submit.fieldErrors.password} data-autofocus={needOld ? undefined : true} />
          <TextField label={FIELDS.repeatedPassword} type="password" autoComplete="new-password" value={repeatedPassword} onChange={submit.edit('repeatedPassword', setRepeatedPassword)} error={submit.fieldErrors.repeatedPassword} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel} disabled={submit.busy}>
            {forced ? 'Cancel and sign out' : 'Cancel'}
          </button>
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : 'Change password'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
