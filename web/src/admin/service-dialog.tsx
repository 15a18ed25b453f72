// Add / edit an identity service (spec §1.4): name, type, ordering, required, disabled, single/two-factor and the
// second-factor service. Renaming uses /iam/identityservice/rename before the store.
import { useState, type FormEvent } from 'react';
import { iam } from '../api/iam-api.js';
import type { AuthenticationScheme, IdentityService, IdentityServiceType } from '../api/types.js';
import { useSession } from '../session/session-context.js';
import { Dialog } from '../ui/dialog.js';
import { Checkbox, Field, FormError, TextField } from '../ui/field.js';
import { useFormSubmit } from '../ui/use-form-submit.js';
import { validateServiceName } from '../validation/names.js';
import { canBeRequired, CREATABLE_TYPES, describeType, isSecondFactorType } from './service-types.js';

interface ServiceDialogProps {
  open: boolean;
  /** Service being edited, or null to add one. */
  service: IdentityService | null;
  services: IdentityService[];
  types: IdentityServiceType[];
  onClose(): void;
  onSaved(name: string, created: boolean): void;
}

const FIELDS = {
  identityServiceName: 'Name',
  identityServiceType: 'Type',
  ordering: 'Ordering',
  secondFactorIdentityServiceName: 'Second factor service',
  serviceAuthenticationScheme: 'Authentication scheme',
} as const;

export function ServiceDialog(props: ServiceDialogProps) {
  return props.open ? <ServiceForm {...props} /> : null;
}

function ServiceForm({ service, services, types, onClose, onSaved }: ServiceDialogProps) {
  const { api } = useSession();
  const editing = service !== null;
  const nextOrdering = services.reduce((m, s) => Math.max(m, s.ordering ?? 0), 0) + 1;
  const [originalName, setOriginalName] = useState(service?.identityServiceName ?? '');
  const [name, setName] = useState(service?.identityServiceName ?? '');
  const [type, setType] = useState<IdentityServiceType>(service?.identityServiceType ?? 'JOC');
  const [ordering, setOrdering] = useState(String(service?.ordering ?? nextOrdering));
  const [required, setRequired] = useState(service?.required ?? false);
  const [disabled, setDisabled] = useState(service?.disabled ?? false);
  const [secondFactorOnly, setSecondFactorOnly] = useState(service?.secondFactor ?? false);
  const [scheme, setScheme] = useState<AuthenticationScheme>(service?.serviceAuthenticationScheme ?? 'SINGLE-FACTOR');
  const [secondFactorService, setSecondFactorService] = useState(service?.secondFactorIdentityServiceName ?? '');
  const submit = useFormSubmit(FIELDS);

  const typeChoices = types.length > 0 ? types : CREATABLE_TYPES;
  const secondFactorCandidates = services.filter((s) => isSecondFactorType(s.identityServiceType) && s.identityServiceName !== originalName);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: Partial<Record<keyof typeof FIELDS, string>> = {};
    const nameError = validateServiceName(name);
    if (nameError) errors.identityServiceName = nameError;
    else if (services.some((s) => s.identityServiceName === name.trim() && s.identityServiceName !== originalName)) {
      errors.identityServiceName = `A service named "${name.trim()}" already exists.`;
    }
    if (!/^\d+$/.test(ordering.trim())) errors.ordering = 'Enter a whole number of 0 or more.';
    if (scheme === 'TWO-FACTOR' && !secondFactorService) errors.secondFactorIdentityServiceName = 'Choose the FIDO or CERTIFICATE service used as second factor.';
    submit.setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const newName = name.trim();
    const ok = await submit.run(async () => {
      if (editing && newName !== originalName) {
        await iam.renameService(api, originalName, newName);
        setOriginalName(newName); // a retry after a failed store must not rename again
      }
      await iam.storeService(api, {
        identityServiceName: newName,
        identityServiceType: type,
        serviceAuthenticationScheme: scheme,
        ordering: Number(ordering),
        required: canBeRequired(type) ? required : false,
        disabled,
        secondFactor: isSecondFactorType(type) ? secondFactorOnly : false,
        ...(scheme === 'TWO-FACTOR' ? { secondFactorIdentityServiceName: secondFactorService } : {}),
      });
    });
    if (ok) onSaved(newName, !editing);
  };

  return (
    <Dialog title={editing ? `Edit identity service ${service.identityServiceName}` : 'Add identity service'} open onClose={onClose} busy={submit.busy}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="dialog-content">
          <FormError message={submit.formError} />
          <TextField label={FIELDS.identityServiceName} value={name} onChange={submit.edit('identityServiceName', setName)} error={submit.fieldErrors.identityServiceName} autoComplete="off" />
          <Field label={FIELDS.identityServiceType} error={submit.fieldErrors.identityServiceType} hint={describeType(type)}>
            {(p) => (
              <select {...p} value={type} disabled={editing} onChange={(e) => setType(e.target.value as IdentityServiceType)}>
                {typeChoices.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TextField label={FIELDS.ordering} inputMode="numeric" value={ordering} onChange={submit.edit('ordering', setOrdering)} error={submit.fieldErrors.ordering} hint="Services are tried in this order at login." />
          <fieldset className="fieldset">
            <legend>{FIELDS.serviceAuthenticationScheme}</legend>
            <div className="radio-row">
              {(['SINGLE-FACTOR', 'TWO-FACTOR'] as const).map((s) => (
                <label key={s} className="radio">
                  <input type="radio" name="scheme" value={s} checked={scheme === s} onChange={() => setScheme(s)} />
                  {s === 'SINGLE-FACTOR' ? 'Single factor' : 'Two factors'}
                </label>
              ))}
            </div>
          </fieldset>
          {scheme === 'TWO-FACTOR' ? (
            <Field label={FIELDS.secondFactorIdentityServiceName} error={submit.fieldErrors.secondFactorIdentityServiceName} hint={secondFactorCandidates.length === 0 ? 'Add a FIDO or CERTIFICATE service first.' : undefined}>
              {(p) => (
                <select {...p} value={secondFactorService} onChange={(e) => submit.edit('secondFactorIdentityServiceName', setSecondFactorService)(e.target.value)}>
                  <option value="">Choose a service…</option>
                  {secondFactorCandidates.map((s) => (
                    <option key={s.identityServiceName} value={s.identityServiceName}>
                      {s.identityServiceName} ({s.identityServiceType})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Checkbox
            label="Required"
            checked={required && canBeRequired(type)}
            disabled={!canBeRequired(type)}
            onChange={setRequired}
            hint={canBeRequired(type) ? 'Every login must also succeed with this service.' : 'OIDC services cannot be required.'}
          />
          {isSecondFactorType(type) ? (
            <Checkbox label="Use only as second factor" checked={secondFactorOnly} onChange={setSecondFactorOnly} hint="The service then never signs anyone in on its own." />
          ) : null}
          <Checkbox label="Disabled" checked={disabled} onChange={setDisabled} hint="Disabled services are skipped at login." />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={submit.busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {submit.busy ? 'Saving…' : editing ? 'Save changes' : 'Add service'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
