/**
 * Every process-level setting of Keyward, with its environment variable, CLI flag, default and documentation, in
 * one table (style.md: "configuration with documented defaults in one place"). `keyward --help` and
 * docs/operations/configuration.md are generated from this table, so code and docs cannot drift apart.
 *
 * Everything an administrator changes at run time (identity services, accounts, roles, global settings) lives in
 * the database instead and is edited through the API.
 */
export interface SettingDefinition {
  /** Key in the Config object. */
  readonly key: string;
  readonly env: string;
  readonly flag: string;
  readonly doc: string;
  /** Shown in help; `undefined` means "not set". */
  readonly defaultText: string | undefined;
  readonly kind: 'string' | 'port' | 'integer' | 'boolean' | 'enum' | 'list';
  readonly values?: readonly string[];
}

export const SETTINGS = [
  { key: 'host', env: 'KEYWARD_HOST', flag: '--host', kind: 'string', defaultText: '127.0.0.1',
    doc: 'Address the HTTP(S) server listens on. Use 0.0.0.0 to listen on all interfaces.' },
  { key: 'port', env: 'KEYWARD_PORT', flag: '--port', kind: 'port', defaultText: '4446',
    doc: 'TCP port of the HTTP(S) server (0 picks a free port).' },
  { key: 'dataDir', env: 'KEYWARD_DATA_DIR', flag: '--data-dir', kind: 'string', defaultText: './data',
    doc: 'Directory for the embedded SQLite database and the generated secret key.' },
  { key: 'databaseUrl', env: 'KEYWARD_DATABASE_URL', flag: '--database-url', kind: 'string',
    defaultText: '<data dir>/keyward.sqlite',
    doc: 'Database: a SQLite file path (or sqlite:<path>), or postgres://user:pass@host:port/db for PostgreSQL (required for several instances).' },
  { key: 'secretKeyFile', env: 'KEYWARD_SECRET_KEY_FILE', flag: '--secret-key-file', kind: 'string',
    defaultText: '<data dir>/secret.key',
    doc: 'File with the 256-bit key that encrypts secrets at rest (LDAP system password, OIDC client secret, ...). Generated when absent. Every instance of a cluster needs the same key.' },
  { key: 'publicUrl', env: 'KEYWARD_PUBLIC_URL', flag: '--public-url', kind: 'string', defaultText: undefined,
    doc: 'The URL users reach Keyward at (base of links in e-mails and of login redirects). Defaults to the server\'s own URL.' },
  { key: 'logLevel', env: 'KEYWARD_LOG_LEVEL', flag: '--log-level', kind: 'enum', defaultText: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], doc: 'Level of the structured (pino) log on stdout; what each level holds: docs/operations/logging.md.' },
  { key: 'sessionCacheMs', env: 'KEYWARD_SESSION_CACHE_MS', flag: '--session-cache-ms', kind: 'integer', defaultText: '2000',
    doc: 'How long an instance may answer from its in-memory session cache before re-reading the session from the database. Revocations on the same instance and (on PostgreSQL) confirmed revocations from other instances take effect immediately; this is the upper bound if an instance does not confirm, and the longest a logout waits for it. 0 reads the database on every request.' },
  { key: 'registrationRateLimit', env: 'KEYWARD_REGISTRATION_RATE_LIMIT', flag: '--registration-rate-limit', kind: 'integer', defaultText: '30',
    doc: 'Requests per minute from one caller address that each public self-registration endpoint of the FIDO service (request_registration_start, request_registration, confirm) accepts on one instance; more are answered 429 with Retry-After. The address is the client\'s own, or the X-Forwarded-For address from a KEYWARD_TRUST_PROXY proxy; an IPv6 address counts as its /64 network. 0 turns the limit off.' },
  { key: 'trustProxy', env: 'KEYWARD_TRUST_PROXY', flag: '--trust-proxy', kind: 'list', defaultText: undefined,
    doc: 'Comma-separated addresses/CIDRs of reverse proxies whose X-Forwarded-For (and client-certificate header) are trusted.' },
  { key: 'tlsCert', env: 'KEYWARD_TLS_CERT', flag: '--tls-cert', kind: 'string', defaultText: undefined,
    doc: 'PEM file with the server certificate (chain). Enables HTTPS together with KEYWARD_TLS_KEY.' },
  { key: 'tlsKey', env: 'KEYWARD_TLS_KEY', flag: '--tls-key', kind: 'string', defaultText: undefined,
    doc: 'PEM file with the server private key.' },
  { key: 'tlsPfx', env: 'KEYWARD_TLS_PFX', flag: '--tls-pfx', kind: 'string', defaultText: undefined,
    doc: 'PKCS12 file with server certificate and key (instead of KEYWARD_TLS_CERT/KEYWARD_TLS_KEY).' },
  { key: 'tlsPfxPassword', env: 'KEYWARD_TLS_PFX_PASSWORD', flag: '--tls-pfx-password', kind: 'string', defaultText: undefined,
    doc: 'Password of the PKCS12 file.' },
  { key: 'tlsClientCa', env: 'KEYWARD_TLS_CLIENT_CA', flag: '--tls-client-ca', kind: 'list', defaultText: undefined,
    doc: 'Comma-separated PEM files with the CAs that issue client certificates (CERTIFICATE identity service).' },
  { key: 'tlsClientAuth', env: 'KEYWARD_TLS_CLIENT_AUTH', flag: '--tls-client-auth', kind: 'enum', values: ['want', 'need'],
    defaultText: 'want', doc: 'want: request a client certificate but accept connections without one; need: refuse connections without a valid one.' },
  { key: 'tlsClientCrl', env: 'KEYWARD_TLS_CLIENT_CRL', flag: '--tls-client-crl', kind: 'list', defaultText: undefined,
    doc: 'Comma-separated CRL files (PEM or DER), each issued by a CA of KEYWARD_TLS_CLIENT_CA. When set, a client certificate whose issuer has no current CRL is refused (fail closed). Re-read when a file changes.' },
  { key: 'tlsClientCertHeader', env: 'KEYWARD_TLS_CLIENT_CERT_HEADER', flag: '--tls-client-cert-header', kind: 'string', defaultText: undefined,
    doc: 'Request header in which a TLS-terminating proxy forwards the client certificate (URL-encoded PEM as nginx $ssl_client_escaped_cert, PEM, or base64 DER), e.g. X-SSL-Client-Cert. Read only from KEYWARD_TRUST_PROXY addresses and verified against KEYWARD_TLS_CLIENT_CA like a handshake certificate.' },
  { key: 'smtpUrl', env: 'KEYWARD_SMTP_URL', flag: '--smtp-url', kind: 'string', defaultText: undefined,
    doc: 'Default SMTP server for notification mails, e.g. smtp://user:pass@host:587 or smtps://host:465.' },
  { key: 'mailFrom', env: 'KEYWARD_MAIL_FROM', flag: '--mail-from', kind: 'string', defaultText: undefined,
    doc: 'Default sender address of notification mails.' },
  { key: 'authRules', env: 'KEYWARD_AUTH_RULES', flag: '--auth-rules', kind: 'string', defaultText: undefined,
    doc: 'YAML file with the forward-auth rules for /auth/verify (reloaded on change); see docs/protecting-apps.md. Without it, /auth/verify accepts any valid session.' },
  { key: 'permissionCatalogue', env: 'KEYWARD_PERMISSION_CATALOGUE', flag: '--permission-catalogue', kind: 'string', defaultText: undefined,
    doc: 'YAML file declaring the permission trees of applications other than JS7 (e.g. shop:orders:create), shown in the permission editor and usable in the forward-auth rules (reloaded on change).' },
  { key: 'cookieDomain', env: 'KEYWARD_COOKIE_DOMAIN', flag: '--cookie-domain', kind: 'string', defaultText: undefined,
    doc: 'Domain attribute of the browser session cookie (set at login on request, read only by /auth/verify), e.g. example.com so that apps on its subdomains receive it. Default: the host Keyward is reached at.' },
] as const satisfies readonly SettingDefinition[];
