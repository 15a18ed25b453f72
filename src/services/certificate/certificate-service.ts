import { findAccount } from '../../store/index.js';
import type {
  AuthOutcome, IdentityServiceType, LoginInput, SecondFactorOutcome, ServiceContext,
} from '../identity-service-type.js';

/**
 * CERTIFICATE (seed 002, spec §3.4): the CA manages the accounts, Keyward their roles. No settings.
 *
 * The certificate arrives already verified (chain to KEYWARD_TLS_CLIENT_CA, validity, key usage, CRL:
 * verify-client-certificate.ts, run by the HTTP layer for the TLS handshake or a trusted proxy's header); a
 * certificate that failed arrives as the reason, which goes to the login history.
 *
 * - Single factor: the account is the subject CN, matched exactly; the login chain then requires the account to
 *   exist in this service, be enabled and have roles (perform-login.ts `resolveRoles`, `accountsInDatabase`).
 * - Second factor of a TWO-FACTOR service: the same request carries the certificate, and its CN must equal the
 *   first-factor account exactly (JS7 compares with the part before "@"; we do not — an LDAP account
 *   `alice@example.org` needs a certificate with that CN).
 */
export async function authenticateCertificate(input: LoginInput, _ctx: ServiceContext): Promise<AuthOutcome> {
  const presented = input.certificate;
  if (presented === undefined) return { ok: false, code: 'NO_CREDENTIALS', message: 'no client certificate presented' };
  if (!presented.ok) return { ok: false, code: 'CERTIFICATE_REJECTED', message: `certificate rejected: ${presented.reason}` };
  const cn = presented.cert.commonName;
  // spec §3.4: an account given along with the certificate must be the CN (a required CERTIFICATE service next to a
  // password service must not merge two different people into one session).
  const named = input.basic?.account;
  if (named !== undefined && named !== '' && named !== cn) {
    return { ok: false, code: 'CERTIFICATE_REJECTED', message: `certificate rejected: common name "${cn}" is not the account "${named}"` };
  }
  return { ok: true, account: cn };
}

export async function verifyCertificateSecondFactor(input: LoginInput, ctx: ServiceContext, firstAccount: string): Promise<SecondFactorOutcome> {
  const presented = input.certificate;
  // The certificate belongs to the same request (spec §1.1), so there is nothing to come back with later.
  if (presented === undefined) return { ok: false, code: 'SECOND_FACTOR_FAILED', message: 'no client certificate presented' };
  if (!presented.ok) return { ok: false, code: 'CERTIFICATE_REJECTED', message: `certificate rejected: ${presented.reason}` };
  const cn = presented.cert.commonName;
  if (cn !== firstAccount) {
    return { ok: false, code: 'SECOND_FACTOR_FAILED', message: `certificate rejected: common name "${cn}" is not the account "${firstAccount}"` };
  }
  // The second-factor service needs no account of its own; if it has one, disabling it revokes the factor.
  const account = await findAccount(ctx.store.db, ctx.service.id, cn);
  if (account?.disabled === true) return { ok: false, code: 'ACCOUNT_DISABLED', message: `account ${cn} is disabled in ${ctx.service.name}` };
  return { ok: true };
}

export const certificateService = {
  type: 'CERTIFICATE',
  credential: 'certificate',
  rolesFromDatabase: true,
  storesPasswords: false,
  accountsInDatabase: true,
  canBeSecondFactor: true,
  canBeRequired: true,
  authenticate: authenticateCertificate,
  verifySecondFactor: verifyCertificateSecondFactor,
} satisfies IdentityServiceType;
