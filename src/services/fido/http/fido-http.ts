import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadOrCreateSecretKey } from '../../../crypto/secret-box.js';
import { KeywardError, notFound } from '../../../errors/index.js';
import { MANAGE_ACCOUNTS, VIEW_ACCOUNTS } from '../../../http/context.js';
import type { Session } from '../../../sessions/session-manager.js';
import { findAccount, listIdentityServices, type Account, type IdentityService } from '../../../store/index.js';
import { authenticatorModel } from '../authenticator-models.js';
import type { FidoDeps } from '../fido-deps.js';
import { COSE_ALGORITHMS } from '../fido-settings.js';
import type { KeyMaterial } from '../store/key-material.js';

/** Schemas shared by the FIDO routes. WebAuthn JSON is shape-checked in parse-credential.ts (browsers add fields). */
export const emailSchema = { type: 'string', minLength: 3, maxLength: 320, pattern: '^[^<>\\s@]+@[^<>\\s@]+$' } as const;
export const credentialSchema = { type: 'object', maxProperties: 20 } as const;
export const originSchema = { type: 'string', maxLength: 2000 } as const;

/** The operations' dependencies from the app (mail is decorated by the mail capability, looked up when used). */
export function fidoDepsOf(app: FastifyInstance): FidoDeps {
  const kw = app.kw;
  return {
    store: kw.store, secrets: kw.secrets, now: kw.now, publicUrl: () => kw.publicUrl,
    mail: { enqueue: (db, purpose, mail) => app.keywardMail.enqueue(db, purpose, mail), kick: () => app.keywardMail.kick() },
  };
}

/** Key for decoy credential ids, derived from the instance secret (the same on every instance of a cluster). */
export function decoySecretOf(app: FastifyInstance): Buffer {
  return createHmac('sha256', loadOrCreateSecretKey(app.kw.config.secretKeyFile)).update('keyward fido decoy v1').digest();
}

/**
 * Whether the session belongs to `accountName` of this FIDO service: the service authenticated it, or it is the
 * second factor of the service that did (the session then names the first service).
 */
export async function isOwnAccount(app: FastifyInstance, session: Session, service: IdentityService, accountName: string): Promise<boolean> {
  const candidates = session.subjects.filter((s) => s.account === accountName);
  if (candidates.length === 0) return false;
  if (candidates.some((s) => s.serviceId === service.id)) return true;
  const services = await listIdentityServices(app.kw.store.db);
  return candidates.some((s) => services.find((x) => x.id === s.serviceId)?.secondFactorServiceId === service.id);
}

/**
 * The account whose keys a request touches: the caller's own account, or any account for holders of `permission`
 * (accounts:view to list, accounts:manage to change). Everybody else gets 403, whether or not the account exists.
 */
export async function keyOwner(app: FastifyInstance, session: Session, service: IdentityService, accountName: string, level: 'view' | 'manage'): Promise<{ account: Account; own: boolean }> {
  const own = await isOwnAccount(app, session, service, accountName);
  const permission = level === 'view' ? VIEW_ACCOUNTS.permission : MANAGE_ACCOUNTS.permission;
  if (!own && !session.permissions.isPermitted(permission)) {
    throw new KeywardError('KW_FORBIDDEN', `Access denied: only your own security keys, or with the permission ${permission}`);
  }
  const account = await findAccount(app.kw.store.db, service.id, accountName);
  if (account === undefined) throw notFound(`Account "${accountName}" in identity service "${service.name}"`, 'accountName');
  return { account, own };
}

/** What the views show about a key (never the private part — there is none — and no confirmation tokens). */
export function keyFacts(k: KeyMaterial): Record<string, unknown> {
  return {
    credentialId: k.credentialId, aaguid: k.aaguid, authenticatorModel: authenticatorModel(k.aaguid),
    algorithm: COSE_ALGORITHMS[k.algorithm] ?? String(k.algorithm), transports: k.transports,
    userVerified: k.userVerified, backupEligible: k.backupEligible, backedUp: k.backedUp, origin: k.origin, rpId: k.rpId,
  };
}
