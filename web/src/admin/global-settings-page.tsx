// Global identity settings (spec §1.5): idle session timeout, initial password, minimum password length.
import { useEffect, useState, type FormEvent } from 'react';
import { iam } from '../api/iam-api.js';
import { PERM, useSession } from '../session/session-context.js';
import { FormError, TextField } from '../ui/field.js';
import { LoadState, PageHeader } from '../ui/page.js';
import { useToast } from '../ui/toast.js';
import { useFormSubmit } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';
import { parseDuration } from '../validation/duration.js';
import { humanizeSettingsMessage, readIdentityGlobals, validateIdentityGlobals, writeIdentityGlobals, type IdentityGlobals } from './global-settings-model.js';

const FIELDS = {
  idleSessionTimeout: 'Idle session timeout',
  initialPassword: 'Initial password',
  minimumPasswordLength: 'Minimum password length',
} as const;

export function GlobalSettingsPage() {
  const { api, can } = useSession();
  const toast = useToast();
  const readOnly = !can(PERM.settingsManage) && !can(PERM.accountsManage);
  const res = useResource(async () => readIdentityGlobals((await iam.globalSettings(api)).configuration?.configurationItem), [api]);
  const [values, setValues] = useState<IdentityGlobals | null>(null);
  const submit = useFormSubmit(FIELDS, humanizeSettingsMessage);

  useEffect(() => {
    if (res.data) setValues((v) => v ?? res.data?.values ?? null);
  }, [res.data]);

  const set = (key: keyof IdentityGlobals) => submit.edit(key, (value: string) => setValues((v) => (v ? { ...v, [key]: value } : v)));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!values || !res.data) return;
    const errors = validateIdentityGlobals(values);
    submit.setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const ok = await submit.run(async () => {
      await iam.saveGlobalSettings(api, writeIdentityGlobals(res.data!, values));
    });
    if (ok) {
      toast.success('Global settings saved. A new idle timeout applies from the next login.');
      setValues({ ...values, initialPassword: '' });
      res.reload();
    }
  };

  const idleMs = values ? parseDuration(values.idleSessionTimeout) : null;

  return (
    <section>
      <PageHeader title="Global settings" description="Rules for every identity service: session idle timeout and passwords of JOC accounts." />
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Global settings" />
      {values && res.data ? (
        <form className="card form-card" onSubmit={(e) => void onSubmit(e)} noValidate>
          <FormError message={submit.formError} />
          <TextField
            label={FIELDS.idleSessionTimeout}
            value={values.idleSessionTimeout}
            onChange={set('idleSessionTimeout')}
            error={submit.fieldErrors.idleSessionTimeout}
            disabled={readOnly}
            autoComplete="off"
            hint={
              <>
                A number and a unit: s, m, h or d (for example 15m).{' '}
                {idleMs ? `Sessions end after ${humanDuration(idleMs)} without activity; applies from the next login.` : ''}
              </>
            }
          />
          <TextField
            label={FIELDS.initialPassword}
            type="password"
            value={values.initialPassword}
            onChange={set('initialPassword')}
            error={submit.fieldErrors.initialPassword}
            disabled={readOnly}
            autoComplete="new-password"
            placeholder={res.data.hasInitialPassword ? 'Unchanged' : ''}
            hint="Given to new accounts without a password and on password reset; users must change it at their next login. Leave empty to keep the current one."
          />
          <TextField
            label={FIELDS.minimumPasswordLength}
            inputMode="numeric"
            value={values.minimumPasswordLength}
            onChange={set('minimumPasswordLength')}
            error={submit.fieldErrors.minimumPasswordLength}
            disabled={readOnly}
            hint="Applies to passwords of JOC accounts, including the initial password."
          />
          {readOnly ? (
            <p className="muted">You can view but not change these settings.</p>
          ) : (
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={submit.busy}>
                {submit.busy ? 'Saving…' : 'Save settings'}
              </button>
            </div>
          )}
        </form>
      ) : null}
    </section>
  );
}

function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 86400 === 0) return `${s / 86400} day(s)`;
  if (s % 3600 === 0) return `${s / 3600} hour(s)`;
  if (s % 60 === 0) return `${s / 60} minute(s)`;
  return `${s} second(s)`;
}
