import type { SecretBox } from '../../crypto/secret-box.js';
import { KeywardError, notFound } from '../../errors/index.js';
import type { MailFacade } from '../../mail/mail-facade.js';
import { readServiceSettings } from '../../settings/service-settings.js';
import { findIdentityService, type IdentityService, type Store } from '../../store/index.js';
import { storedFidoSettings, type FidoSettings } from './fido-settings.js';
import { resolveFidoPolicy, type FidoPolicy } from './resolve-fido-policy.js';

/** What the FIDO operations need; routes build it from `app.kw` (operations never see HTTP objects). */
export interface FidoDeps {
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly now: () => number;
  /** Base of links in mails and default relying party: KEYWARD_PUBLIC_URL or the server's own URL. */
  readonly publicUrl: () => string;
  readonly mail: Pick<MailFacade, 'enqueue' | 'kick'>;
}

export interface LoadedFidoService {
  readonly service: IdentityService;
  readonly settings: FidoSettings;
  readonly policy: FidoPolicy;
}

/**
 * The FIDO service named by a request, with its settings and WebAuthn policy. Public ceremonies (registration,
 * login) need the service to be enabled; administration works on disabled services too.
 */
export async function loadFidoService(deps: FidoDeps, name: string, opts: { mustBeEnabled: boolean }): Promise<LoadedFidoService> {
  const service = await findIdentityService(deps.store.db, name);
  if (service === undefined || service.type !== 'FIDO') throw notFound(`FIDO identity service "${name}"`, 'identityServiceName');
  if (opts.mustBeEnabled && service.disabled) throw new KeywardError('KW_CONFLICT', `The identity service "${name}" is disabled`, { field: 'identityServiceName' });
  const settings = storedFidoSettings(await readServiceSettings(deps.store, service.id));
  const resolved = resolveFidoPolicy(settings, deps.publicUrl());
  if (!resolved.ok) throw new KeywardError('KW_CONFLICT', `The identity service "${name}" is not usable: ${resolved.message}`);
  return { service, settings, policy: resolved.policy };
}

/** Public base URL without trailing slash. */
export function baseUrl(deps: Pick<FidoDeps, 'publicUrl'>): string {
  return deps.publicUrl().replace(/\/+$/, '');
}
