import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import type { LoginInput } from '../services/identity-service-type.js';

/**
 * The client certificate of a request on an mTLS connection: only a certificate whose chain the TLS layer verified
 * against KEYWARD_TLS_CLIENT_CA yields a subject (never trust a CN from an unverified certificate). Undefined when the
 * connection is plain HTTP or the client sent none.
 */
export function readClientCertificate(request: FastifyRequest): LoginInput['certificate'] {
  const socket = request.raw.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  if (cert === null || typeof cert !== 'object' || Object.keys(cert).length === 0) return undefined;
  if (socket.authorized !== true) {
    return { ok: false, reason: `untrusted certificate: ${String(socket.authorizationError ?? 'chain not verified')}` };
  }
  const cn = Array.isArray(cert.subject?.CN) ? cert.subject.CN[0] : cert.subject?.CN;
  if (cn === undefined || cn === '') return { ok: false, reason: 'certificate has no subject common name' };
  const issuer = Array.isArray(cert.issuer?.CN) ? cert.issuer.CN[0] : cert.issuer?.CN;
  return { ok: true, cert: { commonName: cn, fingerprint256: cert.fingerprint256, serialNumber: cert.serialNumber, issuer: issuer ?? '' } };
}
