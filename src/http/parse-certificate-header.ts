import { X509Certificate } from 'node:crypto';
import { readPemBlocks } from '../services/certificate/pem.js';
import type { PresentedCertificate } from '../services/certificate/verify-client-certificate.js';

export type CertificateHeader =
  | { readonly ok: true; readonly presented: PresentedCertificate }
  | { readonly ok: false; readonly reason: string }
  | undefined;

/**
 * The client certificate a TLS-terminating proxy forwards in a header, in the forms proxies write it:
 * URL-encoded PEM (nginx `$ssl_client_escaped_cert`, AWS ALB), PEM (nginx's tab-folded `$ssl_client_cert`, Apache
 * `SSL_CLIENT_CERT`) or base64 DER, comma-separated for a chain (Traefik). The first certificate is the leaf; any
 * others are only intermediate candidates. Empty (and Apache's "(null)") means "no certificate". Nothing here is
 * trusted: the result goes through verify-client-certificate.ts like a handshake certificate.
 */
export function parseCertificateHeader(value: string): CertificateHeader {
  let text = value.trim();
  if (text === '' || text === '(null)') return undefined;
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return { ok: false, reason: 'malformed certificate: the certificate header is not valid URL encoding' };
    }
  }
  let ders: Buffer[];
  if (text.includes('-----BEGIN')) {
    ders = readPemBlocks(text, 'CERTIFICATE');
  } else if (/^[A-Za-z0-9+/=\s,]+$/.test(text)) {
    ders = text.split(',').map((part) => Buffer.from(part.replace(/\s+/g, ''), 'base64')).filter((b) => b.length > 0);
  } else {
    return { ok: false, reason: 'malformed certificate: the certificate header holds neither PEM nor base64 DER' };
  }
  if (ders.length === 0) return { ok: false, reason: 'malformed certificate: no certificate in the certificate header' };
  try {
    const [leaf, ...intermediates] = ders.map((der) => new X509Certificate(der));
    if (leaf === undefined) return { ok: false, reason: 'malformed certificate: no certificate in the certificate header' };
    return { ok: true, presented: { leaf, intermediates } };
  } catch (err) {
    return { ok: false, reason: `malformed certificate: the certificate header does not parse (${err instanceof Error ? err.message : String(err)})` };
  }
}
