import type { X509Certificate } from 'node:crypto';
import { rejectCertificate, type CertificateRejection } from './certificate-rejection.js';
import { OID, readKeyUsage } from './read-certificate-fields.js';

/**
 * The leaf must be meant for TLS client authentication: keyUsage with digitalSignature **and** extendedKeyUsage with
 * clientAuth. Stricter than RFC 5280 (where a missing extension means "any use") and than JS7/Keycloak: a server
 * certificate or a general-purpose certificate of the same CA cannot log anybody in. anyExtendedKeyUsage is not
 * enough either.
 */
export function checkClientKeyUsage(leaf: X509Certificate): { readonly ok: true } | CertificateRejection {
  const usage = readKeyUsage(leaf.raw);
  if (usage === undefined) return rejectCertificate('wrong-usage', 'the certificate has no keyUsage extension (digitalSignature required)');
  if (!usage.has('digitalSignature')) {
    return rejectCertificate('wrong-usage', `keyUsage ${[...usage].join(', ') || '(none)'} lacks digitalSignature`);
  }
  // Node names the extended key usage list `keyUsage` (undefined when the extension is absent).
  const extended: readonly string[] | undefined = leaf.keyUsage;
  if (extended === undefined) return rejectCertificate('wrong-usage', 'the certificate has no extendedKeyUsage extension (clientAuth required)');
  if (!extended.includes(OID.clientAuth)) {
    return rejectCertificate('wrong-usage', `extendedKeyUsage ${extended.map(ekuName).join(', ')} lacks clientAuth`);
  }
  return { ok: true };
}

const EKU_NAMES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth', '1.3.6.1.5.5.7.3.2': 'clientAuth', '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection', '1.3.6.1.5.5.7.3.8': 'timeStamping', '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

function ekuName(oid: string): string {
  return EKU_NAMES[oid] ?? oid;
}
