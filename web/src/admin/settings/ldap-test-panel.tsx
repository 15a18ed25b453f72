// "Test settings" of an LDAP service (issue 4): logs a test account in against the settings as shown in the form
// (saved or not; "********" reuses the stored secrets) and shows the bind DN, the groups, the nested expansion and the
// roles. Creates no session. Calls POST /joc/api/iam/ldap/test.
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/api-error.js';
import { useSession } from '../../session/session-context.js';
import { FormError, TextField } from '../../ui/field.js';

export interface LdapTestReport {
  ok: boolean;
  message: string;
  code?: string;
  bindDn: string | null;
  account: string | null;
  rawGroups: string[];
  nestedGroups: string[];
  roles: string[];
  notes: string[];
}

interface Props {
  serviceName: string;
  /** The settings item as the form would save it now, or null when the form has errors. */
  draft(): Record<string, unknown> | null;
}

export function LdapTestPanel({ serviceName, draft }: Props) {
  const { api } = useSession();
  const [account, setAccount] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<LdapTestReport | null>(null);

  const onTest = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setReport(null);
    const settings = draft();
    if (settings === null) {
      setError('Correct the settings above first.');
      return;
    }
    if (account.trim() === '') {
      setError('Enter the account to test with.');
      return;
    }
    setBusy(true);
    try {
      setReport(await api.call<LdapTestReport>('/iam/ldap/test', { identityServiceName: serviceName, accountName: account, password, settings }));
    } catch (err) {
      setError(isApiError(err) ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form-card" onSubmit={(e) => void onTest(e)} noValidate aria-label="Test LDAP settings">
      <h2>Test settings</h2>
      <p className="muted">
        Logs a test account in with the settings above, saved or not, and shows what the directory answered. No session is created and nothing is
        written to the login history.
      </p>
      <FormError message={error} />
      <TextField label="Test account" value={account} onChange={setAccount} autoComplete="off" spellCheck={false} />
      <TextField label="Test password" type="password" value={password} onChange={setPassword} autoComplete="new-password" />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Testing…' : 'Test settings'}
        </button>
      </div>
      {report ? <TestReport report={report} /> : null}
    </form>
  );
}

function TestReport({ report }: { report: LdapTestReport }) {
  const list = (items: string[], empty: string) =>
    items.length === 0 ? <span className="muted">{empty}</span> : (
      <ul className="plain-list">
        {items.map((g) => <li key={g}><code>{g}</code></li>)}
      </ul>
    );
  return (
    <section aria-label="Test result" aria-live="polite">
      <p role="status">
        <span className={`badge ${report.ok ? 'badge-ok' : 'badge-bad'}`}>{report.ok ? 'Login would succeed' : 'Login would fail'}</span>{' '}
        {report.message}
        {report.code ? <> (<code>{report.code}</code>)</> : null}
      </p>
      <dl className="facts">
        <dt>Bind DN</dt>
        <dd>{report.bindDn ? <code>{report.bindDn}</code> : <span className="muted">none</span>}</dd>
        <dt>Account name</dt>
        <dd>{report.account ?? <span className="muted">none</span>}</dd>
        <dt>Groups</dt>
        <dd>{list(report.rawGroups, 'none')}</dd>
        <dt>Nested groups</dt>
        <dd>{list(report.nestedGroups, 'none')}</dd>
        <dt>Roles</dt>
        <dd>{report.roles.length === 0 ? <span className="muted">none</span> : report.roles.join(', ')}</dd>
      </dl>
      {report.notes.length > 0 ? (
        <ul className="plain-list muted" aria-label="Notes">
          {report.notes.map((n) => <li key={n}>{n}</li>)}
        </ul>
      ) : null}
    </section>
  );
}
