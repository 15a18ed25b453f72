import type { FastifyBaseLogger } from 'fastify';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Account, IdentityService, ServiceType, Store } from '../store/index.js';
import type { LoginFailureCode } from '../login/login-failure.js';
import type { GlobalIamSettings } from '../settings/global-settings.js';

/**
 * The contract of an identity service type (design.md "Identity service modules"; Dex connectors in spirit).
 * Each type lives in `services/<type>/` and exports one object that `satisfies IdentityServiceType`; the registry
 * (`services/registry.ts`) maps type names to modules, so adding a type is one folder and one line.
 *
 * Rules every implementation follows:
 * - never touch HTTP objects; everything arrives in `LoginInput`;
 * - an unknown account and a wrong password produce the same failure code to the chain (`BAD_CREDENTIALS`), the
 *   detail goes to `message` (login history only, never to the client);
 * - a dependency that is down answers `SERVICE_UNAVAILABLE` with a clear message, never throws;
 * - `data` is opaque per-session state (tokens...) that is stored encrypted and never sent to clients.
 */
export interface IdentityServiceType {
  readonly type: ServiceType;
  /** Which first-factor credential the type consumes; requests carrying another kind skip it. */
  readonly credential: CredentialKind;
  /** true: roles are this service's role assignments in Keyward's database ("-JOC" variants, JOC, FIDO, CERTIFICATE). */
  readonly rolesFromDatabase: boolean;
  /** true: the type keeps passwords in Keyward's database (only JOC). */
  readonly storesPasswords: boolean;
  /** true: Keyward's database holds the account records (everything except LDAP/OIDC/KEYCLOAK/VAULT provider-role types). */
  readonly accountsInDatabase: boolean;
  /** May be the second factor of a TWO-FACTOR service (CERTIFICATE, FIDO). */
  readonly canBeSecondFactor: boolean;
  /** May be marked required (spec §1.4: OIDC services cannot). */
  readonly canBeRequired: boolean;
  /** Validates and normalises the service's settings document; throws KeywardError (KW_VALIDATION) on bad input. */
  readonly settings?: ServiceSettingsSpec;
  authenticate(input: LoginInput, ctx: ServiceContext): Promise<AuthOutcome>;
  /** Second-factor check for `firstAccount` (the account the first factor authenticated). */
  verifySecondFactor?(input: LoginInput, ctx: ServiceContext, firstAccount: string): Promise<SecondFactorOutcome>;
  /** Called when a session of this service ends (logout/cancel), e.g. to end the provider's session. */
  logout?(data: unknown, ctx: ServiceContext): Promise<void>;
  /** What the login page shows for an enabled service of this type (spec §1.3 `/iam/identityproviders`). */
  loginPageItem?(service: IdentityService, settings: unknown): LoginPageItem | undefined;
}

export interface LoginPageItem {
  readonly list: 'oidcServiceItems' | 'fidoServiceItems' | 'fido2ndFactorServiceItems';
  readonly item: Readonly<Record<string, unknown>>;
}

export type CredentialKind = 'password' | 'certificate' | 'fido' | 'oidc';

export interface ServiceSettingsSpec {
  /** Normalises a settings document from the API (applies defaults, validates). `previous` supplies unchanged secrets. */
  parse(input: unknown, previous: unknown, secrets: SecretBox): unknown;
  /** The document as the API returns it: secrets replaced by a marker, never in clear (spec §5.4 fixed). */
  redact(stored: unknown): unknown;
}

export interface VerifiedClientCertificate {
  /** Subject Common Name; only present for a certificate whose chain verified against the configured CAs. */
  readonly commonName: string;
  readonly fingerprint256: string;
  readonly serialNumber: string;
  readonly issuer: string;
}

export interface LoginInput {
  /** From `Authorization: Basic`. */
  readonly basic?: { readonly account: string; readonly password: string } | undefined;
  /** A client certificate, or the reason it was rejected by the TLS layer / verification. */
  readonly certificate?: { readonly ok: true; readonly cert: VerifiedClientCertificate } | { readonly ok: false; readonly reason: string } | undefined;
  /** Request body of the login call (FIDO assertion, OIDC code...). */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly callerIp: string;
  readonly origin?: string | undefined;
}

export interface ServiceContext {
  readonly service: IdentityService;
  /** The service's parsed settings document (undefined when none stored). */
  readonly settings: unknown;
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly globals: GlobalIamSettings;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
}

export type AuthOutcome =
  | {
      readonly ok: true;
      readonly account: string;
      /** Role names from the provider; ignored (roles come from the database) when `rolesFromDatabase`. */
      readonly providerRoles?: readonly string[];
      /** Absolute end of the session when an external token cannot be renewed beyond it. */
      readonly expiresAt?: number | undefined;
      readonly data?: unknown;
      /** Set when the account must change its password (JOC). */
      readonly forcePasswordChange?: boolean;
      /** The account record the type already read (types with accounts in the database), saving the chain a read. */
      readonly accountRecord?: Account;
    }
  | { readonly ok: false; readonly code: LoginFailureCode; readonly message: string };

export type SecondFactorOutcome =
  | { readonly ok: true }
  | { readonly ok: 'needed' }
  | { readonly ok: false; readonly code: LoginFailureCode; readonly message: string };
