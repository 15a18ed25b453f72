import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/index.js';
import { oneLine } from '../services/certificate/check-certificate-chain.js';
import { loadClientCertificateTrust, type ClientCertificateTrust } from '../services/certificate/client-certificate-trust.js';
import { verifyClientCertificate, type PresentedCertificate } from '../services/certificate/verify-client-certificate.js';
import type { LoginInput } from '../services/identity-service-type.js';
import { requestLog } from './logging.js';
import { parseCertificateHeader } from './parse-certificate-header.js';
import { isTrustedProxy } from './trusted-proxy.js';

/**
 * The client certificate of a login request, verified, or the reason it was refused; undefined when the request
 * carries none (or Keyward has no KEYWARD_TLS_CLIENT_CA: no certificate logins at all).
 *
 * Where it comes from:
 * - the direct peer is a KEYWARD_TRUST_PROXY address and KEYWARD_TLS_CLIENT_CERT_HEADER is set → only that header
 *   (the proxy's own TLS client certificate, e.g. nginx `proxy_ssl_certificate`, is not the user's);
 * - anybody else → only the TLS handshake; the header is ignored (anyone can copy a public certificate into a
 *   header, so a header from an untrusted address must never name an account).
 *
 * Either way the certificate passes verify-client-certificate.ts (chain to the configured CAs, validity, key
 * usage, CRL). A handshake certificate must in addition have been verified by the TLS layer itself
 * (`socket.authorized`): we never take a CN from a certificate OpenSSL did not accept.
 */
export function readClientCertificate(request: FastifyRequest): LoginInput['certificate'] {
  const { config, now } = request.server.kw;
  if (config.tlsClientCa.length === 0) return undefined;
  const source = presentedCertificate(request, config);
  if (source === undefined) return undefined;
  if (!source.ok) return { ok: false, reason: source.reason };
  const { presented, from } = source;
  const presentedBy = `(${from}, presented subject "${oneLine(presented.leaf.subject)}")`;
  const result = verifyClientCertificate(presented, clientCertificateTrust(config), now());
  if (!result.ok) return { ok: false, reason: `${result.message} ${presentedBy}` };
  if (source.from === 'TLS handshake' && !source.tlsAuthorized) {
    return { ok: false, reason: `untrusted issuer: the TLS layer did not verify the chain (${source.tlsError}) ${presentedBy}` };
  }
  return { ok: true, cert: result.cert };
}

/** Loads (and caches) the CAs and CRLs of a configuration; the server calls it at start so mistakes stop it there. */
export function clientCertificateTrust(config: Config): ClientCertificateTrust {
  let trust = trusts.get(config);
  if (trust === undefined) {
    trust = loadClientCertificateTrust({ caFiles: config.tlsClientCa, crlFiles: config.tlsClientCrl });
    trusts.set(config, trust);
  }
  return trust;
}

const trusts = new WeakMap<Config, ClientCertificateTrust>();

type Source =
  | { readonly ok: true; readonly from: 'proxy header'; readonly presented: PresentedCertificate }
  | { readonly ok: true; readonly from: 'TLS handshake'; readonly presented: PresentedCertificate; readonly tlsAuthorized: boolean; readonly tlsError: string }
  | { readonly ok: false; readonly reason: string }
  | undefined;

function presentedCertificate(request: FastifyRequest, config: Config): Source {
  const header = config.tlsClientCertHeader;
  const peer = request.raw.socket.remoteAddress;
  if (header !== undefined) {
    const values = headerValues(request, header);
    if (isTrustedProxy(config.trustProxy, peer)) {
      if (values.length > 1) return { ok: false, reason: `malformed certificate: the ${header} header appears ${values.length} times` };
      const parsed = parseCertificateHeader(values[0] ?? '');
      return parsed === undefined || !parsed.ok ? parsed : { ok: true, from: 'proxy header', presented: parsed.presented };
    }
    if (values.length > 0) requestLog(request).warn({ peer, header }, 'client certificate header from an address outside KEYWARD_TRUST_PROXY ignored');
  }
  return handshakeCertificate(request.raw.socket as Partial<TLSSocket>);
}

/** Every value of a header, duplicates kept (Node joins unknown duplicate headers with ", " in `headers`). */
function headerValues(request: FastifyRequest, name: string): string[] {
  const distinct = (request.raw as Partial<IncomingMessage>).headersDistinct; // absent on injected requests
  if (distinct !== undefined) return distinct[name] ?? [];
  const v = request.headers[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function handshakeCertificate(socket: Partial<TLSSocket>): Source {
  if (typeof socket.getPeerX509Certificate !== 'function' || typeof socket.getPeerCertificate !== 'function') return undefined;
  const leaf = socket.getPeerX509Certificate();
  if (leaf === undefined) return undefined;
  // The rest of what the client sent (and what OpenSSL found in the store): intermediate candidates only.
  const intermediates: X509Certificate[] = [];
  let link: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true).issuerCertificate as DetailedPeerCertificate | undefined;
  const seen = new Set<string>([leaf.fingerprint256]);
  while (link !== undefined && link.raw !== undefined && !seen.has(link.fingerprint256) && intermediates.length < 8) {
    seen.add(link.fingerprint256);
    intermediates.push(new X509Certificate(link.raw));
    link = link.issuerCertificate as DetailedPeerCertificate | undefined;
  }
  return {
    ok: true, from: 'TLS handshake', presented: { leaf, intermediates },
    tlsAuthorized: socket.authorized === true, tlsError: String(socket.authorizationError ?? 'chain not verified'),
  };
}
