// The session survives a page reload through sessionStorage (per tab, cleared when the tab closes). Only the access
// token and what the login answer told us are kept; the password never is (issue 3: no "remember me" password).

export interface StoredSession {
  accessToken: string;
  account: string;
  /** "TYPE:name" as in the login answer. */
  identityService: string;
  roles: string[];
  idleTimeoutMs: number;
  forcePasswordChange: boolean;
  enableTouch: boolean;
}

const KEY = 'keyward.session';

export function saveSession(storage: Storage, session: StoredSession): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage): void {
  storage.removeItem(KEY);
}

export function loadSession(storage: Storage): StoredSession | null {
  const text = storage.getItem(KEY);
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<StoredSession>;
    if (typeof v.accessToken !== 'string' || v.accessToken === '' || typeof v.account !== 'string') return null;
    return {
      accessToken: v.accessToken,
      account: v.account,
      identityService: typeof v.identityService === 'string' ? v.identityService : '',
      roles: Array.isArray(v.roles) ? v.roles.filter((r): r is string => typeof r === 'string') : [],
      idleTimeoutMs: typeof v.idleTimeoutMs === 'number' && v.idleTimeoutMs > 0 ? v.idleTimeoutMs : 15 * 60_000,
      forcePasswordChange: v.forcePasswordChange === true,
      enableTouch: v.enableTouch !== false,
    };
  } catch {
    return null;
  }
}

/** "JOC:JOC-INITIAL" -> {type:"JOC", name:"JOC-INITIAL"}; a value without ":" is taken as the name. */
export function splitIdentityService(value: string): { type: string; name: string } {
  const i = value.indexOf(':');
  return i < 0 ? { type: '', name: value } : { type: value.slice(0, i), name: value.slice(i + 1) };
}

/** Login answer `role` is comma+space joined ("all, administrator"). */
export function splitRoles(role: string | undefined): string[] {
  return (role ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}
