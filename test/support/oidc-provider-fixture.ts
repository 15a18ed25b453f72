import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, exportSPKI, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider for tests: oidc-provider 9 (a certified implementation) on loopback, configured the way
 * Keycloak behaves by default (notes §3, §8):
 * - an RS256 key (`rs1`) and an ES256 key (`ec1`); client `keyward` gets RS256 ID tokens, `keyward-es` ES256;
 * - introspection, revocation, userinfo, RP-initiated logout, the claims parameter, client credentials;
 * - profile/email/groups claims in the ID token too (`conformIdTokenClaims: false`, as Keycloak does);
 * - a refresh token with every code grant, bound to the provider session (`issueRefreshToken`; the oidc-provider
 *   default needs `offline_access` + `prompt=consent`, whose tokens outlive the provider session — not what the seed
 *   describes). Ending the provider session (RP-initiated logout) makes refreshes fail, as in Keycloak;
 * - batch client `batch` (client_credentials) gets JWT access tokens for the resource `urn:keyward:api` (RFC 9068);
 * - short token lifetimes on request (`tokenTtlSeconds`) for renewal tests.
 *
 * Test hooks: `interceptNext(path, fn)` rewrites the next JSON answer of an endpoint (a token endpoint stand-in for
 * forged ID tokens, an introspection that says `active:false`, a userinfo answer naming someone else); `forge()`
 * builds the forged tokens; `requests` counts calls per path; `stop()`/`start()` make the provider unreachable and
 * bring it back on the same port.
 */
export interface FixtureClient {
  readonly client_id: string;
  readonly client_secret: string;
  readonly [key: string]: unknown;
}

export interface OidcProviderFixtureOptions {
  /** accountId (the login typed at the provider) → claims. */
  readonly accounts?: Record<string, Record<string, unknown>>;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
  /** Lifetime of access and ID tokens (default 600 s). */
  readonly tokenTtlSeconds?: number;
  readonly port?: number;
}

export type ForgeSigning = 'rs256' | 'es256' | 'none' | 'hs256-with-rsa-public-key' | 'bad-signature' | 'unknown-kid' | 'attacker-key-real-kid';

export interface ForgeSpec {
  readonly claims?: Record<string, unknown>;
  readonly sign: ForgeSigning;
}

export const DEFAULT_ACCOUNTS: Record<string, Record<string, unknown>> = {
  alice: { email: 'alice@example.org', email_verified: true, preferred_username: 'alice', name: 'Alice', groups: ['js7-admins', 'staff'] },
  bob: { email: 'bob@example.org', email_verified: true, preferred_username: 'bob', name: 'Bob', groups: ['staff'] },
  carol: { email: 'carol@example.org', email_verified: true, preferred_username: 'carol', name: 'Carol', groups: [] },
};

export const CLIENT_SECRET = 'keyward-rp-secret-0123456789abcdef';
export const BATCH_SECRET = 'batch-secret-0123456789abcdef0123';
export const API_RESOURCE = 'urn:keyward:api';

