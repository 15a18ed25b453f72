import type { X509Certificate } from 'node:crypto';
import { rejectCertificate, type CertificateRejection } from './certificate-rejection.js';

/** Longest chain we build (leaf + intermediates + anchor); deeper chains are refused, never looped over. */
const MAX_DEPTH = 8;

/**
 * Builds the chain from the leaf to one of the configured CA certificates (the trust anchors) and verifies every
 * signature on the way (seed 002 "Certificate Verification"; stricter than JS7, which leaves this to Jetty).
 * Intermediates the client or proxy sent are only candidates: each must be a CA (basicConstraints CA:TRUE), name
 * and key identifiers must match (`checkIssued`, which also requires keyCertSign when keyUsage is present) and its
 * signature must verify — a different CA issuing the same subject or issuer name fails here.
 * A leaf that is itself one of the configured certificates (a self-signed client certificate placed in the trust
 * list, seed 002 "Self-signed Certificates") is trusted as it is.
 */
export function checkCertificateChain(
  leaf: X509Certificate, intermediates: readonly X509Certificate[], anchors: readonly X509Certificate[],
): { readonly ok: true; readonly chain: readonly X509Certificate[] } | CertificateRejection {
  if (anchors.some((a) => a.raw.equals(leaf.raw))) return { ok: true, chain: [leaf] };
  const chain: X509Certificate[] = [leaf];
  const unused = (c: X509Certificate): boolean => !chain.some((x) => x.raw.equals(c.raw));
  let current = leaf;
  while (chain.length < MAX_DEPTH) {
    const anchor = anchors.find((a) => unused(a) && issued(a, current));
    if (anchor !== undefined) return { ok: true, chain: completeWithAnchors([...chain, anchor], anchors) };
    const next = intermediates.find((c) => unused(c) && issued(c, current));
    if (next === undefined) break;
    chain.push(next);
    current = next;
  }
  const top = chain[chain.length - 1] ?? leaf;
  return rejectCertificate('untrusted-issuer', isSelfSigned(top)
    ? `self-signed certificate "${oneLine(top.subject)}" is not a configured CA`
    : `no configured CA issued "${oneLine(top.subject)}" (issuer "${oneLine(top.issuer)}")`);
}

/**
 * Trust is reached at the first configured CA, but the chain goes on through configured CAs up to a root, so the
 * validity and CRL checks also see the CAs above a configured intermediate (a root's CRL may revoke it).
 */
function completeWithAnchors(chain: X509Certificate[], anchors: readonly X509Certificate[]): X509Certificate[] {
  let top = chain[chain.length - 1];
  while (top !== undefined && !isSelfSigned(top) && chain.length < MAX_DEPTH) {
    const current = top;
    const above = anchors.find((a) => !chain.some((x) => x.raw.equals(a.raw)) && issued(a, current));
    if (above === undefined) break;
    chain.push(above);
    top = above;
  }
  return chain;
}

export function isSelfSigned(cert: X509Certificate): boolean {
  if (cert.subject !== cert.issuer) return false;
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

function issued(issuer: X509Certificate, subject: X509Certificate): boolean {
  if (!issuer.ca || !subject.checkIssued(issuer)) return false;
  try {
    return subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function oneLine(dn: string): string {
  return dn.split('\n').join(', ').slice(0, 300);
}
