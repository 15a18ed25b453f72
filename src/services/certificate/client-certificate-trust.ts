import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isSelfSigned } from './check-certificate-chain.js';
import type { RevocationLookup } from './check-revocation.js';
import { isCrlIssuedBy, parseCrl, type CertificateRevocationList } from './parse-crl.js';
import { readPemBlocks } from './pem.js';

/**
 * What client certificates are checked against: the CA certificates of KEYWARD_TLS_CLIENT_CA (the trust anchors, the
 * same files the TLS layer uses) and the CRLs of KEYWARD_TLS_CLIENT_CRL. Loaded once at start, where every mistake
 * is a TypeError naming the file (an unreadable CA file or a CRL no configured CA issued must stop the server, not
 * weaken it). CRL files are re-read when they change on disk, so a cron job that fetches a fresh CRL needs no
 * restart; if a changed file cannot be read, certificate logins fail ("revocation status unknown") until it can.
 */
export interface ClientCertificateTrust {
  readonly anchors: readonly X509Certificate[];
  /** undefined when no CRL is configured. */
  revocation(): RevocationLookup | undefined;
}

export function loadClientCertificateTrust(options: { readonly caFiles: readonly string[]; readonly crlFiles: readonly string[] }): ClientCertificateTrust {
  const anchors = options.caFiles.flatMap((file) => {
    const certs = readCertificates(file);
    if (certs.length === 0) throw new TypeError(`KEYWARD_TLS_CLIENT_CA: ${file} holds no PEM certificate`);
    const notCa = certs.find((c) => !c.ca && !isSelfSigned(c));
    if (notCa !== undefined) {
      throw new TypeError(`KEYWARD_TLS_CLIENT_CA: ${file} holds "${notCa.subject.replace(/\n/g, ', ')}", which is neither a CA nor a self-signed client certificate`);
    }
    return certs;
  });
  if (options.crlFiles.length === 0) return { anchors, revocation: () => undefined };

  let loaded = loadCrls(options.crlFiles, anchors); // throws at start: a configuration mistake
  let stamps = fileStamps(options.crlFiles);
  let failure: string | undefined;
  return {
    anchors,
    revocation: () => {
      let now: string;
      try {
        now = fileStamps(options.crlFiles);
      } catch (err) {
        return { ok: false, message: `a CRL file cannot be read: ${errorMessage(err)}` };
      }
      if (now !== stamps) {
        try {
          loaded = loadCrls(options.crlFiles, anchors);
          failure = undefined;
        } catch (err) {
          failure = errorMessage(err);
        }
        stamps = now;
      }
      if (failure !== undefined) return { ok: false, message: `the CRL files cannot be used: ${failure}` };
      const crls = loaded;
      return { ok: true, crlOf: (issuer) => crls.get(issuer.fingerprint256) };
    },
  };
}

function readCertificates(file: string): X509Certificate[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TypeError(`KEYWARD_TLS_CLIENT_CA: cannot read ${file}: ${errorMessage(err)}`);
  }
  return readPemBlocks(text, 'CERTIFICATE').map((der) => new X509Certificate(der));
}

/** CRLs by the fingerprint of the CA that issued them (the newest wins when a CA has several). */
function loadCrls(files: readonly string[], anchors: readonly X509Certificate[]): Map<string, CertificateRevocationList> {
  const out = new Map<string, CertificateRevocationList>();
  for (const file of files) {
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch (err) {
      throw new TypeError(`KEYWARD_TLS_CLIENT_CRL: cannot read ${file}: ${errorMessage(err)}`);
    }
    const text = raw.toString('latin1');
    const blocks = text.includes('-----BEGIN') ? readPemBlocks(text, 'X509 CRL') : [raw];
    if (blocks.length === 0) throw new TypeError(`KEYWARD_TLS_CLIENT_CRL: ${file} holds no PEM "X509 CRL" block`);
    for (const der of blocks) {
      let crl: CertificateRevocationList;
      try {
        crl = parseCrl(der);
      } catch (err) {
        throw new TypeError(`KEYWARD_TLS_CLIENT_CRL: ${file} is not a usable CRL: ${errorMessage(err)}`);
      }
      const issuer = anchors.find((a) => a.ca && isCrlIssuedBy(crl, a));
      if (issuer === undefined) throw new TypeError(`KEYWARD_TLS_CLIENT_CRL: ${file} was not issued (signed) by any CA of KEYWARD_TLS_CLIENT_CA`);
      const previous = out.get(issuer.fingerprint256);
      if (previous === undefined || previous.thisUpdate < crl.thisUpdate) out.set(issuer.fingerprint256, crl);
    }
  }
  return out;
}

function fileStamps(files: readonly string[]): string {
  return files.map((f) => { const s = statSync(f); return `${s.mtimeMs}:${s.size}`; }).join('|');
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
