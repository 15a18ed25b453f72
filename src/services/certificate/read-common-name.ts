import type { X509Certificate } from 'node:crypto';
import { rejectCertificate, type CertificateRejection } from './certificate-rejection.js';

/**
 * The subject Common Name, which is the account name (seed 002: "an exact match of the CN is required"). Exactly one
 * non-empty CN: a subject with several CNs is ambiguous and refused rather than picking one.
 */
export function readCommonName(leaf: X509Certificate): { readonly ok: true; readonly commonName: string } | CertificateRejection {
  const subject = leaf.toLegacyObject().subject as unknown as Record<string, string | string[] | undefined> | undefined;
  const cn = subject?.CN;
  if (Array.isArray(cn)) return rejectCertificate('no-common-name', `the subject has ${cn.length} common names; exactly one is required`);
  if (cn === undefined || cn === '') return rejectCertificate('no-common-name', 'the subject has no common name (CN)');
  return { ok: true, commonName: cn };
}
