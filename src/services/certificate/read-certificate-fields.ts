import { childrenOf, contentOf, decodeOid, decodeTime, DerError, encodingOf, expectTag, readNode, TAG, type DerNode } from './der.js';

/**
 * Fields of an X.509 certificate (RFC 5280 §4.1) that Node's `X509Certificate` does not expose: the keyUsage bits
 * (its `keyUsage` property is the *extended* key usage list), the raw subject Name for matching CRL issuers, and the
 * validity period as numbers.
 */
export const OID = {
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** RFC 5280 §4.2.1.3, in bit order. */
export const KEY_USAGE_BITS = [
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign',
  'encipherOnly', 'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

interface TbsParts { readonly buf: Buffer; readonly fields: DerNode[] }

function tbsOf(raw: Buffer): TbsParts {
  const cert = expectTag(readNode(raw), TAG.SEQUENCE, 'Certificate');
  const tbs = expectTag(childrenOf(raw, cert)[0], TAG.SEQUENCE, 'TBSCertificate');
  return { buf: raw, fields: childrenOf(raw, tbs) };
}

/** The DER encoding of the subject Name. */
export function readSubjectName(raw: Buffer): Buffer {
  const { buf, fields } = tbsOf(raw);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] version is optional (v1 certificates)
  return encodingOf(buf, expectTag(fields[offset + 4], TAG.SEQUENCE, 'subject'));
}

/** notBefore/notAfter as epoch milliseconds, read from the DER (exact to the second, no date-string parsing). */
export function readValidity(raw: Buffer): { readonly notBefore: number; readonly notAfter: number } {
  const { buf, fields } = tbsOf(raw);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const [notBefore, notAfter] = childrenOf(buf, expectTag(fields[offset + 3], TAG.SEQUENCE, 'Validity'));
  if (notBefore === undefined || notAfter === undefined) throw new DerError('Validity needs notBefore and notAfter');
  return { notBefore: decodeTime(buf, notBefore), notAfter: decodeTime(buf, notAfter) };
}

export interface CertificateExtension { readonly critical: boolean; readonly value: Buffer }

/** The extensions by OID (an extension that appears twice makes the certificate invalid, RFC 5280 §4.2). */
export function readExtensions(raw: Buffer): Map<string, CertificateExtension> {
  const { buf, fields } = tbsOf(raw);
  const out = new Map<string, CertificateExtension>();
  const wrapper = fields.find((f) => f.tag === 0xa3);
  if (wrapper === undefined) return out;
  const list = expectTag(childrenOf(buf, wrapper)[0], TAG.SEQUENCE, 'Extensions');
  for (const ext of childrenOf(buf, list)) {
    const parts = childrenOf(buf, expectTag(ext, TAG.SEQUENCE, 'Extension'));
    const oid = decodeOid(buf, parts[0] ?? ext);
    const critical = parts.length === 3 && parts[1]?.tag === TAG.BOOLEAN && buf[(parts[1]).contentStart] !== 0;
    const value = expectTag(parts[parts.length - 1], TAG.OCTET_STRING, 'extnValue');
    if (out.has(oid)) throw new DerError(`extension ${oid} appears twice`);
    out.set(oid, { critical, value: contentOf(buf, value) });
  }
  return out;
}

/** The keyUsage bits, or undefined when the certificate has no keyUsage extension. */
export function readKeyUsage(raw: Buffer): Set<KeyUsage> | undefined {
  const ext = readExtensions(raw).get(OID.keyUsage);
  if (ext === undefined) return undefined;
  const bits = contentOf(ext.value, expectTag(readNode(ext.value), TAG.BIT_STRING, 'KeyUsage'));
  const out = new Set<KeyUsage>();
  KEY_USAGE_BITS.forEach((name, i) => {
    const byte = bits[1 + Math.floor(i / 8)]; // bits[0] is the count of unused bits
    if (byte !== undefined && (byte & (0x80 >> (i % 8))) !== 0) out.add(name);
  });
  return out;
}
