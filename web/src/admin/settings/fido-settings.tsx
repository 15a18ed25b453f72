// Settings of FIDO services (spec §3.5 plus Keyward's relying party ID, allowed origins, algorithm allow-list and
// "approval needs a confirmed e-mail"). Saves the whole `{fido:{...}}` item; the server applies the defaults and
// refuses inconsistent values (e.g. origins outside the RP ID) with the field named.
import { useEffect, useState, type FormEvent } from 'react';
import { Checkbox, Field, FormError, TextField } from '../../ui/field.js';
import { useFormSubmit } from '../../ui/use-form-submit.js';
import type { SettingsFormProps } from './settings-form.js';

const FIELDS = {
  iamFidoProtocolType: 'Protocol',
  iamFidoUserVerification: 'User verification',
  iamFidoResidentKey: 'Resident key (discoverable credential)',
  iamFidoAttachment: 'Authenticator attachment',
  iamFidoTransports: 'Transports',
  iamFidoTimeout: 'Timeout (seconds)',
  iamFidoRequireAccount: 'Account name required at login',
  iamFidoRpId: 'Relying party ID',
  iamFidoRpName: 'Relying party name',
  iamFidoOrigins: 'Allowed origins',
  iamFidoAlgorithms: 'Algorithms',
  iamFidoRequireConfirmedEmail: 'Approval needs a confirmed e-mail address',
  sendMailToConfirm: 'Send the confirmation mail',
  receiptConfirmed: 'Administrator address',
  ccRegistration: 'Cc', bccRegistration: 'Bcc', ccAccess: 'Cc', bccAccess: 'Bcc', ccConfirmed: 'Cc', bccConfirmed: 'Bcc',
  subjectRegistration: 'Subject', bodyRegistration: 'Body', subjectAccess: 'Subject', bodyAccess: 'Body', subjectConfirmed: 'Subject', bodyConfirmed: 'Body',
} as const;
type FieldName = keyof typeof FIELDS;

const ALGORITHMS: [number, string][] = [[-7, 'ES256'], [-8, 'EdDSA'], [-257, 'RS256'], [-35, 'ES384'], [-36, 'ES512'], [-258, 'RS384'], [-259, 'RS512'], [-37, 'PS256'], [-38, 'PS384'], [-39, 'PS512']];
const TRANSPORTS = ['USB', 'NFC', 'BLE', 'HYBRID', 'INTERNAL'];
const MAILS = [
  { key: 'Registration', title: 'Confirmation mail (to the user after registering)', flag: 'sendMailToConfirm' },
  { key: 'Access', title: '“Registration completed” mail (to the user after approval)', flag: 'sendMailToNotifySuccessfulRegistration' },
  { key: 'Confirmed', title: '“Address confirmed” mail (to the administrator address)', flag: 'sendMailToNotifyConfirmationReceived' },
] as const;

type Fido = Record<string, unknown>;
type Mail = Record<string, unknown>;

const s = (v: unknown, d = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : d);
const b = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);

function read(item: Record<string, unknown>): { f: Fido; m: Mail } {
  const f = (typeof item.fido === 'object' && item.fido !== null ? item.fido : {}) as Fido;
  const m = (typeof f.iamFidoEmailSettings === 'object' && f.iamFidoEmailSettings !== null ? f.iamFidoEmailSettings : {}) as Mail;
  return { f, m };
}

