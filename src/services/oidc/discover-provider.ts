import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { importJWK, type CryptoKey, type JWK, type JWSHeaderParameters, type KeyObject } from 'jose';
import * as client from 'openid-client';
import type { SecretBox } from '../../crypto/secret-box.js';
import { OidcLoginError, tokenInvalid } from './oidc-errors.js';
import type { OidcSettings } from './oidc-settings.js';
import { oidcTuning } from './oidc-tuning.js';
import { createProviderFetch, ProviderUnreachableError, type ProviderFetch } from './provider-fetch.js';
import { readTruststore } from './read-truststore.js';

/**
 * Discovery and JWKS of the configured issuer, fetched server-side and cached per service (spec §5.3 fixed: nothing
 * the client sends — `X-OPENID-CONFIGURATION` included — is ever used as configuration). The cache entry is keyed by
 * a fingerprint of the settings that matter, so a settings change takes effect at the next login. Failures are not
 * cached: when the provider is back, the next login works.
 */
export interface DiscoveredProvider {
  /** `issuer` of the discovery document: what the provider puts into `iss` (OIDC Discovery §4.3). */
  readonly issuer: string;
  readonly metadata: Readonly<client.ServerMetadata>;
  /** openid-client configuration (client authentication, custom fetch with the truststore, clock tolerance). */
  readonly config: client.Configuration;
  readonly fetch: ProviderFetch;
  readonly keys: JwksKeyStore;
  readonly loadedAt: number;
}

interface CacheEntry { readonly fingerprint: string; readonly provider: Promise<DiscoveredProvider>; loadedAt: number }

const cache = new Map<number, CacheEntry>();

export interface DiscoverOptions {
  readonly secrets: SecretBox;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
}

export async function discoverProvider(serviceId: number, settings: OidcSettings, opts: DiscoverOptions): Promise<DiscoveredProvider> {
  const fingerprint = settingsFingerprint(settings);
  const now = opts.now();
  const hit = cache.get(serviceId);
  if (hit !== undefined && hit.fingerprint === fingerprint && now - hit.loadedAt < oidcTuning.discoveryTtlMs) return hit.provider;
  const entry: CacheEntry = { fingerprint, provider: loadProvider(settings, opts), loadedAt: now };
  cache.set(serviceId, entry);
  try {
    return await entry.provider;
  } catch (err) {
    if (cache.get(serviceId) === entry) cache.delete(serviceId);
    throw err;
  }
}

/** Drops the cached provider of a service (settings saved, service deleted). */
export function forgetProvider(serviceId: number): void {
  cache.delete(serviceId);
}

function settingsFingerprint(s: OidcSettings): string {
  return createHash('sha256').update(JSON.stringify([
    s.issuer, s.clientId, s.sealedClientSecret, s.truststore ?? null, s.clockSkewSeconds, s.allowInsecureHttpIssuer,
  ])).digest('base64url');
}

async function loadProvider(settings: OidcSettings, opts: DiscoverOptions): Promise<DiscoveredProvider> {
  if (settings.allowInsecureHttpIssuer && settings.issuer.startsWith('http:')) {
    opts.log.warn({ issuer: settings.issuer }, 'INSECURE: OIDC issuer over plain http (iamOidcAllowInsecureHttpIssuer); never use this in production');
  }
  const ca = settings.truststore === undefined ? undefined : readTruststore(
    settings.truststore, undefined,
    settings.truststore.sealedPassword === '' ? '' : opts.secrets.decrypt(settings.truststore.sealedPassword),
  );
  const fetch = createProviderFetch({ ca, allowHttp: settings.allowInsecureHttpIssuer, timeoutMs: oidcTuning.providerTimeoutMs });
  const metadata = await fetchMetadata(settings, fetch);

  const secret = settings.sealedClientSecret === '' ? undefined : opts.secrets.decrypt(settings.sealedClientSecret);
  const config = new client.Configuration(metadata, settings.clientId, {
    ...(secret === undefined ? {} : { client_secret: secret }),
    [client.clockTolerance]: settings.clockSkewSeconds,
  }, clientAuthentication(metadata, secret));
  config[client.customFetch] = fetch as unknown as client.CustomFetch;
  config.timeout = Math.ceil(oidcTuning.providerTimeoutMs / 1000);
  if (settings.allowInsecureHttpIssuer) client.allowInsecureRequests(config);

  const jwksUri = metadata.jwks_uri;
  if (jwksUri === undefined) throw new OidcLoginError('SERVICE_MISCONFIGURED', 'the provider metadata has no jwks_uri: ID token signatures cannot be verified');
  const keys = new JwksKeyStore(jwksUri, fetch, opts.now);
  await keys.refresh();
  return { issuer: metadata.issuer, metadata, config, fetch, keys, loadedAt: opts.now() };
}

