// Settings of LDAP and LDAP-JOC services (spec §3.1): a simple view (host, port, protocol, Active Directory flags;
// the server derives the expert fields from them, as JS7's "fewer options" form) and an expert view with every
// setting, the group → roles map (LDAP only), and a "Test settings" panel. Secrets are write-only ("********" =
// unchanged). `LdapSettingsForm` plugs into the settings page (settings/index.ts); `LdapSettings` is the same form
// for any other place: it loads and saves the service's settings itself.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ConfigurationAnswer } from '../../api/types.js';
import { PERM, useSession } from '../../session/session-context.js';
import { Checkbox, Field, FormError, TextField } from '../../ui/field.js';
import { useFormSubmit } from '../../ui/use-form-submit.js';
import { LdapTestPanel } from './ldap-test-panel.js';
import {
  initialView, LDAP_FIELDS, readLdapValues, urlFromSimple, validateLdapValues, writeLdapItem,
  type LdapField, type LdapValues, type LdapView,
} from './ldap-settings-model.js';
import type { SettingsFormProps } from './settings-form.js';

export function LdapSettingsForm({ serviceName, serviceType, item, readOnly, onSave }: SettingsFormProps) {
  const [values, setValues] = useState<LdapValues>(() => readLdapValues(item));
  const [view, setView] = useState<LdapView>(() => initialView(item));
  const submit = useFormSubmit(LDAP_FIELDS);
  // The page may hand over the stored item after the first render, and again after a save: show what is stored.
  useEffect(() => setValues(readLdapValues(item)), [item]);
  const rolesFromGroups = serviceType !== 'LDAP-JOC';

  const set = <K extends keyof LdapValues>(key: K, field?: LdapField) => (value: LdapValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (field) submit.edit(field, () => undefined)(value);
  };
  const text = (key: keyof LdapValues & string, field: LdapField, hint?: string, extra: { type?: string; placeholder?: string } = {}) => (
    <TextField label={LDAP_FIELDS[field]} value={String(values[key])} onChange={set(key, field) as (v: string) => void} disabled={readOnly}
      error={submit.fieldErrors[field]} autoComplete={extra.type === 'password' ? 'new-password' : 'off'} spellCheck={false} hint={hint} {...extra} />
  );

  const draft = useCallback((): Record<string, unknown> | null => {
    const errors = validateLdapValues(values, view);
    submit.setFieldErrors(errors);
    return Object.keys(errors).length > 0 ? null : writeLdapItem(values, view);
  }, [values, view, submit]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const item = draft();
    if (item === null) return;
    await submit.run(() => onSave(item));
  };

  const updateGroup = (i: number, patch: Partial<LdapValues['groups'][number]>) =>
    setValues((v) => ({ ...v, groups: v.groups.map((g, j) => (j === i ? { ...g, ...patch } : g)) }));
  const groupError = submit.fieldErrors.iamLdapGroupRolesMap ?? submit.fieldErrors.ldapGroupDn ?? submit.fieldErrors.roles;

  return (
    <>
      <form className="card form-card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="LDAP settings">
        <h2>LDAP settings</h2>
        <div role="tablist" aria-label="Settings view" className="tabs">
          {(['simple', 'expert'] as const).map((v) => (
            <button key={v} type="button" role="tab" aria-selected={view === v} className={`tab${view === v ? ' tab-current' : ''}`} onClick={() => setView(v)}>
              {v === 'simple' ? 'Simple' : 'Expert'}
            </button>
          ))}
        </div>
        <FormError message={submit.formError} />

        {view === 'simple' ? (
          <fieldset className="fieldset">
            <legend>Server</legend>
            {text('host', 'iamLdapHost', 'Name or address of the directory server, e.g. ldap.example.org or dc01.corp.example.com.')}
            {text('port', 'iamLdapPort', 'Empty: 389, or 636 with SSL.', { placeholder: values.protocol === 'SSL' ? '636' : '389' })}
            <Field label={LDAP_FIELDS.iamLdapProtocol} error={submit.fieldErrors.iamLdapProtocol}
              hint={values.protocol === 'PLAIN' ? 'Passwords cross the network in clear: use StartTLS or SSL outside a test lab.' : `Server URL: ${urlFromSimple(values) || '—'}`}>
              {(p) => (
                <select {...p} value={values.protocol} disabled={readOnly} onChange={(e) => set('protocol', 'iamLdapProtocol')(e.target.value as LdapValues['protocol'])}>
                  <option value="STARTTLS">StartTLS (ldap://, encrypted before any password is sent)</option>
                  <option value="SSL">SSL (ldaps://)</option>
                  <option value="PLAIN">Plain (not encrypted)</option>
                </select>
              )}
            </Field>
            <Checkbox label="Active Directory" checked={values.activeDirectory} disabled={readOnly} onChange={set('activeDirectory')}
              hint="DOMAIN\user and user@DOMAIN names, sAMAccountName search, nested groups through the matching-rule-in-chain." />
            {values.activeDirectory ? (
              <Checkbox label="Bind with the sAMAccountName (user@DOMAIN)" checked={values.samAccount} disabled={readOnly} onChange={set('samAccount')} />
            ) : null}
            <Checkbox label="Read groups from memberOf" checked={values.memberOf} disabled={readOnly} onChange={set('memberOf')}
              hint={values.activeDirectory ? 'Users are found with (sAMAccountName=%s).' : 'Users are found with (uid=%s); OpenLDAP needs the memberOf overlay.'} />
          </fieldset>
        ) : (
          <fieldset className="fieldset">
            <legend>Server</legend>
            {text('serverUrl', 'iamLdapServerUrl', 'ldap://host:389 or ldaps://host:636.')}
            <Checkbox label={LDAP_FIELDS.iamLdapUseStartTls} checked={values.startTls} disabled={readOnly || values.serverUrl.startsWith('ldaps:')} onChange={set('startTls')}
              hint="On ldap://: StartTLS is negotiated before any bind; a server that refuses it is not used." />
            <Checkbox label={LDAP_FIELDS.iamLdapHostNameVerification} checked={values.hostNameVerification} disabled={readOnly} onChange={set('hostNameVerification')}
              hint="The certificate must name the host of the URL. The certificate chain is always verified." />
            {text('connectTimeout', 'iamLdapConnectTimeout')}
            {text('readTimeout', 'iamLdapReadTimeout', 'A login gives up on this service after connect + read timeout; the next service is tried.')}
          </fieldset>
        )}

        <fieldset className="fieldset">
          <legend>Trust store</legend>
          {text('truststorePath', 'iamLdapTruststorePath', 'Path on the Keyward server of the CA certificate(s) to trust. Empty: the system CAs.')}
          {values.truststorePath.trim() !== '' ? (
            <Field label={LDAP_FIELDS.iamLdapTruststoreType} error={submit.fieldErrors.iamLdapTruststoreType}>
              {(p) => (
                <select {...p} value={values.truststoreType} disabled={readOnly} onChange={(e) => set('truststoreType', 'iamLdapTruststoreType')(e.target.value as 'PEM' | 'PKCS12')}>
                  <option value="PEM">PEM</option>
                  <option value="PKCS12">PKCS12</option>
                </select>
              )}
            </Field>
          ) : null}
          {values.truststorePath.trim() !== '' && values.truststoreType === 'PKCS12'
            ? text('truststorePassword', 'iamLdapTruststorePassword', values.hasTruststorePassword ? 'Stored encrypted and never shown. Leave empty to keep it.' : undefined,
              { type: 'password', placeholder: values.hasTruststorePassword ? 'Unchanged' : '' })
            : null}
        </fieldset>

        <fieldset className="fieldset">
          <legend>Users</legend>
          {text('systemUser', 'iamLdapSystemUser', 'A read-only account that searches users and groups, e.g. cn=keyward,ou=services,dc=example,dc=org. Empty: users are bound with the DN template.')}
          {values.systemUser.trim() !== ''
            ? text('systemPassword', 'iamLdapSystemPassword', values.hasSystemPassword ? 'Stored encrypted and never shown. Leave empty to keep it.' : 'Stored encrypted and never shown again.',
              { type: 'password', placeholder: values.hasSystemPassword ? 'Unchanged' : '' })
            : null}
          {text('searchBase', 'iamLdapSearchBase', 'Where users are searched, e.g. ou=people,dc=example,dc=org.')}
          {view === 'expert' || values.systemUser.trim() === '' ? text('userDnTemplate', 'iamLdapUserDnTemplate', '{0} is the login name, e.g. uid={0},ou=people,dc=example,dc=org; just {0} binds with the name as typed (AD: user@DOMAIN).') : null}
          {view === 'expert' ? text('userSearchFilter', 'iamLdapUserSearchFilter', '%s is the user name, ^s the full login name, e.g. (uid=%s). Exactly one entry may match.') : null}
          {text('userNameAttribute', 'iamLdapUserNameAttribute', 'The attribute whose value becomes the account name, e.g. uid or sAMAccountName.')}
        </fieldset>

        <fieldset className="fieldset">
          <legend>Groups</legend>
          {view === 'expert' || !values.memberOf ? text('groupNameAttribute', 'iamLdapGroupNameAttribute', 'Attribute of the user entry that lists the user\'s group DNs.') : null}
          {text('groupSearchBase', 'iamLdapGroupSearchBase', 'Where groups are searched (nested groups, group search filter).')}
          {view === 'expert' ? text('groupSearchFilter', 'iamLdapGroupSearchFilter', 'Instead of the group attribute: finds the user\'s groups, e.g. (member={dn}).') : null}
          <Checkbox label="Do not resolve nested groups" checked={values.disableNestedGroups} disabled={readOnly} onChange={set('disableNestedGroups')} />
        </fieldset>

        {rolesFromGroups ? (
          <fieldset className="fieldset">
            <legend>{LDAP_FIELDS.iamLdapGroupRolesMap}</legend>
            <p className="field-hint">Groups are matched by their full DN, never by name alone.</p>
            {groupError ? <p className="field-error">{groupError}</p> : null}
            <table className="table">
              <thead>
                <tr><th scope="col">Group DN</th><th scope="col">Roles (comma-separated)</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>
                {values.groups.map((g, i) => (
                  <tr key={i}>
                    <td><input aria-label={`Group DN ${i + 1}`} value={g.groupDn} disabled={readOnly} spellCheck={false} onChange={(e) => updateGroup(i, { groupDn: e.target.value })} /></td>
                    <td><input aria-label={`Roles of group ${i + 1}`} value={g.roles} disabled={readOnly} onChange={(e) => updateGroup(i, { roles: e.target.value })} /></td>
                    <td>
                      {readOnly ? null : (
                        <button type="button" className="link-button" onClick={() => setValues((v) => ({ ...v, groups: v.groups.filter((_, j) => j !== i) }))}>
                          Remove<span className="visually-hidden"> group {g.groupDn}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {readOnly ? null : (
              <button type="button" className="button" onClick={() => setValues((v) => ({ ...v, groups: [...v.groups, { groupDn: '', roles: '' }] }))}>
                Add group
              </button>
            )}
          </fieldset>
        ) : (
          <p className="muted">LDAP-JOC: the directory checks passwords; roles are assigned to this service's accounts in Keyward, and each user needs an account there.</p>
        )}

        {readOnly ? (
          <p className="muted">You can view but not change these settings.</p>
        ) : (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={submit.busy}>
              {submit.busy ? 'Saving…' : 'Save settings'}
            </button>
          </div>
        )}
        {view === 'simple' && !readOnly ? (
          <p className="field-hint">Saving from the simple view sets the server URL, StartTLS, the bind template, the user filter and the group attribute from these fields.</p>
        ) : null}
      </form>
      {readOnly ? null : <LdapTestPanel serviceName={serviceName} draft={draft} />}
    </>
  );
}

/** The LDAP settings of one service, loaded and saved here (for places other than the settings page). */
export function LdapSettings({ identityServiceName, onSaved }: { identityServiceName: string; onSaved?: () => void }) {
  const { api, can } = useSession();
  const [state, setState] = useState<{ type: string; item: Record<string, unknown> } | { error: string } | null>(null);
  const load = useCallback(async () => {
    try {
      const answer = await api.call<ConfigurationAnswer>('/configuration', { configurationType: 'IAM', name: identityServiceName });
      const parsed: unknown = JSON.parse(answer.configuration?.configurationItem || '{}');
      setState({ type: answer.configuration?.objectType ?? 'LDAP', item: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {} });
    } catch (err) {
      setState({ error: err instanceof Error ? err.message : String(err) });
    }
  }, [api, identityServiceName]);
  useEffect(() => { void load(); }, [load]);
  if (state === null) return <p className="loading">Loading settings…</p>;
  if ('error' in state) return <FormError message={state.error} />;
  return (
    <LdapSettingsForm serviceName={identityServiceName} serviceType={state.type} item={state.item} readOnly={!can(PERM.accountsManage)}
      onSave={async (item) => {
        await api.call('/configuration/save', { configurationType: 'IAM', objectType: state.type, name: identityServiceName, configurationItem: JSON.stringify(item) });
        await load();
        onSaved?.();
      }} />
  );
}
