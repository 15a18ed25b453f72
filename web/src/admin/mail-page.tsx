// Notification mail (issue 7): the SMTP settings (defaults from KEYWARD_SMTP_URL / KEYWARD_MAIL_FROM until saved
// here; the password is write-only) and the outbox — mails that are not delivered yet, with the last error, retried
// with backoff by the server. Mail bodies are never shown: they can hold confirmation links.
import { useEffect, useState, type FormEvent } from 'react';
import { mail, type SmtpSettingsView } from '../api/fido-api.js';
import { PERM, useSession } from '../session/session-context.js';
import { useConfirm } from '../ui/confirm.js';
import { Checkbox, Field, FormError, TextField } from '../ui/field.js';
import { EmptyRow, formatDate, LoadState, PageHeader, StatusBadge } from '../ui/page.js';
import { RowActions } from '../ui/row-actions.js';
import { useToast } from '../ui/toast.js';
import { describeFailure, useFormSubmit } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';

const MASK = '********';
const FIELDS = { host: 'SMTP server', port: 'Port', security: 'Connection security', user: 'User', password: 'Password', from: 'Sender' } as const;

export function MailPage() {
  const { can } = useSession();
  const canSettings = can(PERM.settingsView);
  return (
    <section>
      <PageHeader title="Mail" description="Notification mails (security key registrations) and the SMTP server that sends them." />
      <OutboxCard />
      {canSettings ? <SmtpSettingsCard /> : null}
    </section>
  );
}

