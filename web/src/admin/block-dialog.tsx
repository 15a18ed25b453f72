// Add an account name to the global blocklist with a comment (spec §1.9 /iam/blockedAccount/store).
// The blocklist works by account name across all services; blocking does not end running sessions.
import { useState, type FormEvent } from 'react';
import { iam } from '../api/iam-api.js';
import { useSession } from '../session/session-context.js';
import { Dialog } from '../ui/dialog.js';
import { FormError, TextField } from '../ui/field.js';
import { useFormSubmit } from '../ui/use-form-submit.js';
import { validateAccountName, validateRequiredText } from '../validation/names.js';

const FIELDS = { accountName: 'Account name', comment: 'Reason' } as const;

interface BlockDialogProps {
  open: boolean;
  /** Preset account (from the accounts page); when absent the name is typed in. */
  accountName?: string;
  onClose(): void;
  onBlocked(accountName: string): void;
}

export function BlockDialog(props: BlockDialogProps) {
  return props.open ? <BlockForm {...props} /> : null;
}

function BlockForm({ accountName: preset, onClose, onBlocked }: BlockDialogProps) {
  const { api } = useSession();
  const [accountName, setAccountName] = useState(preset ?? '');
  const [comment, setComment] = useState('');
  const submit = useFormSubmit(FIELDS);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: Partial<Record<keyof typeof FIELDS, string>> = {};
    const nameError = validateAccountName(accountName);
    if (nameError) errors.accountName = nameError;
    const commentError = comment.trim() === '' ? null : validateRequiredText(comment, 'the reason', 2000);
    if (commentError) errors.comment = commentError;
    submit.setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const ok = await submit.run(() => iam.blockAccount(api, accountName.trim(), comment.trim()).then(() => undefined));
    if (ok) onBlocked(accountName.trim());
  };

  return (
    <Dialog title={preset ? `Block account ${preset}` : 'Block an account'} open onClose={onClose} busy={submit.busy} size="small">
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="dialog-content">
          <p>A blocked account name cannot sign in with any identity service. Sessions that are already open are not ended; cancel them on the Active sessions page.</p>
          <FormError message={submit.formError} />
          {preset ? null : <TextField label={FIELDS.accountName} value={accountName} onChange={submit.edit('accountName', setAccountName)} error={submit.fieldErrors.accountName} autoComplete="off" />}
          <TextField label={FIELDS.comment} value={comment} onChange={submit.edit('comment', setComment)} error={submit.fieldErrors.comment} hint="Optional; shown on the blocklist." />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={submit.busy}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={submit.busy}>
            {submit.busy ? 'Blocking…' : 'Block account'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
