/** A small JSON client for API tests over real HTTP (undici fetch). */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(baseUrl: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; method?: string; rawBody?: string } = {}): Promise<ApiResponse<T>> {
  const res = await fetch(baseUrl + path, {
    method: opts.method ?? 'POST',
    headers: {
      ...(opts.method === 'GET' ? {} : { 'content-type': 'application/json' }),
      ...(opts.token === undefined ? {} : { 'x-access-token': opts.token }),
      ...opts.headers,
    },
    ...(opts.method === 'GET' ? {} : { body: opts.rawBody ?? JSON.stringify(opts.body ?? {}) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try { body = text === '' ? {} : JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, body: body as T };
}

export function basic(account: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${account}:${password}`, 'utf8').toString('base64')}` };
}

export async function login(baseUrl: string, account: string, password: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return call(baseUrl, '/joc/api/authentication/login', { headers: { ...basic(account, password), ...headers } });
}

/** Logs in as root/root on a fresh server, changes the password to `newPassword`, and returns a usable token. */
export async function rootSession(baseUrl: string, newPassword = 'root-Secret-1'): Promise<string> {
  let r = await login(baseUrl, 'root', 'root');
  if (r.status === 200 && r.body.forcePasswordChange === true) {
    const change = await call(baseUrl, '/joc/api/iam/account/changepassword', {
      token: String(r.body.accessToken),
      body: { identityServiceName: 'JOC-INITIAL', accountName: 'root', oldPassword: 'root', password: newPassword, repeatedPassword: newPassword },
    });
    if (change.status !== 200) throw new Error(`password change failed: ${JSON.stringify(change.body)}`);
    return String(r.body.accessToken);
  }
  r = await login(baseUrl, 'root', newPassword);
  if (r.status !== 200) throw new Error(`root login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return String(r.body.accessToken);
}
