import type { FastifyInstance } from 'fastify';
import { recordChange, type AuditLogInput } from '../../../audit/record-change.js';
import { MANAGE_ACCOUNTS, VIEW_ACCOUNTS } from '../../../http/context.js';
import { defineRoute } from '../../../http/define-route.js';
import { delivered, iso, ok, sessionOf } from '../../../http/reply-helpers.js';
import { accountName, auditLog, bool, name, object } from '../../../http/schemas.js';
import { approveRegistrations } from '../approve-registrations.js';
import { deferRegistrations } from '../defer-registrations.js';
import { deleteRegistrations } from '../delete-registrations.js';
import { loadFidoService, type FidoDeps, type LoadedFidoService } from '../fido-deps.js';
import { findRegistration, listRegistrations, type FidoRegistration } from '../store/registrations.js';
import { fidoDepsOf, keyFacts, originSchema } from './fido-http.js';

const accountsSchema = { type: 'array', minItems: 1, maxItems: 1000, items: object({ accountName, origin: originSchema }, ['accountName']) } as const;

interface BulkBody { identityServiceName: string; accounts: { accountName: string }[]; auditLog?: AuditLogInput }

/** spec §1.10 FidoRegistration item, plus what the approval decision needs (model, flags). */
function toItem(serviceName: string, r: FidoRegistration): Record<string, unknown> {
  return {
    identityServiceName: serviceName, accountName: r.accountName, email: r.email, origin: r.key.origin,
    publicKey: r.key.publicKey, deferred: r.deferred, confirmed: r.confirmed, created: iso(r.createdAt),
    confirmedAt: r.confirmedAt === null ? undefined : iso(r.confirmedAt), ...keyFacts(r.key),
  };
}

/**
 * Approval by administrators (spec §1.10, seed "Approval flow"). Listing needs accounts:view; approve, defer and
 * delete need accounts:manage (spec §5.5: JS7 lets `view` approve).
 */
export function approvalRoutes(app: FastifyInstance): void {
  const deps: FidoDeps = fidoDepsOf(app);
  const load = (n: string): Promise<LoadedFidoService> => loadFidoService(deps, n, { mustBeEnabled: false });

  defineRoute<{ identityServiceName: string; accountName?: string; deferred?: boolean; confirmed?: boolean }>(app, {
    url: '/joc/api/iam/fidoregistrations', access: VIEW_ACCOUNTS, tags: ['fido'],
    summary: 'Pending registration requests of a FIDO service (filter by account, deferred, confirmed)',
    body: object({ identityServiceName: name, accountName, deferred: bool, confirmed: bool }, ['identityServiceName']),
  }, async (_request, body) => {
    const { service } = await load(body.identityServiceName);
    const rows = await listRegistrations(app.kw.store.db, service.id, body);
    return delivered({ fidoRegistrationItems: rows.map((r) => toItem(service.name, r)) });
  });

  defineRoute<{ identityServiceName: string; accountName: string }>(app, {
    url: '/joc/api/iam/fidoregistration', access: VIEW_ACCOUNTS, tags: ['fido'], summary: 'One pending registration request',
    body: object({ identityServiceName: name, accountName, origin: originSchema }, ['identityServiceName', 'accountName']),
  }, async (_request, body) => {
    const { service } = await load(body.identityServiceName);
    const r = await findRegistration(app.kw.store.db, service.id, body.accountName);
    return delivered(r === undefined ? {} : toItem(service.name, r));
  });

  const bulk = (path: string, summary: string, verb: string, run: (fido: LoadedFidoService, names: string[]) => Promise<void>): void => {
    defineRoute<BulkBody>(app, {
      url: `/joc/api/iam/fidoregistration/${path}`, access: MANAGE_ACCOUNTS, tags: ['fido'], summary,
      body: object({ identityServiceName: name, accounts: accountsSchema, auditLog }, ['identityServiceName', 'accounts']),
    }, async (request, body) => {
      const fido = await load(body.identityServiceName);
      const names = body.accounts.map((a) => a.accountName);
      await run(fido, names);
      await recordChange(app.kw.store, {
        account: sessionOf(request).accountName, request: request.url, now: app.kw.now(), auditLog: body.auditLog,
        summary: `${verb} FIDO registration request(s) of ${names.join(', ')} in ${fido.service.name}`, details: { accountNames: names },
      });
      return ok();
    });
  };
  bulk('approve', 'Approve requests: creates the accounts with their keys and mails "registration completed"; needs a confirmed e-mail unless the service says otherwise', 'approved', (f, n) => approveRegistrations(deps, f, n));
  bulk('deferr', 'Mark requests as deferred (informational; JS7 path spelling)', 'deferred', (f, n) => deferRegistrations(deps, f, n));
  bulk('delete', 'Delete requests', 'deleted', (f, n) => deleteRegistrations(deps, f, n));
}
