// "Register Security Key" (seed 000 "Registration by Users"; spec §1.10, §1.13): account name and e-mail address,
// then navigator.credentials.create, then the pending request is stored and a confirmation link is mailed.
import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import { Dialog } from '../ui/dialog.js';
import { FormError, TextField } from '../ui/field.js';
import { validateAccountName, validateEmail } from '../validation/names.js';
import { createCredential, describeWebAuthnError, webAuthnAvailable } from './webauthn-json.js';

interface Props {
  api: ApiClient;
  serviceName: string;
  onClose(): void;
}

type Step = { kind: 'form' } | { kind: 'waiting-for-key' } | { kind: 'done'; email: string };

export function FidoRegistrationDialog({ api, serviceName, onClose }: Props) {
  const [account, setAccount] = useState('');
  const [email, setEmail] = useState('');
  const [accountError, setAccountError] = useState<string | null>(null);
  const [emailError, setEmailError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(webAuthnAvailable() ? null : 'This browser cannot use security keys here. Open Keyward over https (or http://localhost) in a current browser.');
  const [step, setStep] = useState<Step>({ kind: 'form' });

  const register = async (e: FormEvent) => {
    e.preventDefault();
    const a = validateAccountName(account);
    const m = email.trim() === '' ? 'Enter your e-mail address.' : validateEmail(email.trim());
    setAccountError(a);
    setEmailError(m);
    if (a || m) return;
    setError(null);
    const body = { identityServiceName: serviceName, accountName: account, email: email.trim() };
    try {
      const { options } = await api.call<{ options: Record<string, unknown> }>('/iam/fidoregistration/request_registration_start', body, { authenticated: false });
      setStep({ kind: 'waiting-for-key' });
      let credential: Record<string, unknown>;
      try {
        credential = await createCredential(options);
      } catch (err) {
        setStep({ kind: 'form' });
        setError(describeWebAuthnError(err));
        return;
      }
      await api.call('/iam/fidoregistration/request_registration', { ...body, credential }, { authenticated: false });
      setStep({ kind: 'done', email: body.email });
    } catch (err) {
      setStep({ kind: 'form' });
      setError(isApiError(err) ? err.message : String(err));
    }
  };

  const busy = step.kind === 'waiting-for-key';
  return (
    <Dialog title={`Register a security key for ${serviceName}`} open onClose={onClose} busy={busy} size="small">
      {step.kind === 'done' ? (
        <>
          <div className="dialog-content" role="status">
            <p><strong>Your registration was received.</strong></p>
            <p>
              We sent a confirmation link to <strong>{step.email}</strong>. Follow it to confirm your address — check that the
              link starts with <code>{window.location.origin}</code>. An administrator approves your registration afterwards and
              you get another mail; then sign in with “Continue with {serviceName}”.
            </p>
          </div>
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose} data-autofocus>Close</button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void register(e)} noValidate aria-label="Register a security key">
          <div className="dialog-content">
            <p className="muted">Have your security key ready. You register once per account and e-mail address; more keys can be added from your profile later.</p>
            <FormError message={error} />
            <TextField label="Account" name="fido-account" value={account} onChange={(v) => { setAccount(v); setAccountError(null); }} error={accountError}
              autoComplete="username" autoCapitalize="off" spellCheck={false} disabled={busy} />
            <TextField label="E-mail" name="fido-email" type="email" value={email} onChange={(v) => { setEmail(v); setEmailError(null); }} error={emailError}
              autoComplete="email" disabled={busy} />
            {busy ? <p role="status">Follow your browser's instructions: enter the key's PIN and touch the key.</p> : null}
          </div>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose} disabled={busy}>Cancel</button>
            <button type="submit" className="button button-primary" disabled={busy || !webAuthnAvailable()}>{busy ? 'Waiting for the key…' : 'Register security key'}</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** Asks for the account name when the FIDO service requires one at login (`iamFidoRequireAccount`). */
export function AccountPromptDialog({ serviceName, onDone }: { serviceName: string; onDone(account: string | null): void }) {
  const [account, setAccount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const a = validateAccountName(account);
    setError(a);
    if (!a) onDone(account);
  };
  return (
    <Dialog title={`Sign in with ${serviceName}`} open onClose={() => onDone(null)} size="small">
      <form onSubmit={submit} noValidate aria-label={`Account for ${serviceName}`}>
        <div className="dialog-content">
          <TextField label="Account" name="fido-login-account" value={account} onChange={setAccount} error={error} autoComplete="username webauthn" autoCapitalize="off" spellCheck={false} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => onDone(null)}>Cancel</button>
          <button type="submit" className="button button-primary">Continue</button>
        </div>
      </form>
    </Dialog>
  );
}