function OutboxCard() {
  const { api, can } = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const [showDelivered, setShowDelivered] = useState(false);
  const res = useResource(async () => (await mail.outbox(api, !showDelivered)).mails ?? [], [api, showDelivered]);
  const canRetry = can(PERM.accountsManage);
  const canDelete = can(PERM.settingsManage);

  const retry = async (ids?: number[]) => {
    try {
      const r = await mail.retry(api, ids);
      toast.success(r.count === 1 ? 'Sending 1 mail now.' : `Sending ${r.count} mails now.`);
      window.setTimeout(res.reload, 1500);
    } catch (err) {
      toast.error(`Retry failed. ${describeFailure(err)}`);
    }
  };

  return (
    <section className="card" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">Undelivered mails</h2>
      <p className="muted">Mails wait here while the SMTP server cannot be reached and are retried automatically (after 15 s, 30 s, 1 min, … up to every 30 min).</p>
      <div className="toolbar">
        <Checkbox label="Also show delivered mails (last 7 days)" checked={showDelivered} onChange={setShowDelivered} />
        <button type="button" className="button button-small" onClick={res.reload}>Refresh</button>
        {canRetry ? <button type="button" className="button button-small" onClick={() => void retry()}>Retry all now</button> : null}
      </div>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Mails" />
      {res.data ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Queued notification mails</caption>
            <thead>
              <tr>
                <th scope="col">To</th><th scope="col">Subject</th><th scope="col">Queued</th><th scope="col">Attempts</th>
                <th scope="col">Status</th><th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {res.data.length === 0 ? <EmptyRow colSpan={6}>{showDelivered ? 'No mails.' : 'All mails are delivered.'}</EmptyRow> : null}
              {res.data.map((m) => (
                <tr key={m.id} data-mail={m.id}>
                  <th scope="row">{m.to.join(', ')}</th>
                  <td>{m.subject}</td>
                  <td>{formatDate(m.created)}</td>
                  <td>{m.attempts}</td>
                  <td>
                    {m.delivered ? <StatusBadge tone="ok">delivered {formatDate(m.sent)}</StatusBadge> : (
                      <>
                        <StatusBadge tone={m.attempts > 0 ? 'bad' : 'neutral'}>{m.attempts > 0 ? 'not delivered' : 'queued'}</StatusBadge>
                        {m.lastError ? <div className="field-hint">{m.lastError}</div> : null}
                        {m.nextAttempt ? <div className="field-hint">next attempt {formatDate(m.nextAttempt)}</div> : null}
                      </>
                    )}
                  </td>
                  <td className="cell-actions">
                    {m.delivered ? null : (
                      <RowActions label={`Actions for the mail to ${m.to.join(', ')}`} actions={[
                        { label: 'Retry now', hidden: !canRetry, onSelect: () => void retry([m.id]) },
                        {
                          label: 'Delete', hidden: !canDelete, danger: true,
                          onSelect: () => void (async () => {
                            const ok = await confirm({ title: 'Delete this mail?', message: <p>The mail to {m.to.join(', ')} will not be sent.</p>, confirmLabel: 'Delete mail', danger: true });
                            if (!ok) return;
                            try {
                              await mail.remove(api, [m.id]);
                              res.reload();
                            } catch (err) {
                              toast.error(`Delete failed. ${describeFailure(err)}`);
                            }
                          })(),
                        },
                      ]} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function SmtpSettingsCard() {
  const { api, can } = useSession();
  const toast = useToast();
  const readOnly = !can(PERM.settingsManage);
  const res = useResource(async () => (await mail.settings(api)).settings, [api]);
  const [v, setV] = useState<SmtpSettingsView | null>(null);
  const [password, setPassword] = useState('');
  const [testTo, setTestTo] = useState('');
  const [testResult, setTestResult] = useState<string | null>(null);
  const submit = useFormSubmit(FIELDS);
  useEffect(() => { if (res.data) setV(res.data); }, [res.data]);

  const set = <K extends keyof SmtpSettingsView>(key: K) => (value: SmtpSettingsView[K]) => setV((x) => (x ? { ...x, [key]: value } : x));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!v) return;
    const errors: Partial<Record<keyof typeof FIELDS, string>> = {};
    if (!/^\d{1,5}$/.test(String(v.port)) || Number(v.port) < 1 || Number(v.port) > 65535) errors.port = 'A port from 1 to 65535.';
    if (v.host.trim() !== '' && !/@/.test(v.from)) errors.from = 'An address like keyward@example.com or "Keyward <keyward@example.com>".';
    submit.setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const ok = await submit.run(async () => {
      await mail.storeSettings(api, {
        host: v.host.trim(), port: Number(v.port), security: v.security, user: v.user.trim(),
        password: password === '' ? (v.password === MASK ? MASK : '') : password, from: v.from.trim(), rejectUnauthorized: v.rejectUnauthorized,
      });
    });
    if (ok) {
      setPassword('');
      toast.success('Mail settings saved. Waiting mails are sent now.');
      res.reload();
    }
  };

  const test = async () => {
    setTestResult(null);
    try {
      const r = await mail.test(api, testTo.trim() || undefined);
      setTestResult(r.ok ? (testTo.trim() ? `Test mail sent to ${testTo.trim()}.` : 'Connected and logged in.') : `Failed: ${r.error ?? 'unknown error'}`);
    } catch (err) {
      setTestResult(`Failed: ${describeFailure(err)}`);
    }
  };

  return (
    <form className="card form-card" onSubmit={(e) => void save(e)} noValidate aria-label="SMTP settings">
      <h2>SMTP settings</h2>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Mail settings" />
      {v ? (
        <>
          <p className="muted">
            {v.source === 'environment' ? 'Currently from KEYWARD_SMTP_URL and KEYWARD_MAIL_FROM; saving stores them here.' : v.source === 'none' ? 'No SMTP server is configured: mails wait in the outbox.' : 'Stored settings.'}
          </p>
          <FormError message={submit.formError} />
          <TextField label={FIELDS.host} value={v.host} onChange={set('host')} disabled={readOnly} error={submit.fieldErrors.host} spellCheck={false} hint="Empty: do not send mails." />
          <TextField label={FIELDS.port} inputMode="numeric" value={String(v.port)} onChange={(x) => set('port')(Number(x) || 0)} disabled={readOnly} error={submit.fieldErrors.port} />
          <Field label={FIELDS.security} error={submit.fieldErrors.security}>
            {(p) => (
              <select {...p} value={v.security} disabled={readOnly} onChange={(e) => set('security')(e.target.value as SmtpSettingsView['security'])}>
                <option value="tls">TLS (smtps, usually port 465)</option>
                <option value="starttls">STARTTLS required (usually port 587)</option>
                <option value="opportunistic">STARTTLS when offered</option>
                <option value="none">No TLS (test servers only)</option>
              </select>
            )}
          </Field>
          <TextField label={FIELDS.user} value={v.user} onChange={set('user')} disabled={readOnly} error={submit.fieldErrors.user} autoComplete="off" spellCheck={false} hint="Empty: no authentication." />
          <TextField label={FIELDS.password} type="password" value={password} onChange={setPassword} disabled={readOnly} error={submit.fieldErrors.password}
            autoComplete="new-password" placeholder={v.password === MASK ? 'Unchanged' : ''} hint="Stored encrypted and never shown. Leave empty to keep it." />
          <TextField label={FIELDS.from} value={v.from} onChange={set('from')} disabled={readOnly} error={submit.fieldErrors.from} spellCheck={false} />
          <Checkbox label="Verify the server certificate" checked={v.rejectUnauthorized} onChange={set('rejectUnauthorized')} disabled={readOnly}
            hint="Switch off only for a server with a self-signed certificate you trust." />
          {readOnly ? <p className="muted">You can view but not change these settings.</p> : (
            <>
              <div className="form-actions">
                <button type="submit" className="button button-primary" disabled={submit.busy}>{submit.busy ? 'Saving…' : 'Save mail settings'}</button>
              </div>
              <div className="inline-form">
                <TextField label="Send a test mail to" type="email" value={testTo} onChange={setTestTo} hint="Empty: only connect and log in." />
                <button type="button" className="button" onClick={() => void test()}>Test the stored settings</button>
              </div>
              {testResult ? <p role="status">{testResult}</p> : null}
            </>
          )}
        </>
      ) : null}
    </form>
  );
}
