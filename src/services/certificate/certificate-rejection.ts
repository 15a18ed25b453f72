/**
 * Why a client certificate was refused, one reason per check (verify-client-certificate.ts). The label starts the
 * message recorded in the login history ("certificate rejected: expired: ..."), so an administrator can filter on
 * it; the client itself only ever hears "Access denied" (spec §1.1).
 */
export const CERTIFICATE_REJECTIONS = {
  'untrusted-issuer': 'untrusted issuer',
  expired: 'expired',
  'not-yet-valid': 'not yet valid',
  'wrong-usage': 'wrong usage',
  revoked: 'revoked',
  'revocation-unknown': 'revocation status unknown',
  'no-common-name': 'no common name',
  malformed: 'malformed certificate',
} as const;

export type CertificateRejectionReason = keyof typeof CERTIFICATE_REJECTIONS;

export interface CertificateRejection {
  readonly ok: false;
  readonly reason: CertificateRejectionReason;
  /** `<label>: <detail>`, for the login history. */
  readonly message: string;
}

export function rejectCertificate(reason: CertificateRejectionReason, detail: string): CertificateRejection {
  return { ok: false, reason, message: `${CERTIFICATE_REJECTIONS[reason]}: ${detail}` };
}
