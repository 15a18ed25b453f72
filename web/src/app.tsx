// Session lifecycle of the console: login → (forced password change) → permissions → console; idle countdown and
// activity-driven touch (spec §4.2); 401/440 or countdown zero → login page with "Your session has expired".
// When a session expires the console stays mounted but hidden and inert, so open dialogs keep what was typed; if the
// same account signs in again it reappears as it was, another account gets a fresh console.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient } from './api/client.js';
import { isApiError } from './api/api-error.js';
import { hasPermission } from './api/permission-object.js';
import type { LoginAnswer, PermissionObject } from './api/types.js';
import { Shell } from './layout/shell.js';
import { LoginPage, type LoginNotice } from './login/login-page.js';
import { PasswordChangeDialog } from './login/password-change-dialog.js';
import { oidcEndSessionUrl } from './login/oidc-login.js';
import { leaveForApplication, readReturnTo } from './login/return-to.js';
import { navigate } from './router.js';
import { SessionContext, type ConsoleSession, type SessionApi } from './session/session-context.js';
import { clearSession, loadSession, saveSession, splitIdentityService, splitRoles, type StoredSession } from './session/session-storage.js';
import { createTouchThrottle } from './session/touch-throttle.js';
import { SuspendedContext } from './ui/dialog.js';
import { useToast } from './ui/toast.js';

type AppState =
  | { phase: 'restoring' }
  | { phase: 'returning' }
  | { phase: 'signed-out'; notice: LoginNotice | null }
  | { phase: 'password-change'; session: ConsoleSession }
  | { phase: 'active'; session: ConsoleSession; permissions: PermissionObject };

interface ShellMount {
  key: number;
  owner: string;
  resumeCount: number;
  session: ConsoleSession;
  permissions: PermissionObject;
}

const EXPIRED: LoginNotice = { kind: 'expired', text: 'Your session has expired.' };
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

function toConsoleSession(stored: StoredSession, expiresAt: number): ConsoleSession {
  const { type, name } = splitIdentityService(stored.identityService);
  return {
    account: stored.account,
    identityServiceType: type,
    identityServiceName: name,
    roles: stored.roles,
    idleTimeoutMs: stored.idleTimeoutMs,
    expiresAt,
    enableTouch: stored.enableTouch,
  };
}

const ownerOf = (s: ConsoleSession) => `${s.identityServiceName}\u0000${s.account}`;

