// Login page built from `POST /iam/identityproviders` (spec §1.3): account/password form when a password service
// is enabled, "Continue with <name>" per OIDC/FIDO service, "Register Security Key" per FIDO service.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../api/api-error.js';
import { basicAuthorization } from '../api/basic-auth.js';
import { API_BASE, type ApiClient } from '../api/client.js';
import type { FidoProviderItem, IdentityProviders, LoginAnswer, OidcProviderItem } from '../api/types.js';
import { validateAccountName } from '../validation/names.js';
import { FormError, TextField } from '../ui/field.js';
import type { ExternalLoginContext, ExternalLoginResult } from './external-login.js';
import { completeFidoSecondFactor, startFidoLogin, startFidoRegistration } from './fido-login.js';
import { interpretLoginAnswer } from './login-outcome.js';
import { completeOidcLogin, startOidcLogin } from './oidc-login.js';
import { cookieLoginHeaders } from './return-to.js';

export interface LoginNotice {
  kind: 'expired' | 'signed-out' | 'error';
  text: string;
}

interface LoginPageProps {
  api: ApiClient;
  notice: LoginNotice | null;
  /** Account whose unsaved work is kept behind the login page (session expired). */
  resumeAccount?: string;
  /**
   * `rd` of the page URL: the login came from a protected application (return-to.ts). Logins then ask for the
   * session cookie, and `onLoggedIn` gets it back (for OIDC: the value kept across the provider round trip).
   */
  returnTo?: string | null;
  /** Called after a successful login; rejects with a message to show (e.g. permissions could not be loaded). */
  onLoggedIn(answer: LoginAnswer & { accessToken: string; sessionTimeout: number }, password: string | null, returnTo: string | null): Promise<void>;
}

