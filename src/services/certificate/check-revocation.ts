import type { X509Certificate } from 'node:crypto';
import { rejectCertificate, type CertificateRejection } from './certificate-rejection.js';
import { oneLine } from './check-certificate-chain.js';
import type { CertificateRevocationList } from './parse-crl.js';

/** The configured CRLs as the trust store currently holds them, or why they cannot be used. */
export type RevocationLookup =
  | { readonly ok: true; crlOf(issuer: X509Certificate): CertificateRevocationList | undefined }
  | { readonly ok: false; readonly message: string };

/**
 * With KEYWARD_TLS_CLIENT_CRL set, every certificate of the chain is looked up in the CRL of its issuer. Fails
 * closed: the leaf's issuer must have a CRL, and a CRL past its nextUpdate (or a CRL file that cannot be read any
 * more) refuses the login ("revocation status unknown") instead of silently accepting revoked certificates.
 * Intermediates are checked when their issuer's CRL is configured. Without the setting nothing is checked.
 */
export function checkRevocation(
  chain: readonly X509Certificate[], lookup: RevocationLookup | undefined, now: number,
): { readonly ok: true } | CertificateRejection {
  if (lookup === undefined) return { ok: true };
  if (!lookup.ok) return rejectCertificate('revocation-unknown', lookup.message);
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i] as X509Certificate;
    const issuer = chain[i + 1] as X509Certificate;
    const crl = lookup.crlOf(issuer);
    const what = i === 0 ? 'certificate' : `issuing CA "${oneLine(cert.subject)}"`;
    if (crl === undefined) {
      if (i === 0) return rejectCertificate('revocation-unknown', `no CRL of "${oneLine(issuer.subject)}" is configured`);
      continue;
    }
    if (crl.nextUpdate !== undefined && now > crl.nextUpdate) {
      return rejectCertificate('revocation-unknown', `the CRL of "${oneLine(issuer.subject)}" is out of date (nextUpdate ${new Date(crl.nextUpdate).toISOString()})`);
    }
    if (crl.revokedSerials.has(normaliseSerial(cert.serialNumber))) {
      return rejectCertificate('revoked', `${what} serial ${cert.serialNumber} is revoked by "${oneLine(issuer.subject)}"`);
    }
  }
  return { ok: true };
}

function normaliseSerial(serial: string): string {
  const s = serial.toUpperCase().replace(/^0+/, '');
  return s === '' ? '0' : s;
}
