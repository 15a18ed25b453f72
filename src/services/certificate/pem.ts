/**
 * PEM blocks with the given label (RFC 7468), decoded. Whitespace inside a block is ignored, so the tab-folded form
 * some proxies forward (nginx's old `$ssl_client_cert`) decodes too.
 */
export function readPemBlocks(text: string, label: 'CERTIFICATE' | 'X509 CRL'): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*?)-----END ${label}-----`, 'g');
  const out: Buffer[] = [];
  for (const m of text.matchAll(re)) out.push(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
  return out;
}
