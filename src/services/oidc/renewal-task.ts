import type { FastifyBaseLogger } from 'fastify';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { SessionManager } from '../../sessions/session-manager.js';
import { readServiceSettings } from '../../settings/service-settings.js';
import { listIdentityServices, type Store } from '../../store/index.js';
import { discoverProvider } from './discover-provider.js';
import { OidcLoginError, toOidcLoginError } from './oidc-errors.js';
import { readOidcSettings } from './oidc-settings.js';
import { claimRenewalLease, listRenewalCandidates, purgeOidcState, releaseRenewalLease, type RenewalCandidate } from './oidc-store.js';
import { oidcTuning } from './oidc-tuning.js';
import { renewTokens } from './renew-tokens.js';
import { parseSessionTokens } from './session-tokens.js';

export interface RenewalDeps {
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly sessions: SessionManager;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
}

export type RenewalResult = 'renewed' | 'ended' | 'retry' | 'skipped';

/**
 * Seed 003 "Renew Token": the tokens of OIDC sessions are renewed `oidcTuning.renewalLeadMs` (20 s) before they
 * expire; the session's `expiresAt` follows the token expiry. When the provider refuses the renewal (its session
 * ended, the grant was revoked) or returns no valid token, the Keyward session ends at once. A provider that cannot
 * be reached is retried until the tokens expire (then the session ends by its `expiresAt`). The idle timeout is not
 * touched here: it applies independently. Every instance runs this task; a lease per session in the database makes
 * one instance renew each session.
 */
export function startTokenRenewal(deps: RenewalDeps): { stop(): void } {
  let running = false;
  let ticks = 0;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    ticks += 1;
    void (async () => {
      try {
        await renewDueSessions(deps);
        if (ticks % 12 === 0) await purgeOidcState(deps.store.db, deps.now());
      } catch (err) {
        deps.log.warn({ err }, 'OIDC token renewal pass failed');
      } finally {
        running = false;
      }
    })();
  }, oidcTuning.renewalTickMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** One pass: every session whose tokens expire within the lead time. Returns what happened per session id. */
export async function renewDueSessions(deps: RenewalDeps): Promise<Map<string, RenewalResult>> {
  const now = deps.now();
  const services = (await listIdentityServices(deps.store.db)).filter((s) => s.type === 'OIDC' || s.type === 'OIDC-JOC');
  const results = new Map<string, RenewalResult>();
  const due = await listRenewalCandidates(deps.store.db, services.map((s) => s.id), now + oidcTuning.renewalLeadMs, now);
  for (const candidate of due) {
    const service = services.find((s) => s.id === candidate.serviceId);
    if (service === undefined) continue;
    results.set(candidate.id, await renewOne(deps, candidate, service.name));
  }
  return results;
}

async function renewOne(deps: RenewalDeps, candidate: RenewalCandidate, serviceName: string): Promise<RenewalResult> {
  if (candidate.data === null) return 'skipped';
  let all: Record<string, unknown>;
  try {
    all = JSON.parse(deps.secrets.decrypt(candidate.data)) as Record<string, unknown>;
  } catch {
    return 'skipped';
  }
  const tokens = parseSessionTokens(all[String(candidate.serviceId)]);
  // Without a refresh token (client-credential logins) the session simply ends when the token expires.
  if (tokens?.refreshToken === undefined) return 'skipped';
  const now = deps.now();
  if (!await claimRenewalLease(deps.store.db, candidate.id, now, now + oidcTuning.renewalLeaseMs)) return 'skipped';
  const log = deps.log.child({ identityService: serviceName, session: candidate.id, account: candidate.accountName });
  try {
    const settings = readOidcSettings(await readServiceSettings(deps.store, candidate.serviceId));
    if (settings === undefined) throw new OidcLoginError('SERVICE_MISCONFIGURED', 'the OIDC settings are gone');
    const provider = await discoverProvider(candidate.serviceId, settings, deps).catch((err: unknown) => { throw toOidcLoginError(err, 'provider discovery'); });
    const renewed = await renewTokens(provider, settings, tokens, now);
    all[String(candidate.serviceId)] = renewed;
    await deps.sessions.update({ id: candidate.id }, { data: deps.secrets.encrypt(JSON.stringify(all)), expiresAt: renewed.expiresAt });
    await releaseRenewalLease(deps.store.db, candidate.id);
    log.debug({ expiresAt: new Date(renewed.expiresAt).toISOString() }, 'OIDC tokens renewed');
    return 'renewed';
  } catch (err) {
    const e = toOidcLoginError(err, 'token renewal');
    if (e.code === 'SERVICE_UNAVAILABLE') {
      // Keep the lease until it runs out: the next attempt comes after it, while the tokens are still valid.
      log.warn({ reason: e.message }, 'OIDC token renewal failed; will retry until the tokens expire');
      return 'retry';
    }
    log.info({ reason: e.message }, 'OIDC token renewal refused: the session ends');
    await deps.sessions.end([candidate.id]);
    await releaseRenewalLease(deps.store.db, candidate.id);
    return 'ended';
  }
}
