import { verify as verifySignature, type X509Certificate } from 'node:crypto';
import {
  childrenOf, contentOf, decodeOid, decodeTime, DerError, encodingOf, expectTag, integerHex, readNode, TAG,
} from './der.js';
import { readSubjectName } from './read-certificate-fields.js';

/**
 * A certificate revocation list (RFC 5280 §5): who issued it, until when it is current and which serial numbers it
 * revokes. Only complete, direct CRLs: a delta CRL, an indirect CRL or any other critical extension we do not
 * understand is refused (a list we cannot read fully must not be read partly).
 */
export interface CertificateRevocationList {
  readonly issuerName: Buffer;
  readonly thisUpdate: number;
  readonly nextUpdate: number | undefined;
  /** Upper-case hex without leading zeros, like `X509Certificate.serialNumber`. */
  readonly revokedSerials: ReadonlySet<string>;
  readonly tbs: Buffer;
  readonly signatureAlgorithm: string;
  readonly signature: Buffer;
}

/** CRL extensions we understand; RFC 5280 §5.2. */
const KNOWN_CRL_EXTENSIONS = new Set(['2.5.29.20' /* cRLNumber */, '2.5.29.35' /* authorityKeyIdentifier */]);
/** CRL entry extensions we understand; certificateIssuer (indirect CRLs) is not among them. */
const KNOWN_ENTRY_EXTENSIONS = new Set(['2.5.29.21' /* reasonCode */, '2.5.29.24' /* invalidityDate */, '2.5.29.23' /* holdInstructionCode */]);

export function parseCrl(der: Buffer): CertificateRevocationList {
  const list = expectTag(readNode(der), TAG.SEQUENCE, 'CertificateList');
  if (list.end !== der.length) throw new DerError('trailing bytes after the CRL');
  const [tbsNode, algNode, sigNode] = childrenOf(der, list);
  const tbs = expectTag(tbsNode, TAG.SEQUENCE, 'TBSCertList');
  const fields = childrenOf(der, tbs);
  let i = fields[0]?.tag === TAG.INTEGER ? 1 : 0; // version is optional
  i++; // signature AlgorithmIdentifier (repeated outside the TBS)
  const issuer = expectTag(fields[i++], TAG.SEQUENCE, 'issuer');
  const thisUpdateNode = fields[i++];
  if (thisUpdateNode === undefined) throw new DerError('CRL without thisUpdate');
  const thisUpdate = decodeTime(der, thisUpdateNode);
  let nextUpdate: number | undefined;
  const maybeNext = fields[i];
  if (maybeNext !== undefined && (maybeNext.tag === TAG.UTC_TIME || maybeNext.tag === TAG.GENERALIZED_TIME)) {
    nextUpdate = decodeTime(der, maybeNext);
    i++;
  }
  const revokedSerials = new Set<string>();
  const maybeRevoked = fields[i];
  if (maybeRevoked !== undefined && maybeRevoked.tag === TAG.SEQUENCE) {
    for (const entry of childrenOf(der, maybeRevoked)) {
      const parts = childrenOf(der, expectTag(entry, TAG.SEQUENCE, 'revokedCertificate'));
      revokedSerials.add(integerHex(der, expectTag(parts[0], TAG.INTEGER, 'userCertificate')));
      const entryExtensions = parts[2];
      if (entryExtensions !== undefined) checkExtensions(der, entryExtensions, KNOWN_ENTRY_EXTENSIONS, 'CRL entry');
    }
    i++;
  }
  const maybeExtensions = fields[i];
  if (maybeExtensions !== undefined && maybeExtensions.tag === 0xa0) {
    const inner = childrenOf(der, maybeExtensions)[0];
    if (inner !== undefined) checkExtensions(der, inner, KNOWN_CRL_EXTENSIONS, 'CRL');
  }
  const algorithm = expectTag(algNode, TAG.SEQUENCE, 'signatureAlgorithm');
  const algParts = childrenOf(der, algorithm);
  const signatureBits = contentOf(der, expectTag(sigNode, TAG.BIT_STRING, 'signatureValue'));
  return {
    issuerName: encodingOf(der, issuer), thisUpdate, nextUpdate, revokedSerials,
    tbs: encodingOf(der, tbs), signatureAlgorithm: decodeOid(der, algParts[0] ?? algorithm), signature: signatureBits.subarray(1),
  };
}

function checkExtensions(der: Buffer, node: ReturnType<typeof readNode>, known: ReadonlySet<string>, what: string): void {
  for (const ext of childrenOf(der, expectTag(node, TAG.SEQUENCE, `${what} extensions`))) {
    const parts = childrenOf(der, ext);
    const oid = decodeOid(der, parts[0] ?? ext);
    const critical = parts.length === 3 && parts[1]?.tag === TAG.BOOLEAN && der[(parts[1]).contentStart] !== 0;
    if (critical && !known.has(oid)) throw new DerError(`unsupported critical ${what} extension ${oid} (delta or indirect CRLs are not supported)`);
  }
}

/** Hash for each signature algorithm we accept (RSA PKCS#1 v1.5, ECDSA, EdDSA); SHA-1 and RSA-PSS are refused. */
const SIGNATURE_HASHES: Readonly<Record<string, string | null>> = {
  '1.2.840.113549.1.1.11': 'sha256', '1.2.840.113549.1.1.12': 'sha384', '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384', '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null, '1.3.101.113': null,
};

/** Whether `ca` issued this CRL: its subject is the CRL's issuer and its key verifies the CRL's signature. */
export function isCrlIssuedBy(crl: CertificateRevocationList, ca: X509Certificate): boolean {
  if (!crl.issuerName.equals(readSubjectName(ca.raw))) return false;
  const hash = SIGNATURE_HASHES[crl.signatureAlgorithm];
  if (hash === undefined) throw new DerError(`unsupported CRL signature algorithm ${crl.signatureAlgorithm}`);
  try {
    return verifySignature(hash, crl.tbs, ca.publicKey, crl.signature);
  } catch {
    return false;
  }
}