export function FidoSettingsForm({ serviceName, item, readOnly, onSave }: SettingsFormProps) {
  const [{ f, m }, setState] = useState(() => read(item));
  const [origins, setOrigins] = useState(() => (Array.isArray(read(item).f.iamFidoOrigins) ? (read(item).f.iamFidoOrigins as string[]).join('\n') : ''));
  const submit = useFormSubmit(FIELDS);
  useEffect(() => {
    const r = read(item);
    setState(r);
    setOrigins(Array.isArray(r.f.iamFidoOrigins) ? (r.f.iamFidoOrigins as string[]).join('\n') : '');
  }, [item]);

  const setF = (key: string) => (value: unknown) => setState((x) => ({ ...x, f: { ...x.f, [key]: value } }));
  const setM = (key: string) => (value: unknown) => setState((x) => ({ ...x, m: { ...x.m, [key]: value } }));
  const algorithms = Array.isArray(f.iamFidoAlgorithms) ? (f.iamFidoAlgorithms as number[]) : [-7, -8, -257];
  const transports = Array.isArray(f.iamFidoTransports) ? (f.iamFidoTransports as string[]) : [];
  const toggle = <T,>(list: T[], v: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errors: Partial<Record<FieldName, string>> = {};
    const timeout = Number(s(f.iamFidoTimeout, '60'));
    if (!Number.isInteger(timeout) || timeout < 10 || timeout > 600) errors.iamFidoTimeout = 'Whole seconds from 10 to 600.';
    if (algorithms.length === 0) errors.iamFidoAlgorithms = 'Allow at least one algorithm.';
    const originList = origins.split(/\s+/).map((o) => o.trim()).filter(Boolean);
    if (originList.length > 0 && s(f.iamFidoRpId).trim() === '') errors.iamFidoRpId = 'Give the relying party ID the allowed origins share.';
    submit.setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    await submit.run(() => onSave({ fido: { ...f, iamFidoTimeout: timeout, iamFidoOrigins: originList, iamFidoRpId: s(f.iamFidoRpId).trim(), iamFidoEmailSettings: m } }));
  };

  const select = (key: FieldName, value: string, options: [string, string][], hint?: string) => (
    <Field label={FIELDS[key]} error={submit.fieldErrors[key]} hint={hint}>
      {(p) => (
        <select {...p} value={value} disabled={readOnly} onChange={(e) => setF(key)(e.target.value)}>
          {options.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
        </select>
      )}
    </Field>
  );

  return (
    <form className="card form-card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="FIDO settings">
      <h2>FIDO settings</h2>
      <FormError message={submit.formError} />
      <fieldset className="field">
        <legend>Security keys and passkeys</legend>
        {select('iamFidoProtocolType', s(f.iamFidoProtocolType, 'FIDO2'), [['FIDO2', 'FIDO2 (security keys)'], ['PASSKEY', 'Passkeys']])}
        {select('iamFidoUserVerification', s(f.iamFidoUserVerification, 'REQUIRED'), [['REQUIRED', 'Required (PIN or biometric)'], ['PREFERRED', 'Preferred'], ['DISCOURAGED', 'Discouraged (touch only)']],
          'Required: a stolen key without its PIN is useless. Adding keys from the profile always needs it.')}
        {select('iamFidoResidentKey', s(f.iamFidoResidentKey, 'REQUIRED'), [['REQUIRED', 'Required'], ['PREFERRED', 'Preferred'], ['DISCOURAGED', 'Discouraged']],
          'Discoverable credentials allow sign-in without typing the account name.')}
        {select('iamFidoAttachment', s(f.iamFidoAttachment), [['', 'Any authenticator'], ['ROAMING', 'Roaming (USB/NFC/BLE keys)'], ['PLATFORM', 'Platform (Windows Hello, Touch ID, …)']])}
        <fieldset className="field">
          <legend>{FIELDS.iamFidoTransports}</legend>
          <div className="checkbox-list">
            {TRANSPORTS.map((t) => <Checkbox key={t} label={t} checked={transports.includes(t)} disabled={readOnly} onChange={(on) => setF('iamFidoTransports')(toggle(transports, t, on))} />)}
          </div>
          <p className="field-hint">Hints for the browser when an account's keys are listed. None: the transports each key reported.</p>
        </fieldset>
        <TextField label={FIELDS.iamFidoTimeout} inputMode="numeric" value={s(f.iamFidoTimeout, '60')} onChange={setF('iamFidoTimeout')} disabled={readOnly} error={submit.fieldErrors.iamFidoTimeout}
          hint="How long a registration or sign-in may take; the server refuses answers after that." />
        <Checkbox label={FIELDS.iamFidoRequireAccount} checked={b(f.iamFidoRequireAccount, false)} onChange={setF('iamFidoRequireAccount')} disabled={readOnly}
          hint="Off: passkeys sign in without an account name (usernameless)." />
      </fieldset>
      <fieldset className="field">
        <legend>Relying party</legend>
        <TextField label={FIELDS.iamFidoRpId} value={s(f.iamFidoRpId)} onChange={setF('iamFidoRpId')} disabled={readOnly} error={submit.fieldErrors.iamFidoRpId} spellCheck={false}
          hint={`A domain name; keys are bound to it. Empty: the host of KEYWARD_PUBLIC_URL (here ${window.location.hostname}). Give the shared parent domain so every instance of a cluster accepts the same keys.`} />
        <Field label={FIELDS.iamFidoOrigins} error={submit.fieldErrors.iamFidoOrigins}
          hint="One per line, e.g. https://iam-1.example.com. Empty: the origin of KEYWARD_PUBLIC_URL. Each must belong to the relying party ID; https only (http for localhost).">
          {(p) => <textarea {...p} rows={3} value={origins} disabled={readOnly} spellCheck={false} onChange={(e) => setOrigins(e.target.value)} />}
        </Field>
        <TextField label={FIELDS.iamFidoRpName} value={s(f.iamFidoRpName, 'Keyward')} onChange={setF('iamFidoRpName')} disabled={readOnly} hint="Shown by some browsers while registering." />
        <fieldset className="field">
          <legend>{FIELDS.iamFidoAlgorithms}</legend>
          {submit.fieldErrors.iamFidoAlgorithms ? <p className="field-error">{submit.fieldErrors.iamFidoAlgorithms}</p> : null}
          <div className="checkbox-list">
            {ALGORITHMS.map(([id, label]) => <Checkbox key={id} label={label} checked={algorithms.includes(id)} disabled={readOnly} onChange={(on) => setF('iamFidoAlgorithms')(toggle(algorithms, id, on))} />)}
          </div>
          <p className="field-hint">Keys with other algorithms are refused, also keys registered earlier.</p>
        </fieldset>
      </fieldset>
      <fieldset className="field">
        <legend>Approval and e-mail</legend>
        <Checkbox label={FIELDS.iamFidoRequireConfirmedEmail} checked={b(f.iamFidoRequireConfirmedEmail, true)} onChange={setF('iamFidoRequireConfirmedEmail')} disabled={readOnly}
          hint="Only then is the address known to belong to the person who registered." />
        <TextField label={FIELDS.receiptConfirmed} type="email" value={s(m.receiptConfirmed)} onChange={setM('receiptConfirmed')} disabled={readOnly} error={submit.fieldErrors.receiptConfirmed}
          hint="Receives the “address confirmed” mail when that is switched on." />
        <p className="field-hint">
          Template variables: <code>{'${ACCOUNT_NAME}'}</code> <code>{'${REGISTRATION_EMAIL_ADDRESS}'}</code> <code>{'${FIDO_IDENTITY_SERVICE}'}</code>{' '}
          <code>{'${REGISTRATION_VERIFY_LINK}'}</code> <code>{'${JOC_HREF}'}</code> <code>{'${BASE_URL}'}</code> <code>{'${TOKEN}'}</code>. Empty subject or body: the default text.
        </p>
        <Field label="Format">
          {(p) => (
            <select {...p} value={s(m.contentType, 'text/html')} disabled={readOnly} onChange={(e) => setM('contentType')(e.target.value)}>
              <option value="text/html">HTML</option>
              <option value="text/plain">Plain text</option>
            </select>
          )}
        </Field>
        {MAILS.map((mailDef) => {
          const flagDefault = mailDef.flag !== 'sendMailToNotifyConfirmationReceived';
          const subjectKey = `subject${mailDef.key}` as FieldName;
          const bodyKey = `body${mailDef.key}` as FieldName;
          const ccKey = `cc${mailDef.key}` as FieldName;
          const bccKey = `bcc${mailDef.key}` as FieldName;
          return (
            <details key={mailDef.key} className="field">
              <summary>{mailDef.title}</summary>
              <Checkbox label={mailDef.flag === 'sendMailToConfirm' ? FIELDS.sendMailToConfirm : 'Send this mail'} checked={b(m[mailDef.flag], flagDefault)} onChange={setM(mailDef.flag)} disabled={readOnly} />
              <TextField label={FIELDS[subjectKey]} value={s(m[subjectKey])} onChange={setM(subjectKey)} disabled={readOnly} error={submit.fieldErrors[subjectKey]} />
              <Field label={FIELDS[bodyKey]} error={submit.fieldErrors[bodyKey]}>
                {(p) => <textarea {...p} rows={6} value={s(m[bodyKey])} disabled={readOnly} onChange={(e) => setM(bodyKey)(e.target.value)} />}
              </Field>
              <TextField label={FIELDS[ccKey]} value={s(m[ccKey])} onChange={setM(ccKey)} disabled={readOnly} error={submit.fieldErrors[ccKey]} />
              <TextField label={FIELDS[bccKey]} value={s(m[bccKey])} onChange={setM(bccKey)} disabled={readOnly} error={submit.fieldErrors[bccKey]} />
            </details>
          );
        })}
      </fieldset>
      {readOnly ? <p className="muted">You can view but not change the settings of {serviceName}.</p> : (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submit.busy}>{submit.busy ? 'Saving…' : 'Save settings'}</button>
        </div>
      )}
    </form>
  );
}