type Intercept = (body: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

export class OidcProviderFixture {
  readonly requests = new Map<string, number>();
  /** Successful token grants in order (`authorization_code`, `refresh_token`, `client_credentials`) with their time. */
  readonly grants: { readonly type: string; readonly clientId: string; readonly at: number }[] = [];
  private readonly intercepts = new Map<string, Intercept>();
  private readonly sockets = new Set<Socket>();
  private server: http.Server | undefined;

  private constructor(
    readonly issuer: string,
    readonly port: number,
    readonly provider: Provider,
    private readonly keys: { rsa: CryptoKey; ec: CryptoKey; rsaPublicPem: string },
  ) {}

  static async start(options: OidcProviderFixtureOptions): Promise<OidcProviderFixture> {
    const port = options.port ?? await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const ttl = options.tokenTtlSeconds ?? 600;
    const accounts = options.accounts ?? DEFAULT_ACCOUNTS;

    const rsa = await generateKeyPair('RS256', { extractable: true });
    const ec = await generateKeyPair('ES256', { extractable: true });
    const rsaJwk: JWK = { ...(await exportJWK(rsa.privateKey)), kid: 'rs1', alg: 'RS256', use: 'sig' };
    const ecJwk: JWK = { ...(await exportJWK(ec.privateKey)), kid: 'ec1', alg: 'ES256', use: 'sig' };
    const rsaPublicPem = await exportSPKI(rsa.publicKey);

    const rp = {
      client_secret: CLIENT_SECRET,
      redirect_uris: [...options.redirectUris],
      post_logout_redirect_uris: [...(options.postLogoutRedirectUris ?? [])],
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
    };
    const provider = new Provider(issuer, {
      clients: [
        { ...rp, client_id: 'keyward' },
        { ...rp, client_id: 'keyward-es', id_token_signed_response_alg: 'ES256' },
        { client_id: 'batch', client_secret: BATCH_SECRET, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic' },
      ],
      jwks: { keys: [rsaJwk, ecJwk] },
      cookies: { keys: ['fixture-cookie-key-0123456789'] },
      pkce: { required: () => true },
      scopes: ['openid', 'offline_access', 'email', 'profile', 'groups', 'api'],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'], groups: ['groups'] },
      conformIdTokenClaims: false,
      issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
      features: {
        devInteractions: { enabled: true },
        introspection: { enabled: true },
        revocation: { enabled: true },
        userinfo: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        claimsParameter: { enabled: true },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: async (_ctx: unknown, client: { clientId: string }) => (client.clientId === 'batch' ? API_RESOURCE : undefined),
          useGrantedResource: async () => true,
          getResourceServerInfo: async () => ({ scope: 'api', audience: API_RESOURCE, accessTokenFormat: 'jwt', accessTokenTTL: ttl, jwt: { sign: { alg: 'RS256' } } }),
        },
      },
      extraTokenClaims: async (_ctx: unknown, token: { kind: string; clientId?: string }) => (token.kind === 'ClientCredentials' ? { groups: ['batch-jobs'] } : undefined),
      ttl: { AccessToken: ttl, IdToken: ttl, ClientCredentials: ttl, RefreshToken: 3600, Session: 3600, Grant: 3600, Interaction: 600, AuthorizationCode: 60 },
      findAccount: async (_ctx: unknown, id: string) => {
        const claims = accounts[id];
        return claims === undefined ? undefined : { accountId: id, claims: async () => ({ sub: id, ...claims }) };
      },
    });

    const fixture = new OidcProviderFixture(issuer, port, provider, { rsa: rsa.privateKey, ec: ec.privateKey, rsaPublicPem });
    provider.on('grant.success', (...args: unknown[]) => {
      const ctx = args[0] as { oidc: { params?: { grant_type?: string }; client?: { clientId: string } } };
      fixture.grants.push({ type: ctx.oidc.params?.grant_type ?? '?', clientId: ctx.oidc.client?.clientId ?? '?', at: Date.now() });
    });
    provider.use(async (ctx, next) => {
      fixture.requests.set(ctx.path, (fixture.requests.get(ctx.path) ?? 0) + 1);
      await next();
      const hook = fixture.intercepts.get(ctx.path);
      if (hook !== undefined && ctx.status === 200 && typeof ctx.body === 'object' && ctx.body !== null) {
        fixture.intercepts.delete(ctx.path);
        ctx.body = await hook(ctx.body as Record<string, unknown>);
      }
    });
    await fixture.listen();
    return fixture;
  }

  get rsaPublicKeyPem(): string {
    return this.keys.rsaPublicPem;
  }

  count(path: string): number {
    return this.requests.get(path) ?? 0;
  }

  /** The next 200 JSON answer of `path` (`/token`, `/token/introspection`, `/me`) goes through `fn`. */
  interceptNext(path: string, fn: Intercept): void {
    this.intercepts.set(path, fn);
  }

  clearIntercepts(): void {
    this.intercepts.clear();
  }

  /** Rewrites the ID token of the next token answer with `spec` (the token endpoint stand-in). */
  forgeNextIdToken(spec: ForgeSpec): void {
    this.interceptNext('/token', async (body) => ({ ...body, id_token: await this.forge(String(body.id_token), spec) }));
  }

  /** A token built from `original` with patched claims and the given (mis)signing. */
  async forge(original: string, spec: ForgeSpec): Promise<string> {
    const payload = { ...decodeJwt(original), ...(spec.claims ?? {}) };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete (payload as Record<string, unknown>)[k];
    const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    switch (spec.sign) {
      case 'rs256':
        return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'rs1' }).sign(this.keys.rsa);
      case 'es256':
        return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: 'ec1' }).sign(this.keys.ec);
      case 'none':
        return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
      case 'hs256-with-rsa-public-key': {
        const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'rs1' })}.${b64(payload)}`;
        return `${input}.${createHmac('sha256', this.keys.rsaPublicPem).update(input).digest('base64url')}`;
      }
      case 'bad-signature': {
        // The real header and signature with a changed payload.
        const [header, , signature] = original.split('.');
        return `${header ?? ''}.${b64(payload)}.${signature ?? ''}`;
      }
      case 'unknown-kid':
        return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'attacker-kid' }).sign(attackerKey());
      case 'attacker-key-real-kid':
        return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(original).kid ?? 'rs1' }).sign(attackerKey());
    }
  }

  /** RFC 7662 introspection as the `keyward` client (tests check that a token was revoked). */
  async introspect(token: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.issuer}/token/introspection`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`keyward:${CLIENT_SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    return (await res.json()) as Record<string, unknown>;
  }

  /** A CLIENT-CREDENTIAL token of the `batch` client (a JWT access token for `urn:keyward:api`). */
  async clientCredentialsToken(): Promise<string> {
    const res = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`batch:${BATCH_SECRET}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource: API_RESOURCE }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (res.status !== 200 || body.access_token === undefined) throw new Error(`client_credentials failed: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }

  /** Makes the provider unreachable (connection refused), keeping its state for `start()`. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      server.closeAllConnections();
    });
  }

  async start(): Promise<void> {
    if (this.server === undefined) await this.listen();
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private async listen(): Promise<void> {
    const server = http.createServer(this.provider.callback());
    server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }
}

let attacker: KeyObject | undefined;
function attackerKey(): KeyObject {
  attacker ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return attacker;
}

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