export function App() {
  const toast = useToast();
  const tokenRef = useRef<string | null>(null);
  const loginPasswordRef = useRef<string | null>(null);
  // `?rd=` when a protected application sent the browser here (login/return-to.ts); read once, at start.
  const [returnTo] = useState(() => readReturnTo(window.location.search));
  // The `rd` of the login in progress, kept while a forced password change is pending.
  const pendingReturnRef = useRef<string | null>(null);
  const [state, setState] = useState<AppState>({ phase: 'restoring' });
  const [shell, setShellState] = useState<ShellMount | null>(null);
  const shellRef = useRef<ShellMount | null>(null);
  const setShell = useCallback((next: ShellMount | null) => {
    shellRef.current = next;
    setShellState(next);
  }, []);
  const endSessionRef = useRef<(notice: LoginNotice | null, keepShell: boolean) => void>(() => undefined);

  const api = useMemo(
    () => new ApiClient({ getToken: () => tokenRef.current, onSessionEnded: () => endSessionRef.current(EXPIRED, true) }),
    [],
  );

  const endSession = useCallback((notice: LoginNotice | null, keepShell: boolean) => {
    tokenRef.current = null;
    loginPasswordRef.current = null;
    pendingReturnRef.current = null;
    clearSession(window.sessionStorage);
    setState((s) => (s.phase === 'signed-out' ? s : { phase: 'signed-out', notice }));
    if (!keepShell) setShell(null);
  }, [setShell]);
  endSessionRef.current = endSession;

  const enterConsole = useCallback(
    async (session: ConsoleSession) => {
      let permissions: PermissionObject;
      try {
        permissions = await api.call<PermissionObject>('/authentication/joc_cockpit_permissions', {});
      } catch (err) {
        if (isApiError(err) && err.kind === 'session-ended') throw new Error('Your session has expired. Sign in again.');
        tokenRef.current = null;
        clearSession(window.sessionStorage);
        throw new Error(isApiError(err) ? `Your permissions could not be loaded: ${err.message}` : String(err));
      }
      setState({ phase: 'active', session, permissions });
      const prev = shellRef.current;
      if (prev && prev.owner === ownerOf(session)) {
        // Same account after an expired session: the kept console (and its open dialogs) comes back.
        setShell({ ...prev, session, permissions, resumeCount: prev.resumeCount + 1 });
        toast.info('Signed in again. Unsaved changes are still there — you can retry them now.');
        return;
      }
      // Another account gets a fresh console: nothing typed by the previous user is shown to it.
      if (prev) navigate('/', { replace: true });
      setShell({ key: (prev?.key ?? 0) + 1, owner: ownerOf(session), session, permissions, resumeCount: 0 });
    },
    [api, toast, setShell],
  );

  /** With `rd`: hand the browser to /auth/return (the server decides whether `rd` is safe) instead of the console. */
  const returnToApplication = useCallback((back: string | null): boolean => {
    if (!leaveForApplication(back, (url) => window.location.assign(url))) return false;
    setState({ phase: 'returning' });
    return true;
  }, []);

  const onLoggedIn = useCallback(
    async (answer: LoginAnswer & { accessToken: string; sessionTimeout: number }, password: string | null, back: string | null) => {
      const stored: StoredSession = {
        accessToken: answer.accessToken,
        account: answer.account ?? '',
        identityService: answer.identityService ?? '',
        roles: splitRoles(answer.role),
        idleTimeoutMs: answer.sessionTimeout,
        forcePasswordChange: answer.forcePasswordChange === true,
        enableTouch: answer.enableTouch !== false,
      };
      tokenRef.current = stored.accessToken;
      saveSession(window.sessionStorage, stored);
      const session = toConsoleSession(stored, Date.now() + stored.idleTimeoutMs);
      if (stored.forcePasswordChange) {
        loginPasswordRef.current = password;
        pendingReturnRef.current = back;
        setState({ phase: 'password-change', session });
        return;
      }
      if (returnToApplication(back)) return;
      await enterConsole(session);
    },
    [enterConsole, returnToApplication],
  );

  const logout = useCallback(async () => {
    const token = tokenRef.current;
    // OIDC sessions: the provider's browser session ends too (RP-initiated logout, login/oidc-login.ts).
    const providerLogout = token ? await oidcEndSessionUrl(api, window.location.origin) : null;
    if (token) {
      await api.call('/authentication/logout', {}).catch(() => undefined);
    }
    tokenRef.current = null;
    endSession({ kind: 'signed-out', text: 'You have signed out.' }, false);
    if (providerLogout) window.location.assign(providerLogout);
  }, [api, endSession]);

  // Restore a session kept in sessionStorage (page reload). A reload is a user action, so it touches once.
  useEffect(() => {
    const stored = loadSession(window.sessionStorage);
    // Coming from a protected application (`rd`): a login is needed to set its cookie, so a console session kept
    // in this tab is not restored; signing in replaces it.
    if (!stored || returnTo) {
      setState({ phase: 'signed-out', notice: null });
      return;
    }
    tokenRef.current = stored.accessToken;
    void (async () => {
      try {
        await api.call('/touch', {});
      } catch (err) {
        if (isApiError(err) && err.kind === 'session-ended') return; // already on the login page
        setState({ phase: 'signed-out', notice: { kind: 'error', text: isApiError(err) ? err.message : String(err) } });
        return;
      }
      const session = toConsoleSession(stored, Date.now() + stored.idleTimeoutMs);
      if (stored.forcePasswordChange) {
        setState({ phase: 'password-change', session });
        return;
      }
      try {
        await enterConsole(session);
      } catch (err) {
        setState({ phase: 'signed-out', notice: { kind: 'error', text: err instanceof Error ? err.message : String(err) } });
      }
    })();
  }, [api, enterConsole, returnTo]);

  const current = state.phase === 'active' || state.phase === 'password-change' ? state.session : null;

  // Idle countdown reaching zero ends the session (the server would answer 440 from now on).
  useEffect(() => {
    if (!current) return;
    const delay = Math.max(0, current.expiresAt - Date.now()) + 200;
    const timer = window.setTimeout(() => {
      if (Date.now() < current.expiresAt) return;
      void api.call('/authentication/logout', {}).catch(() => undefined);
      endSession(EXPIRED, true);
    }, delay);
    return () => window.clearTimeout(timer);
  }, [api, current, endSession]);

  const onTouched = useCallback((at: number) => {
    setState((s) =>
      s.phase === 'active' || s.phase === 'password-change' ? { ...s, session: { ...s.session, expiresAt: at + s.session.idleTimeoutMs } } : s,
    );
  }, []);

  const sessionToken = current ? tokenRef.current : null;
  const throttle = useMemo(() => {
    if (!sessionToken || !current) return null;
    return createTouchThrottle({
      idleTimeoutMs: current.idleTimeoutMs,
      lastTouchAt: Date.now(),
      now: () => Date.now(),
      touch: () => api.call('/touch', {}).then(() => true, () => false),
      onTouched,
    });
    // A new throttle per session token only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionToken, api, onTouched]);

  // Real user activity touches the session (throttled); no timer ever does.
  useEffect(() => {
    if (!throttle || !current?.enableTouch) return;
    const onActivity = () => throttle.onActivity();
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, onActivity, { capture: true, passive: true });
    return () => {
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, onActivity, { capture: true });
    };
  }, [throttle, current?.enableTouch]);

  const active = state.phase === 'active';
  const sessionApi = useMemo<SessionApi | null>(() => {
    const session = active ? state.session : shell?.session;
    const permissions = active ? state.permissions : shell?.permissions;
    if (!session || !permissions) return null;
    return {
      api,
      session,
      permissions,
      can: (path) => hasPermission(permissions, path),
      logout,
      touchNow: () => throttle?.touchNow(),
      resumeCount: shell?.resumeCount ?? 0,
    };
  }, [active, state, shell, api, logout, throttle]);

  const signedOut = state.phase === 'signed-out' || state.phase === 'password-change';

  return (
    <>
      {shell && sessionApi ? (
        <SuspendedContext.Provider value={!active}>
          <SessionContext.Provider value={sessionApi}>
            <div className="app-root" hidden={!active} inert={!active}>
              <Shell key={shell.key} />
            </div>
          </SessionContext.Provider>
        </SuspendedContext.Provider>
      ) : null}
      {state.phase === 'restoring' ? (
        <div className="splash" role="status">
          Loading Keyward…
        </div>
      ) : null}
      {state.phase === 'returning' ? (
        <div className="splash" role="status">
          Signed in. Returning to the application…
        </div>
      ) : null}
      {signedOut ? (
        <LoginPage
          api={api}
          notice={state.phase === 'signed-out' ? state.notice : null}
          resumeAccount={shell?.session.account}
          returnTo={returnTo}
          onLoggedIn={onLoggedIn}
        />
      ) : null}
      {state.phase === 'password-change' ? (
        <PasswordChangeDialog
          api={api}
          open
          forced
          accountName={state.session.account}
          identityServiceName={state.session.identityServiceName}
          knownOldPassword={loginPasswordRef.current}
          onCancel={() => void logout()}
          onDone={() => {
            loginPasswordRef.current = null;
            const stored = loadSession(window.sessionStorage);
            if (stored) saveSession(window.sessionStorage, { ...stored, forcePasswordChange: false });
            toast.success('Your password has been changed.');
            const back = pendingReturnRef.current;
            pendingReturnRef.current = null;
            if (returnToApplication(back)) return;
            void enterConsole(state.session).catch((err: unknown) =>
              setState({ phase: 'signed-out', notice: { kind: 'error', text: err instanceof Error ? err.message : String(err) } }),
            );
          }}
        />
      ) : null}
    </>
  );
}
