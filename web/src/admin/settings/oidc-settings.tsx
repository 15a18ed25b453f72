// Settings of OIDC and OIDC-JOC services (spec §3.3, seed 004 "Identity Service Settings"). Saves the whole
// `{oidc:{...}}` item; the client secret and truststore password are write-only ("********" = unchanged). The login
// button image is uploaded separately (`POST /iam/import`, JSON with base64) and takes effect at once.
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { API_BASE } from '../../api/client.js';
import { isApiError } from '../../api/api-error.js';
import { useSession } from '../../session/session-context.js';
import { Checkbox, Field, FormError, TextField } from '../../ui/field.js';
import { useToast } from '../../ui/toast.js';
import { useFormSubmit } from '../../ui/use-form-submit.js';
import type { SettingsFormProps } from './settings-form.js';

const MASK = '********';

const FIELDS = {
  iamOidcName: 'Button caption',
  iamOidcAuthenticationUrl: 'Issuer (authentication URL)',
  iamOidcClientId: 'Client ID',
  iamOidcClientSecret: 'Client secret',
  iamOidcFlowType: 'Flow',
  iamOidcUserAttribute: 'Account claim',
  iamOidcGroupClaims: 'Group claims',
  iamOidcGroupScopes: 'Extra scopes',
  iamOidcGroupRolesMap: 'Groups → roles',
  iamOidcTruststoreType: 'Truststore type',
  iamOidcTruststorePath: 'Truststore path',
  iamOidcTruststoreContent: 'Truststore',
  iamOidcTruststorePassword: 'Truststore password',
  iamOidcClockSkew: 'Clock skew (seconds)',
  iamOidcClientCredentialAudience: 'Token audience',
  iamOidcAllowInsecureHttpIssuer: 'Allow an http issuer',
} as const;

interface MappingRow { oidcGroup: string; roles: string }