/** spec §1.1: `client_secret_basic` when advertised (or nothing is advertised: the OAuth default), else `client_secret_post`. */
function clientAuthentication(metadata: client.ServerMetadata, secret: string | undefined): client.ClientAuth {
  if (secret === undefined) return client.None();
  const methods = metadata.token_endpoint_auth_methods_supported;
  if (methods === undefined || methods.includes('client_secret_basic') || !methods.includes('client_secret_post')) return client.ClientSecretBasic(secret);
  return client.ClientSecretPost(secret);
}

async function fetchMetadata(settings: OidcSettings, fetch: ProviderFetch): Promise<client.ServerMetadata> {
  const url = `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (res.status !== 200) {
    throw new ProviderUnreachableError(`discovery at ${url} answered HTTP ${res.status}`);
  }
  let doc: unknown;
  try {
    doc = await res.json();
  } catch {
    throw new OidcLoginError('SERVICE_MISCONFIGURED', `discovery at ${url} did not answer JSON`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new OidcLoginError('SERVICE_MISCONFIGURED', `discovery at ${url} did not answer a JSON object`);
  const md = doc as Record<string, unknown>;
  if (typeof md.issuer !== 'string') throw new OidcLoginError('SERVICE_MISCONFIGURED', 'the provider metadata has no issuer');
  if (md.issuer.includes('{tenantid}')) {
    throw new OidcLoginError('SERVICE_MISCONFIGURED', 'multi-tenant issuer ({tenantid}): configure the tenant-specific URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0');
  }
  // OIDC Discovery §4.3: the issuer must be the configured one (JS7 since 2026-01 ignores an explicit :443).
  if (normalizeIssuer(md.issuer) !== normalizeIssuer(settings.issuer)) {
    throw new OidcLoginError('SERVICE_MISCONFIGURED', `the provider metadata names issuer ${md.issuer}, not the configured ${settings.issuer}`);
  }
  for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'end_session_endpoint']) {
    const v = md[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new OidcLoginError('SERVICE_MISCONFIGURED', `the provider metadata ${key} is not a string`);
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw new OidcLoginError('SERVICE_MISCONFIGURED', `the provider metadata ${key} is not a URL`);
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && settings.allowInsecureHttpIssuer)) {
      throw new OidcLoginError('SERVICE_MISCONFIGURED', `the provider metadata ${key} is not an https URL`);
    }
  }
  for (const key of ['token_endpoint', 'jwks_uri']) {
    if (md[key] === undefined) throw new OidcLoginError('SERVICE_MISCONFIGURED', `the provider metadata has no ${key}`);
  }
  return md as unknown as client.ServerMetadata;
}

export function normalizeIssuer(issuer: string): string {
  try {
    return new URL(issuer).href.replace(/\/$/, '');
  } catch {
    return issuer;
  }
}

// ---- JWKS ---------------------------------------------------------------------------------------------------------

/** Signature algorithms accepted for ID tokens: asymmetric only (never `none`, never HS*: spec §5.3 fixed). */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
export type AllowedAlgorithm = (typeof ALLOWED_ALGORITHMS)[number];

const EC_CURVE: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

export type VerificationKey = CryptoKey | KeyObject | Uint8Array;

/**
 * The provider's signing keys. A key is chosen by `kid` (and must fit the token's algorithm); an unknown `kid`
 * re-reads the JWKS at most every `oidcTuning.jwksMinRefreshMs`, so key rotation works and forged kids cannot make
 * Keyward hammer the provider.
 */
export class JwksKeyStore {
  private jwks: JWK[] = [];
  private lastFetch = 0;
  private inflight: Promise<void> | undefined;
  private readonly imported = new Map<string, VerificationKey>();

  constructor(private readonly jwksUri: string, private readonly fetch: ProviderFetch, private readonly now: () => number) {}

  get size(): number {
    return this.jwks.length;
  }

  async refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => { this.inflight = undefined; });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.lastFetch = this.now();
    const res = await this.fetch(this.jwksUri, { headers: { accept: 'application/jwk-set+json, application/json' } });
    if (res.status !== 200) throw new ProviderUnreachableError(`the JWKS at ${this.jwksUri} answered HTTP ${res.status}`);
    const doc = (await res.json().catch(() => undefined)) as { keys?: unknown } | undefined;
    if (doc === undefined || !Array.isArray(doc.keys)) throw new OidcLoginError('SERVICE_MISCONFIGURED', `the JWKS at ${this.jwksUri} has no "keys" list`);
    this.jwks = (doc.keys as unknown[]).filter((k): k is JWK => typeof k === 'object' && k !== null && typeof (k as JWK).kty === 'string').slice(0, 100);
    this.imported.clear();
  }

  /**
   * Resolves the verification key for a token header (the `getKey` of jose's jwtVerify). A cached key is returned
   * synchronously (no extra promise on the hot path: bench/oidc-id-token.ts); a miss goes to `importKeyFor`.
   */
  keyFor(header: JWSHeaderParameters): VerificationKey | Promise<VerificationKey> {
    const alg = header.alg;
    if (alg === undefined || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) throw tokenInvalid(`ID token algorithm ${String(alg)} is not allowed`);
    const cacheKey = `${header.kid ?? ''}\u0000${alg}`;
    const cached = this.imported.get(cacheKey);
    if (cached !== undefined) return cached;
    return this.importKeyFor(header.kid, alg, cacheKey);
  }

  private async importKeyFor(kid: string | undefined, alg: string, cacheKey: string): Promise<VerificationKey> {
    const header = { kid, alg };
    let jwk = this.select(header.kid, alg);
    if (jwk === undefined && this.now() - this.lastFetch >= oidcTuning.jwksMinRefreshMs) {
      await this.refresh();
      jwk = this.select(header.kid, alg);
    }
    if (jwk === undefined) {
      throw tokenInvalid(header.kid === undefined
        ? `ID token has no kid and the provider's JWKS has no single ${alg} key`
        : `unknown kid "${String(header.kid).slice(0, 100)}": no ${alg} key with this kid in the provider's JWKS`);
    }
    let key: VerificationKey;
    try {
      key = await importJWK(jwk, alg);
    } catch (err) {
      throw tokenInvalid(`the provider's key "${jwk.kid ?? ''}" cannot be used for ${alg}`, err);
    }
    this.imported.set(cacheKey, key);
    return key;
  }

  private select(kid: string | undefined, alg: string): JWK | undefined {
    const fits = (k: JWK): boolean => {
      if (k.use !== undefined && k.use !== 'sig') return false;
      if (k.key_ops !== undefined && !k.key_ops.includes('verify')) return false;
      if (k.alg !== undefined && k.alg !== alg) return false;
      if (alg.startsWith('ES')) return k.kty === 'EC' && k.crv === EC_CURVE[alg];
      return k.kty === 'RSA';
    };
    if (kid !== undefined) return this.jwks.find((k) => k.kid === kid && fits(k));
    const candidates = this.jwks.filter(fits);
    return candidates.length === 1 ? candidates[0] : undefined;
  }
}
