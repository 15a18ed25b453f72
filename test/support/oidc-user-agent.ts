/**
 * A programmatic browser for oidc-provider's dev interactions (notes §3): follows redirects by hand, keeps a
 * path-aware cookie jar (the provider scopes its cookies to `/interaction/:uid` and `/auth/:uid`), fills the login
 * and consent forms, and stops at the relying party's redirect URI. Records which prompts were shown, so a test can
 * prove single sign-on (no prompt on the second login).
 */
interface Cookie { name: string; value: string; host: string; path: string; expires: number | undefined }

export class CookieJar {
  private cookies: Cookie[] = [];

  store(url: URL, setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq <= 0) continue;
      const cookie: Cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), host: url.hostname, path: defaultPath(url), expires: undefined };
      for (const attr of attrs) {
        const [k = '', v = ''] = attr.split('=').map((x) => x.trim());
        const key = k.toLowerCase();
        if (key === 'path' && v.startsWith('/')) cookie.path = v;
        if (key === 'expires') cookie.expires = Date.parse(v);
        if (key === 'max-age') cookie.expires = Date.now() + Number(v) * 1000;
      }
      this.cookies = this.cookies.filter((c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path));
      if (cookie.expires === undefined || cookie.expires > Date.now()) this.cookies.push(cookie);
    }
  }

  header(url: URL): string {
    const now = Date.now();
    return this.cookies
      .filter((c) => c.host === url.hostname && (c.expires === undefined || c.expires > now) && pathMatches(url.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`).join('; ');
  }

  clear(): void {
    this.cookies = [];
  }
}

function defaultPath(url: URL): string {
  const p = url.pathname;
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export interface AuthorizeResult {
  /** The redirect back to the relying party (carries code, state, iss). */
  readonly callback: URL;
  readonly prompts: readonly ('login' | 'consent')[];
}

export class OidcUserAgent {
  readonly jar = new CookieJar();

  constructor(private readonly redirectUris: readonly string[]) {}

  private async request(url: URL, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response> {
    const cookie = this.jar.header(url);
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...(cookie === '' ? {} : { cookie }), ...(init.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    this.jar.store(url, res.headers.getSetCookie());
    return res;
  }

  private isRedirectTarget(url: URL): boolean {
    return this.redirectUris.some((r) => {
      const target = new URL(r);
      return target.origin === url.origin && target.pathname === url.pathname;
    });
  }

  /**
   * Runs an authorization request as a user would: `login` is typed at the provider's login page when it asks
   * (`undefined`: fail if it asks, for SSO tests).
   */
  async authorize(authorizationUrl: string, opts: { login?: string | undefined } = {}): Promise<AuthorizeResult> {
    let current = new URL(authorizationUrl);
    const prompts: ('login' | 'consent')[] = [];
    for (let step = 0; step < 25; step++) {
      const res = await this.request(current);
      if (res.status >= 300 && res.status < 400) {
        const location = new URL(res.headers.get('location') ?? '', current);
        await res.arrayBuffer();
        if (this.isRedirectTarget(location)) return { callback: location, prompts };
        current = location;
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) throw new Error(`provider answered ${res.status} at ${current.pathname}: ${html.slice(0, 500)}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (action === undefined) throw new Error(`no form at ${current.pathname}: ${html.slice(0, 500)}`);
      const prompt = html.includes('name="prompt" value="login"') ? 'login' : 'consent';
      prompts.push(prompt);
      let body: URLSearchParams;
      if (prompt === 'login') {
        if (opts.login === undefined) throw new Error('the provider asked for a login (no single sign-on)');
        body = new URLSearchParams({ prompt: 'login', login: opts.login, password: 'any-password' });
      } else {
        body = new URLSearchParams({ prompt: 'consent' });
      }
      const post = await this.request(new URL(action.replace(/&amp;/g, '&'), current), { method: 'POST', body });
      await post.arrayBuffer();
      const next = post.headers.get('location');
      if (post.status < 300 || post.status >= 400 || next === null) throw new Error(`interaction POST answered ${post.status}`);
      current = new URL(next, current);
    }
    throw new Error('too many redirects');
  }

  /** RP-initiated logout in the "browser": opens the end-session URL and confirms "Yes, sign me out". */
  async logoutAtProvider(endSessionUrl: string): Promise<number> {
    const url = new URL(endSessionUrl);
    const res = await this.request(url);
    const html = await res.text();
    const action = /<form id="op.logoutForm"[^>]*action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    if (action === undefined || xsrf === undefined) throw new Error(`no logout form (${res.status}): ${html.slice(0, 300)}`);
    const confirm = await this.request(new URL(action, url), { method: 'POST', body: new URLSearchParams({ xsrf, logout: 'yes' }) });
    await confirm.arrayBuffer();
    return confirm.status;
  }
}