interface Values {
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  hasSecret: boolean;
  flowType: string;
  userAttribute: string;
  groupClaims: string;
  groupScopes: string;
  mappings: MappingRow[];
  truststoreType: string;
  truststorePath: string;
  truststoreContent: string;
  truststorePassword: string;
  hasTruststorePassword: boolean;
  clockSkew: string;
  audience: string;
  allowHttp: boolean;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function list(v: unknown): string {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').join(', ') : str(v);
}

function readValues(item: Record<string, unknown>): Values {
  const o = (typeof item.oidc === 'object' && item.oidc !== null ? item.oidc : {}) as Record<string, unknown>;
  const map = o.iamOidcGroupRolesMap as { items?: { oidcGroup?: unknown; roles?: unknown }[] } | undefined;
  return {
    name: str(o.iamOidcName),
    issuer: str(o.iamOidcAuthenticationUrl),
    clientId: str(o.iamOidcClientId),
    clientSecret: '',
    hasSecret: o.iamOidcClientSecret === MASK,
    flowType: str(o.iamOidcFlowType) || 'AUTHENTICATION',
    userAttribute: str(o.iamOidcUserAttribute),
    groupClaims: list(o.iamOidcGroupClaims),
    groupScopes: list(o.iamOidcGroupScopes),
    mappings: (map?.items ?? []).map((m) => ({ oidcGroup: str(m.oidcGroup), roles: list(m.roles) })),
    truststoreType: str(o.iamOidcTruststoreType) || 'PEM',
    truststorePath: str(o.iamOidcTruststorePath),
    truststoreContent: str(o.iamOidcTruststoreContent),
    truststorePassword: '',
    hasTruststorePassword: o.iamOidcTruststorePassword === MASK,
    clockSkew: str(o.iamOidcClockSkew) || '30',
    audience: str(o.iamOidcClientCredentialAudience),
    allowHttp: o.iamOidcAllowInsecureHttpIssuer === true,
  };
}

const split = (text: string): string[] => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

function writeItem(v: Values): Record<string, unknown> {
  return {
    oidc: {
      iamOidcName: v.name.trim(),
      iamOidcAuthenticationUrl: v.issuer.trim(),
      iamOidcClientId: v.clientId.trim(),
      // Empty field: keep the stored secret (write-only); the server seals a new one.
      iamOidcClientSecret: v.clientSecret === '' ? (v.hasSecret ? MASK : '') : v.clientSecret,
      iamOidcFlowType: v.flowType,
      iamOidcUserAttribute: v.userAttribute.trim(),
      iamOidcGroupClaims: split(v.groupClaims),
      iamOidcGroupScopes: split(v.groupScopes),
      iamOidcGroupRolesMap: { items: v.mappings.filter((m) => m.oidcGroup.trim() !== '').map((m) => ({ oidcGroup: m.oidcGroup.trim(), roles: split(m.roles) })) },
      ...(v.truststorePath.trim() === '' && v.truststoreContent.trim() === '' ? {} : {
        iamOidcTruststoreType: v.truststoreType,
        ...(v.truststorePath.trim() === '' ? {} : { iamOidcTruststorePath: v.truststorePath.trim() }),
        ...(v.truststoreContent.trim() === '' ? {} : { iamOidcTruststoreContent: v.truststoreContent.trim() }),
        iamOidcTruststorePassword: v.truststorePassword === '' ? (v.hasTruststorePassword ? MASK : '') : v.truststorePassword,
      }),
      iamOidcClockSkew: Number(v.clockSkew),
      ...(v.audience.trim() === '' ? {} : { iamOidcClientCredentialAudience: v.audience.trim() }),
      ...(v.allowHttp ? { iamOidcAllowInsecureHttpIssuer: true } : {}),
    },
  };
}

function validate(v: Values): Partial<Record<keyof typeof FIELDS, string>> {
  const errors: Partial<Record<keyof typeof FIELDS, string>> = {};
  let url: URL | null = null;
  try {
    url = new URL(v.issuer.trim());
  } catch {
    errors.iamOidcAuthenticationUrl = 'Enter the issuer URL, e.g. https://keycloak.example.com/realms/js7.';
  }
  if (url && url.protocol === 'http:' && !v.allowHttp) errors.iamOidcAuthenticationUrl = 'The issuer must use https.';
  if (v.clientId.trim() === '') errors.iamOidcClientId = 'Enter the client ID registered at the provider.';
  if (!/^\d{1,3}$/.test(v.clockSkew.trim()) || Number(v.clockSkew) > 300) errors.iamOidcClockSkew = 'A whole number of seconds from 0 to 300.';
  return errors;
}

export function OidcSettingsForm({ serviceName, serviceType, item, readOnly, onSave }: SettingsFormProps) {
  const { api } = useSession();
  const toast = useToast();
  const [values, setValues] = useState<Values>(() => readValues(item));
  const [iconVersion, setIconVersion] = useState(0);
  const [iconError, setIconError] = useState<string | null>(null);
  const submit = useFormSubmit(FIELDS);
  // The page may hand over the stored item after the first render, and again after a save: show what is stored.
  useEffect(() => setValues(readValues(item)), [item]);
  const hasImage = typeof (item.oidc as Record<string, unknown> | undefined)?.iamOidcImage === 'object' || iconVersion > 0;
  const set = <K extends keyof Values>(key: K, field?: keyof typeof FIELDS) => (value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (field) submit.edit(field, () => undefined)(value);
  };
  const isJoc = serviceType === 'OIDC-JOC';
  const clientCredential = values.flowType === 'CLIENT-CREDENTIAL';

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errors = validate(values);
    submit.setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    await submit.run(() => onSave(writeItem(values)));
  };

