import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/index.js';
import { createSecretBox, loadOrCreateSecretKey } from './crypto/secret-box.js';
import { capabilityRouteSets } from './http/capability-routes.js';
import { clientCertificateTrust } from './http/client-certificate.js';
import { createApp } from './http/create-app.js';
import './forward-auth/index.js';
import './services/all-service-types.js';
import { SessionManager } from './sessions/session-manager.js';
import { ensureInitialSetup } from './setup/initial-setup.js';
import { openStore } from './store/index.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly createdInitialSetup: boolean;
  close(): Promise<void>;
}

/** Opens the database, runs migrations and first-start setup, builds the app and listens. */
export async function startServer(config: Config, options: { now?: () => number; serveWeb?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  // Client CAs and CRLs are read once here, so a bad file stops the start instead of failing every certificate login.
  if (config.tlsClientCa.length > 0) clientCertificateTrust(config);
  const secrets = createSecretBox(loadOrCreateSecretKey(config.secretKeyFile));
  const store = await openStore(config.databaseUrl);
  const createdInitialSetup = await ensureInitialSetup(store, now());
  const sessions = new SessionManager(store, config.sessionCacheMs, now);
  // Listen before serving: a session cached before this instance hears about ends would miss its eviction.
  await store.listening();
  const https = tlsOptions(config);
  const app = await createApp({
    context: { config, store, secrets, sessions, now, publicUrl: config.publicUrl ?? '' },
    ...(https === undefined ? {} : { https }),
    extraRoutes: capabilityRouteSets(),
    ...(options.serveWeb === undefined ? {} : { serveWeb: options.serveWeb }),
    ...(options.logStream === undefined ? {} : { logStream: options.logStream }),
  });
  app.addHook('onClose', async () => { await store.close(); });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${https === undefined ? 'http' : 'https'}://${host}:${port}`;
  if (config.publicUrl === undefined) app.kw.publicUrl = url;
  // Fastify logged this line itself while it had the logger (http/logging.ts); operators look for it.
  app.kw.log.info(`Server listening at ${url}`);
  // Idle sessions are removed in the background; an expired session is refused (440) even before that.
  const purge = setInterval(() => { void sessions.purgeExpired().catch((err: unknown) => app.kw.log.warn({ err }, 'session purge failed')); }, 60_000);
  purge.unref();
  return {
    app, url, createdInitialSetup,
    close: async () => { clearInterval(purge); await app.close(); },
  };
}

function tlsOptions(config: Config): Record<string, unknown> | undefined {
  if (config.tlsPfx !== undefined) {
    return { pfx: readFileSync(config.tlsPfx), passphrase: config.tlsPfxPassword, minVersion: 'TLSv1.2', ...clientAuth(config) };
  }
  if (config.tlsCert !== undefined && config.tlsKey !== undefined) {
    return { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey), minVersion: 'TLSv1.2', ...clientAuth(config) };
  }
  return undefined;
}

function clientAuth(config: Config): Record<string, unknown> {
  if (config.tlsClientCa.length === 0) return {};
  return {
    ca: config.tlsClientCa.map((f) => readFileSync(f)),
    requestCert: true,
    // want: the handshake succeeds without a certificate so password users share the port (seed 002 wantClientAuth);
    // an unverified certificate is then refused by the CERTIFICATE service with its reason.
    rejectUnauthorized: config.tlsClientAuth === 'need',
  };
}
