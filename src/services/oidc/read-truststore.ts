import { createDecipheriv, createHash, createHmac, pbkdf2Sync, timingSafeEqual, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TruststoreSettings } from './oidc-settings.js';

/**
 * Reads the CA certificates of an OIDC service's truststore (seed 004 "OIDC Truststore Path"): PEM text, or a PKCS12
 * file protected by a password. Returns PEM strings for `tls` `ca`. Node has no PKCS12 reader for certificate-only
 * stores (`pfx` needs a private key), so the small DER walk below reads the certificate bags itself: unencrypted,
 * PBES2 (PBKDF2 + AES-CBC, the OpenSSL 3 / JDK 18+ default) or PKCS12 3DES; the MAC is checked when present.
 * RC2-40 (very old OpenSSL/Java defaults) is refused with a hint, since OpenSSL 3 no longer offers RC2.
 */
export function readTruststore(store: TruststoreSettings, fileContent?: Buffer, password = ''): string[] {
  const raw = fileContent ?? (store.path !== undefined ? readFileSync(store.path) : undefined);
  if (store.type === 'PEM') {
    const pemText = raw !== undefined ? raw.toString('utf8') : store.content ?? '';
    return pemCertificates(pemText);
  }
  const der = raw ?? Buffer.from(store.content ?? '', 'base64');
  return readPkcs12Certificates(der, password).map(toPem);
}

function pemCertificates(text: string): string[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate (-----BEGIN CERTIFICATE-----) found');
  for (const b of blocks) new X509Certificate(b); // throws on a broken certificate
  return blocks;
}

function toPem(der: Buffer): string {
  new X509Certificate(der);
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

// ---- minimal DER reader -------------------------------------------------------------------------------------------

interface Tlv { readonly tag: number; readonly value: Buffer; readonly raw: Buffer }

function readTlv(buf: Buffer, offset: number): { tlv: Tlv; next: number } {
  if (offset + 2 > buf.length) throw new Error('truncated DER');
  const tag = buf[offset] ?? 0;
  let len = buf[offset + 1] ?? 0;
  let pos = offset + 2;
  if (len === 0x80) throw new Error('BER indefinite lengths are not supported (re-export the PKCS12 file with OpenSSL)');
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 4) throw new Error('DER length too large');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[pos + i] ?? 0);
    pos += n;
  }
  if (pos + len > buf.length) throw new Error('truncated DER');
  return { tlv: { tag, value: buf.subarray(pos, pos + len), raw: buf.subarray(offset, pos + len) }, next: pos + len };
}

function children(t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = 0;
  while (pos < t.value.length) {
    const { tlv, next } = readTlv(t.value, pos);
    out.push(tlv);
    pos = next;
  }
  return out;
}

function parse(buf: Buffer): Tlv {
  return readTlv(buf, 0).tlv;
}

function oid(t: Tlv | undefined): string {
  if (t === undefined || t.tag !== 0x06) throw new Error('OID expected');
  const b = t.value;
  const parts: number[] = [Math.floor((b[0] ?? 0) / 40), (b[0] ?? 0) % 40];
  let v = 0;
  for (let i = 1; i < b.length; i++) {
    const byte = b[i] ?? 0;
    v = v * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) { parts.push(v); v = 0; }
  }
  return parts.join('.');
}

function int(t: Tlv | undefined): number {
  if (t === undefined || t.tag !== 0x02) throw new Error('INTEGER expected');
  let v = 0;
  for (const byte of t.value) v = v * 256 + byte;
  return v;
}

function nth(list: Tlv[], i: number): Tlv {
  const t = list[i];
  if (t === undefined) throw new Error('malformed PKCS12 structure');
  return t;
}

/** Explicit [0] wrapper → its single inner element. */
function explicit0(t: Tlv): Tlv {
  if (t.tag !== 0xa0) throw new Error('[0] expected');
  return nth(children(t), 0);
}

// ---- PKCS12 -------------------------------------------------------------------------------------------------------

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
  pbeSha1Rc2_40: '1.2.840.113549.1.12.1.6',
} as const;

const HMAC_PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1', '1.2.840.113549.2.9': 'sha256', '1.2.840.113549.2.10': 'sha384', '1.2.840.113549.2.11': 'sha512',
};
const DIGEST: Record<string, { name: string; u: number; v: number }> = {
  '1.3.14.3.2.26': { name: 'sha1', u: 20, v: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', u: 32, v: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', u: 48, v: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', u: 64, v: 128 },
};
const CIPHER: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};

