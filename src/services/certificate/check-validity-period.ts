import type { X509Certificate } from 'node:crypto';
import { rejectCertificate, type CertificateRejection } from './certificate-rejection.js';
import { oneLine } from './check-certificate-chain.js';
import { readValidity } from './read-certificate-fields.js';

/**
 * notBefore ≤ now ≤ notAfter for every certificate of the chain (spec §3.4 checks the leaf; an expired issuing CA
 * fails too, as in TLS). `now` is Keyward's clock, so tests can freeze it.
 */
export function checkValidityPeriod(chain: readonly X509Certificate[], now: number): { readonly ok: true } | CertificateRejection {
  for (const [i, cert] of chain.entries()) {
    const { notBefore, notAfter } = readValidity(cert.raw);
    const what = i === 0 ? 'certificate' : `issuing CA "${oneLine(cert.subject)}"`;
    if (now > notAfter) return rejectCertificate('expired', `${what} expired at ${new Date(notAfter).toISOString()}`);
    if (now < notBefore) return rejectCertificate('not-yet-valid', `${what} is valid from ${new Date(notBefore).toISOString()}`);
  }
  return { ok: true };
}