export function LoginPage({ api, notice, resumeAccount, returnTo = null, onLoggedIn }: LoginPageProps) {
  const [providers, setProviders] = useState<IdentityProviders | null>(null);
  const [providersError, setProvidersError] = useState<string | null>(null);
  const [account, setAccount] = useState(resumeAccount ?? '');
  const [password, setPassword] = useState('');
  const [accountError, setAccountError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const accountRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ctx: ExternalLoginContext = { api, origin: window.location.origin, returnTo };

  useEffect(() => {
    let live = true;
    api.call<IdentityProviders>('/iam/identityproviders', {}, { authenticated: false }).then(
      (p) => live && setProviders(p),
      (err: unknown) => {
        if (!live) return;
        setProvidersError(isApiError(err) && err.kind === 'network' ? err.message : 'The sign-in options could not be loaded.');
        setProviders({ needAccountPassword: true, needLoginButton: true });
      },
    );
    void completeOidcLogin(new URL(window.location.href), ctx).then((r) => r && live && void handleExternal(r));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  useEffect(() => {
    if (providers?.needAccountPassword !== false) (resumeAccount ? passwordRef : accountRef).current?.focus();
  }, [providers, resumeAccount]);

  async function finish(answer: LoginAnswer, token: string, timeoutMs: number, pw: string | null, back: string | null) {
    try {
      await onLoggedIn({ ...answer, accessToken: token, sessionTimeout: timeoutMs }, pw, back);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  async function handleExternal(result: ExternalLoginResult) {
    if (result.kind === 'unavailable') setError(result.message);
    else if (result.kind === 'signed-in') {
      const token = result.answer.accessToken ?? '';
      await finish(result.answer, token, result.answer.sessionTimeout ?? 15 * 60_000, null, result.returnTo ?? returnTo);
    }
  }

  async function login(withPassword: boolean) {
    setError(null);
    let authorization: string | undefined;
    if (withPassword) {
      const aErr = validateAccountName(account);
      const pErr = password === '' ? 'Enter your password.' : null;
      setAccountError(aErr);
      setPasswordError(pErr);
      if (aErr) return accountRef.current?.focus();
      if (pErr) return passwordRef.current?.focus();
      authorization = basicAuthorization(account, password);
    }
    setBusy(true);
    try {
      const headers = { ...cookieLoginHeaders(returnTo), ...(authorization ? { Authorization: authorization } : {}) };
      const raw = await api.raw('/authentication/login', {}, { authenticated: false, headers });
      const outcome = interpretLoginAnswer(raw.status, raw.body, raw.headers);
      if (outcome.kind === 'failed') {
        setError(outcome.message);
        setPassword('');
        passwordRef.current?.focus();
      } else if (outcome.kind === 'second-factor') {
        await handleExternal(
          await completeFidoSecondFactor(
            { secondFactorService: outcome.secondFactorService, firstIdentityService: outcome.firstIdentityService, authorization: authorization ?? '' },
            ctx,
          ),
        );
      } else {
        await finish(outcome.answer, outcome.accessToken, outcome.sessionTimeoutMs, withPassword ? password : null, returnTo);
      }
    } catch (err) {
      setError(isApiError(err) ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void login(true);
  };

  const runExternal = async (start: () => Promise<ExternalLoginResult>) => {
    setError(null);
    setBusy(true);
    try {
      await handleExternal(await start());
    } finally {
      setBusy(false);
    }
  };

  const oidc: OidcProviderItem[] = providers?.oidcServiceItems ?? [];
  const fido: FidoProviderItem[] = providers?.fidoServiceItems ?? [];
  // Second-factor FIDO services cannot sign anybody in, but their users register keys here too.
  const fido2nd: FidoProviderItem[] = providers?.fido2ndFactorServiceItems ?? [];
  const showPasswordForm = providers !== null && providers.needAccountPassword !== false;
  const showCertificateButton = providers !== null && !showPasswordForm && providers.needLoginButton === true;

  return (
    <main className="login-page">
      <div className="login-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">K</span>
          <span>Keyward</span>
        </div>
        <h1>Sign in</h1>
        {notice ? (
          <div className={`banner banner-${notice.kind === 'error' ? 'error' : notice.kind === 'expired' ? 'warning' : 'info'}`} role="status" data-testid="login-notice">
            {notice.text}
            {resumeAccount && notice.kind === 'expired' ? ' Sign in again to continue; your unsaved changes are kept.' : ''}
          </div>
        ) : null}
        {returnTo ? (
          <p className="muted" data-testid="login-return-note">
            Sign in to continue to the application that sent you here.
          </p>
        ) : null}
        {providersError ? <div className="banner banner-warning">{providersError}</div> : null}
        <FormError message={error} />
        {providers === null ? <p role="status">Loading sign-in options…</p> : null}
        {showPasswordForm ? (
          <form onSubmit={onSubmit} noValidate aria-label="Sign in with account and password">
            <TextField
              label="Account"
              value={account}
              onChange={setAccount}
              error={accountError}
              autoComplete="username"
              name="account"
              ref={accountRef}
              autoCapitalize="off"
              spellCheck={false}
            />
            <TextField
              label="Password"
              type="password"
              value={password}
              onChange={setPassword}
              error={passwordError}
              autoComplete="current-password"
              name="password"
              ref={passwordRef}
            />
            <button type="submit" className="button button-primary button-block" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : null}
        {showCertificateButton ? (
          <button type="button" className="button button-primary button-block" disabled={busy} onClick={() => void login(false)}>
            Sign in with client certificate
          </button>
        ) : null}
        {oidc.length > 0 || fido.length > 0 || fido2nd.length > 0 ? (
          <div className="login-alternatives">
            {showPasswordForm ? <p className="divider"><span>or</span></p> : null}
            {oidc.map((p) => (
              <button key={`oidc-${p.identityServiceName}`} type="button" className="button button-block" disabled={busy} onClick={() => void runExternal(() => startOidcLogin(p, ctx))}>
                {p.iamIconUrl ? <img src={API_BASE + p.iamIconUrl} alt="" className="provider-icon" /> : null}
                Continue with {p.iamOidcName || p.identityServiceName}
              </button>
            ))}
            {fido.map((p) => (
              <div key={`fido-${p.identityServiceName}`} className="fido-option">
                <button type="button" className="button button-block" disabled={busy} onClick={() => void runExternal(() => startFidoLogin(p, ctx))}>
                  Continue with {p.identityServiceName}
                </button>
                <button type="button" className="link-button" disabled={busy} onClick={() => void runExternal(() => startFidoRegistration(p, ctx))}>
                  Register Security Key<span className="visually-hidden"> for {p.identityServiceName}</span>
                </button>
              </div>
            ))}
            {fido2nd.map((p) => (
              <button key={`fido2-${p.identityServiceName}`} type="button" className="link-button" disabled={busy} onClick={() => void runExternal(() => startFidoRegistration(p, ctx))}>
                Register Security Key<span className="visually-hidden"> for {p.identityServiceName}</span>
              </button>
            ))}
          </div>
        ) : null}
      </div>
    </main>
  );
}
