// The page behind the link in the FIDO confirmation mail (`/email_verify?token=…`; JS7's `#/email_verify?token=…`
// works too). It does not confirm on load: mail scanners open links, and only a person should confirm, so the
// token is sent by the button (POST /iam/fidoregistration/confirm).
import { useMemo, useState } from 'react';
import { isApiError } from '../api/api-error.js';
import { ApiClient } from '../api/client.js';
import { FormError } from '../ui/field.js';

/** The confirmation token when the current URL is the confirmation page, else null. */
export function emailVerifyToken(location: Pick<Location, 'pathname' | 'search' | 'hash'>): string | null {
  if (location.pathname.replace(/\/+$/, '') === '/email_verify') return new URLSearchParams(location.search).get('token') ?? '';
  const hash = /^#\/email_verify(?:\?(.*))?$/.exec(location.hash);
  return hash ? new URLSearchParams(hash[1] ?? '').get('token') ?? '' : null;
}

export function EmailVerifyPage({ token }: { token: string }) {
  const api = useMemo(() => new ApiClient({ getToken: () => null, onSessionEnded: () => undefined }), []);
  const [state, setState] = useState<{ kind: 'ready' | 'busy' } | { kind: 'done'; account: string; service: string } | { kind: 'failed'; message: string }>(
    token ? { kind: 'ready' } : { kind: 'failed', message: 'The link is incomplete: it carries no confirmation token. Open the link from the mail again.' },
  );

  const confirm = async () => {
    setState({ kind: 'busy' });
    try {
      const r = await api.call<{ accountName: string; identityServiceName: string }>('/iam/fidoregistration/confirm', { token }, { authenticated: false });
      // The token must not stay in the address bar or the history.
      window.history.replaceState(null, '', '/email_verify');
      setState({ kind: 'done', account: r.accountName, service: r.identityServiceName });
    } catch (err) {
      setState({ kind: 'failed', message: isApiError(err) ? err.message : String(err) });
    }
  };

  return (
    <main className="login-page">
      <div className="login-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">K</span>
          <span>Keyward</span>
        </div>
        <h1>Confirm your e-mail address</h1>
        {state.kind === 'done' ? (
          <div role="status">
            <p>
              Thank you. The e-mail address of <strong>{state.account}</strong> is confirmed for {state.service}.
            </p>
            <p>An administrator approves your registration next; you will get a mail when you can sign in.</p>
            <a className="button button-block" href="/">Go to sign in</a>
          </div>
        ) : (
          <>
            <FormError message={state.kind === 'failed' ? state.message : null} />
            <p>You registered a security key with Keyward at <code>{window.location.origin}</code> and gave this e-mail address.</p>
            <p className="muted">If you did not register, close this page and tell your administrator.</p>
            <button type="button" className="button button-primary button-block" disabled={state.kind === 'busy' || !token} onClick={() => void confirm()}>
              {state.kind === 'busy' ? 'Confirming…' : 'Confirm e-mail address'}
            </button>
          </>
        )}
      </div>
    </main>
  );
}