export function readPkcs12Certificates(der: Buffer, password: string): Buffer[] {
  if (der.length >= 4 && der.readUInt32BE(0) === 0xfeedfeed) {
    throw new Error('this is a JKS keystore, not PKCS12: convert it (keytool -importkeystore -srckeystore cacerts -destkeystore ts.p12 -deststoretype PKCS12) or use PEM');
  }
  const pfx = children(parse(der));
  if (int(pfx[0]) !== 3) throw new Error('not a PKCS12 file (version 3 expected)');
  const authSafe = children(nth(pfx, 1));
  if (oid(authSafe[0]) !== OID.data) throw new Error('only password-integrity PKCS12 files are supported');
  const authSafeOctets = explicit0(nth(authSafe, 1)).value;
  const macData = pfx[2];
  if (macData !== undefined) verifyMac(children(macData), authSafeOctets, password);

  const certs: Buffer[] = [];
  for (const contentInfo of children(parse(authSafeOctets))) {
    const [typeTlv, content] = children(contentInfo);
    const type = oid(typeTlv);
    if (content === undefined) continue;
    let safeContents: Buffer;
    if (type === OID.data) {
      safeContents = explicit0(content).value;
    } else if (type === OID.encryptedData) {
      const encryptedContentInfo = children(nth(children(explicit0(content)), 1));
      const algorithm = children(nth(encryptedContentInfo, 1));
      const encrypted = nth(encryptedContentInfo, 2);
      if (encrypted.tag !== 0x80) throw new Error('unsupported encrypted content encoding');
      safeContents = decrypt(algorithm, encrypted.value, password);
    } else {
      continue;
    }
    for (const bag of children(parse(safeContents))) {
      const [bagId, bagValue] = children(bag);
      if (oid(bagId) !== OID.certBag || bagValue === undefined) continue;
      const [certId, certValue] = children(explicit0(bagValue));
      if (oid(certId) !== OID.x509Certificate || certValue === undefined) continue;
      certs.push(Buffer.from(explicit0(certValue).value));
    }
  }
  if (certs.length === 0) throw new Error('the PKCS12 file holds no certificate');
  return certs;
}

function verifyMac(mac: Tlv[], authSafeOctets: Buffer, password: string): void {
  const digestInfo = children(nth(mac, 0));
  const digestAlg = DIGEST[oid(children(nth(digestInfo, 0))[0])];
  if (digestAlg === undefined) throw new Error('unsupported PKCS12 MAC digest');
  const expected = nth(digestInfo, 1).value;
  const salt = nth(mac, 1).value;
  const iterations = mac[2] === undefined ? 1 : int(mac[2]);
  if (iterations > 10_000_000) throw new Error('PKCS12 iteration count too high');
  for (const pw of passwordVariants(password)) {
    const key = pkcs12Kdf(digestAlg, pw, salt, iterations, 3, digestAlg.u);
    const actual = createHmac(digestAlg.name, key).update(authSafeOctets).digest();
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return;
  }
  throw new Error('wrong truststore password (PKCS12 MAC check failed)');
}

/** RFC 7292 B.1: BMPString with a two-byte terminator; an empty password is also tried as no bytes at all. */
function passwordVariants(password: string): Buffer[] {
  const bmp = Buffer.alloc((password.length + 1) * 2);
  for (let i = 0; i < password.length; i++) bmp.writeUInt16BE(password.charCodeAt(i), i * 2);
  return password === '' ? [bmp, Buffer.alloc(0)] : [bmp];
}

/** RFC 7292 Appendix B.2 key derivation (id 1 = key, 2 = IV, 3 = MAC key). */
function pkcs12Kdf(digest: { name: string; u: number; v: number }, password: Buffer, salt: Buffer, iterations: number, id: number, n: number): Buffer {
  const { u, v } = digest;
  const fill = (src: Buffer): Buffer => {
    if (src.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] ?? 0;
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([fill(salt), fill(password)]);
  const out: Buffer[] = [];
  for (let produced = 0; produced < n; produced += u) {
    let A = createHash(digest.name).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(digest.name).update(A).digest();
    out.push(A);
    const B = Buffer.alloc(v);
    for (let i = 0; i < v; i++) B[i] = A[i % u] ?? 0;
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (I[j + k] ?? 0) + (B[k] ?? 0) + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, n);
}

function decrypt(algorithm: Tlv[], ciphertext: Buffer, password: string): Buffer {
  const alg = oid(algorithm[0]);
  if (alg === OID.pbes2) {
    const [kdf, scheme] = children(nth(algorithm, 1)).map(children);
    if (kdf === undefined || scheme === undefined || oid(kdf[0]) !== OID.pbkdf2) throw new Error('unsupported PBES2 key derivation');
    const kdfParams = children(nth(kdf, 1));
    const salt = nth(kdfParams, 0).value;
    const iterations = int(kdfParams[1]);
    if (iterations > 10_000_000) throw new Error('PKCS12 iteration count too high');
    const prfTlv = kdfParams.find((t) => t.tag === 0x30);
    const prf = prfTlv === undefined ? 'sha1' : HMAC_PRF[oid(children(prfTlv)[0])];
    const cipher = CIPHER[oid(scheme[0])];
    if (prf === undefined || cipher === undefined) throw new Error('unsupported PBES2 cipher or PRF');
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, cipher.keyLength, prf);
    const d = createDecipheriv(cipher.name, key, nth(scheme, 1).value);
    return Buffer.concat([d.update(ciphertext), d.final()]);
  }
  if (alg === OID.pbeSha1TripleDes) {
    const params = children(nth(algorithm, 1));
    const salt = nth(params, 0).value;
    const iterations = int(params[1]);
    const sha1 = { name: 'sha1', u: 20, v: 64 };
    for (const pw of passwordVariants(password)) {
      try {
        const d = createDecipheriv('des-ede3-cbc', pkcs12Kdf(sha1, pw, salt, iterations, 1, 24), pkcs12Kdf(sha1, pw, salt, iterations, 2, 8));
        return Buffer.concat([d.update(ciphertext), d.final()]);
      } catch { /* try the next password encoding */ }
    }
    throw new Error('wrong truststore password');
  }
  if (alg === OID.pbeSha1Rc2_40) {
    throw new Error('the PKCS12 file uses RC2-40 encryption, which OpenSSL 3 no longer supports: re-export it (openssl pkcs12 -legacy -in old.p12 -nokeys -out ca.pem) or use PEM');
  }
  throw new Error(`unsupported PKCS12 encryption ${alg}`);
}