  const readFile = async (e: ChangeEvent<HTMLInputElement>, as: 'text' | 'base64'): Promise<string | null> => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return null;
    if (as === 'text') return file.text();
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return window.btoa(binary);
  };

  const uploadIcon = async (e: ChangeEvent<HTMLInputElement>) => {
    setIconError(null);
    const image = await readFile(e, 'base64');
    if (image === null) return;
    try {
      await api.call('/iam/import', { identityServiceName: serviceName, image });
      setIconVersion((n) => n + 1);
      toast.success('Login button image uploaded.');
    } catch (err) {
      setIconError(isApiError(err) ? err.message : String(err));
    }
  };

  const updateMapping = (i: number, patch: Partial<MappingRow>) =>
    setValues((v) => ({ ...v, mappings: v.mappings.map((m, j) => (j === i ? { ...m, ...patch } : m)) }));

  return (
    <form className="card form-card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label="OpenID Connect settings">
      <h2>OpenID Connect settings</h2>
      <FormError message={submit.formError} />
      <TextField label={FIELDS.iamOidcName} value={values.name} onChange={set('name')} disabled={readOnly} error={submit.fieldErrors.iamOidcName}
        hint={`Shown on the login page as "Continue with …". Empty: ${serviceName}.`} />
      <TextField label={FIELDS.iamOidcAuthenticationUrl} value={values.issuer} onChange={set('issuer', 'iamOidcAuthenticationUrl')} disabled={readOnly}
        error={submit.fieldErrors.iamOidcAuthenticationUrl} autoComplete="off" spellCheck={false}
        hint="The provider's issuer; its discovery document is read from <issuer>/.well-known/openid-configuration. Keycloak: https://host/realms/<realm>; Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0." />
      <TextField label={FIELDS.iamOidcClientId} value={values.clientId} onChange={set('clientId', 'iamOidcClientId')} disabled={readOnly}
        error={submit.fieldErrors.iamOidcClientId} autoComplete="off" spellCheck={false} />
      <TextField label={FIELDS.iamOidcClientSecret} type="password" value={values.clientSecret} onChange={set('clientSecret', 'iamOidcClientSecret')}
        disabled={readOnly} error={submit.fieldErrors.iamOidcClientSecret} autoComplete="new-password" placeholder={values.hasSecret ? 'Unchanged' : ''}
        hint={values.hasSecret ? 'Stored encrypted and never shown. Leave empty to keep it.' : 'Stored encrypted and never shown again.'} />
      <Field label={FIELDS.iamOidcFlowType} error={submit.fieldErrors.iamOidcFlowType}
        hint={`Register ${window.location.origin}/ as redirect URI (and post-logout redirect URI) at the provider.`}>
        {(p) => (
          <select {...p} value={values.flowType} disabled={readOnly} onChange={(e) => set('flowType')(e.target.value)}>
            <option value="AUTHENTICATION">Authorization code with PKCE (users in the browser)</option>
            <option value="IMPLICIT">Implicit (handled as authorization code)</option>
            <option value="CLIENT-CREDENTIAL">Client credentials (batch clients send X-ID-TOKEN)</option>
          </select>
        )}
      </Field>
      {clientCredential ? (
        <TextField label={FIELDS.iamOidcClientCredentialAudience} value={values.audience} onChange={set('audience')} disabled={readOnly}
          error={submit.fieldErrors.iamOidcClientCredentialAudience} hint="The aud the batch client's token must carry. Empty: the client ID." />
      ) : null}
      <TextField label={FIELDS.iamOidcUserAttribute} value={values.userAttribute} onChange={set('userAttribute', 'iamOidcUserAttribute')} disabled={readOnly}
        error={submit.fieldErrors.iamOidcUserAttribute} spellCheck={false}
        hint="The claim naming the account. Empty: preferred_username if the provider offers it, else email." />
      <TextField label={FIELDS.iamOidcGroupScopes} value={values.groupScopes} onChange={set('groupScopes', 'iamOidcGroupScopes')} disabled={readOnly}
        error={submit.fieldErrors.iamOidcGroupScopes} spellCheck={false} hint="Requested besides openid, profile and email; separate with commas." />
      {isJoc ? (
        <p className="muted">OIDC-JOC: roles come from this service's accounts in Keyward; an account must exist for each user.</p>
      ) : (
        <>
          <TextField label={FIELDS.iamOidcGroupClaims} value={values.groupClaims} onChange={set('groupClaims', 'iamOidcGroupClaims')} disabled={readOnly}
            error={submit.fieldErrors.iamOidcGroupClaims} spellCheck={false}
            hint="Claims holding group names, e.g. groups, roles or realm_access.roles; separate with commas." />
          <fieldset className="field">
            <legend>{FIELDS.iamOidcGroupRolesMap}</legend>
            {submit.fieldErrors.iamOidcGroupRolesMap ? <p className="field-error">{submit.fieldErrors.iamOidcGroupRolesMap}</p> : null}
            <table className="table">
              <thead>
                <tr><th scope="col">Group</th><th scope="col">Roles (comma-separated)</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>
                {values.mappings.map((m, i) => (
                  <tr key={i}>
                    <td><input aria-label={`Group ${i + 1}`} value={m.oidcGroup} disabled={readOnly} onChange={(e) => updateMapping(i, { oidcGroup: e.target.value })} /></td>
                    <td><input aria-label={`Roles of group ${i + 1}`} value={m.roles} disabled={readOnly} onChange={(e) => updateMapping(i, { roles: e.target.value })} /></td>
                    <td>
                      {readOnly ? null : (
                        <button type="button" className="link-button" onClick={() => setValues((v) => ({ ...v, mappings: v.mappings.filter((_, j) => j !== i) }))}>
                          Remove<span className="visually-hidden"> group {m.oidcGroup}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {readOnly ? null : (
              <button type="button" className="button" onClick={() => setValues((v) => ({ ...v, mappings: [...v.mappings, { oidcGroup: '', roles: '' }] }))}>
                Add group
              </button>
            )}
          </fieldset>
        </>
      )}
      <fieldset className="field">
        <legend>Connection to the provider</legend>
        <Field label={FIELDS.iamOidcTruststoreType} error={submit.fieldErrors.iamOidcTruststoreType}>
          {(p) => (
            <select {...p} value={values.truststoreType} disabled={readOnly} onChange={(e) => set('truststoreType')(e.target.value)}>
              <option value="PEM">PEM</option>
              <option value="PKCS12">PKCS12</option>
            </select>
          )}
        </Field>
        <TextField label={FIELDS.iamOidcTruststorePath} value={values.truststorePath} onChange={set('truststorePath', 'iamOidcTruststorePath')} disabled={readOnly}
          error={submit.fieldErrors.iamOidcTruststorePath} spellCheck={false}
          hint="Absolute path on the Keyward server, or upload the file below. Empty: the system's trusted CAs." />
        <Field label={FIELDS.iamOidcTruststoreContent} error={submit.fieldErrors.iamOidcTruststoreContent}
          hint={values.truststoreContent ? `${values.truststoreType} truststore uploaded (${values.truststoreContent.length} characters).` : 'CA certificates of the provider, as a PEM or PKCS12 file.'}>
          {(p) => (
            <input {...p} type="file" accept=".pem,.crt,.cer,.p12,.pfx" disabled={readOnly}
              onChange={(e) => void readFile(e, values.truststoreType === 'PEM' ? 'text' : 'base64').then((c) => c !== null && setValues((v) => ({ ...v, truststoreContent: c })))} />
          )}
        </Field>
        {values.truststoreType === 'PKCS12' ? (
          <TextField label={FIELDS.iamOidcTruststorePassword} type="password" value={values.truststorePassword} onChange={set('truststorePassword', 'iamOidcTruststorePassword')}
            disabled={readOnly} error={submit.fieldErrors.iamOidcTruststorePassword} autoComplete="new-password" placeholder={values.hasTruststorePassword ? 'Unchanged' : ''} />
        ) : null}
        <TextField label={FIELDS.iamOidcClockSkew} inputMode="numeric" value={values.clockSkew} onChange={set('clockSkew', 'iamOidcClockSkew')} disabled={readOnly}
          error={submit.fieldErrors.iamOidcClockSkew} hint="Tolerated clock difference when checking token times." />
        <Checkbox label={<>{FIELDS.iamOidcAllowInsecureHttpIssuer} <strong>(insecure: tests and labs only)</strong></>} checked={values.allowHttp}
          onChange={set('allowHttp', 'iamOidcAllowInsecureHttpIssuer')} disabled={readOnly} />
      </fieldset>
      <fieldset className="field">
        <legend>Login button image</legend>
        {hasImage ? <img src={`${API_BASE}/iam/icon/${encodeURIComponent(serviceName)}?v=${iconVersion}`} alt={`Current image of ${serviceName}`} className="provider-icon" /> : <p className="muted">No image.</p>}
        <FormError message={iconError} />
        {readOnly ? null : (
          <Field label="Upload image" hint="png, jpeg, gif, ico, webp or svg; at most 256 KiB. Uploaded at once.">
            {(p) => <input {...p} type="file" accept="image/*" onChange={(e) => void uploadIcon(e)} />}
          </Field>
        )}
      </fieldset>
      {readOnly ? (
        <p className="muted">You can view but not change these settings.</p>
      ) : (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submit.busy}>{submit.busy ? 'Saving…' : 'Save settings'}</button>
        </div>
      )}
    </form>
  );
}
