import type { X509Certificate } from 'node:crypto';
import type { VerifiedClientCertificate } from '../identity-service-type.js';
import { rejectCertificate, type CertificateRejection } from './certificate-rejection.js';
import { checkCertificateChain } from './check-certificate-chain.js';
import { checkClientKeyUsage } from './check-key-usage.js';
import { checkRevocation } from './check-revocation.js';
import { checkValidityPeriod } from './check-validity-period.js';
import type { ClientCertificateTrust } from './client-certificate-trust.js';
import { readCommonName } from './read-common-name.js';

export interface PresentedCertificate {
  readonly leaf: X509Certificate;
  /** Further certificates the client (or proxy) sent: candidates for intermediates, never trusted by themselves. */
  readonly intermediates: readonly X509Certificate[];
}

export type ClientCertificateVerification =
  | { readonly ok: true; readonly cert: VerifiedClientCertificate; readonly chain: readonly X509Certificate[] }
  | CertificateRejection;

/**
 * The only way to a `VerifiedClientCertificate` (style.md: no function accepts an unverified certificate subject).
 * One check per step, in this order, the first failure wins and names its reason:
 *
 * | step | file | reason |
 * |---|---|---|
 * | chain to a configured CA, every signature | check-certificate-chain.ts | untrusted issuer |
 * | notBefore ≤ now ≤ notAfter, whole chain | check-validity-period.ts | expired / not yet valid |
 * | keyUsage digitalSignature + EKU clientAuth | check-key-usage.ts | wrong usage |
 * | not on the issuer's CRL | check-revocation.ts | revoked / revocation status unknown |
 * | exactly one subject CN | read-common-name.ts | no common name |
 *
 * The same steps run for certificates from the TLS handshake and from a trusted proxy's header.
 */
export function verifyClientCertificate(presented: PresentedCertificate, trust: ClientCertificateTrust, now: number): ClientCertificateVerification {
  try {
    const chain = checkCertificateChain(presented.leaf, presented.intermediates, trust.anchors);
    if (!chain.ok) return chain;
    const validity = checkValidityPeriod(chain.chain, now);
    if (!validity.ok) return validity;
    const usage = checkClientKeyUsage(presented.leaf);
    if (!usage.ok) return usage;
    const revocation = checkRevocation(chain.chain, trust.revocation(), now);
    if (!revocation.ok) return revocation;
    const cn = readCommonName(presented.leaf);
    if (!cn.ok) return cn;
    const issuer = chain.chain[1] ?? presented.leaf;
    return {
      ok: true,
      chain: chain.chain,
      cert: {
        commonName: cn.commonName,
        fingerprint256: presented.leaf.fingerprint256,
        serialNumber: presented.leaf.serialNumber,
        issuer: issuer.subject.split('\n').join(', '),
      },
    };
  } catch (err) {
    return rejectCertificate('malformed', err instanceof Error ? err.message : String(err));
  }
}
