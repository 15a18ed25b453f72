import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/**
 * A software WebAuthn authenticator plus client for tests, on node:crypto only (test-infrastructure.md §4).
 * It builds what a browser and an authenticator would: clientDataJSON, authenticatorData
 * (rpIdHash ‖ flags ‖ signCount ‖ attestedCredentialData), a CBOR attestation object with fmt "none", and assertion
 * signatures over authenticatorData ‖ SHA-256(clientDataJSON). Every property a relying party must check can be
 * bent per call (origin, RP ID, UV/UP flags, counter, algorithm, type, challenge) so negative tests can prove that
 * the server refuses each one.
 */
export type SoftAlgorithm = -7 | -8 | -257 | -35;

export interface SoftCredential {
  readonly id: string;
  readonly rpId: string;
  readonly userHandle: string;
  readonly algorithm: SoftAlgorithm;
  readonly privateKey: KeyObject;
  counter: number;
}

export interface CeremonyOverrides {
  /** clientDataJSON.origin (default: the authenticator's origin). */
  origin?: string;
  /** RP ID whose hash goes into authenticatorData (default: the options' RP ID). */
  rpId?: string;
  /** User verified flag (default: the authenticator's `userVerification`). */
  userVerified?: boolean;
  userPresent?: boolean;
  /** clientDataJSON.type (default webauthn.create / webauthn.get). */
  type?: string;
  /** clientDataJSON.challenge (default: the options' challenge). */
  challenge?: string;
}

export interface SoftAuthenticatorOptions {
  origin: string;
  algorithm?: SoftAlgorithm;
  userVerification?: boolean;
  /** 16 bytes as a UUID string; default all zero (what "attestation: none" usually yields). */
  aaguid?: string;
  /** Added to the signature counter at every assertion; 0 models authenticators without a counter. */
  counterStep?: number;
  backupEligible?: boolean;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  origin: string;
  algorithm: SoftAlgorithm;
  userVerification: boolean;
  counterStep: number;
  private readonly aaguid: Buffer;
  private readonly backupEligible: boolean;

  constructor(opts: SoftAuthenticatorOptions) {
    this.origin = opts.origin;
    this.algorithm = opts.algorithm ?? -7;
    this.userVerification = opts.userVerification ?? true;
    this.counterStep = opts.counterStep ?? 1;
    this.aaguid = Buffer.from((opts.aaguid ?? '00000000-0000-0000-0000-000000000000').replace(/-/g, ''), 'hex');
    this.backupEligible = opts.backupEligible ?? false;
  }

  /** navigator.credentials.create(): a new key pair, returned as RegistrationResponseJSON. */
  createCredential(options: PublicKeyCredentialCreationOptionsJSON, o: CeremonyOverrides & { algorithm?: SoftAlgorithm } = {}): RegistrationResponseJSON {
    const algorithm = o.algorithm ?? this.algorithm;
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, cose } = newKeyPair(algorithm);
    const id = randomBytes(32).toString('base64url');
    const credential: SoftCredential = { id, rpId, userHandle: options.user.id, algorithm, privateKey, counter: 0 };
    const clientDataJSON = this.clientData(o.type ?? 'webauthn.create', o.challenge ?? options.challenge, o.origin);
    const idBytes = Buffer.from(id, 'base64url');
    const attested = Buffer.concat([this.aaguid, u16(idBytes.length), idBytes, cose]);
    const authData = Buffer.concat([
      sha256(Buffer.from(o.rpId ?? rpId)), Buffer.from([this.flags(o, true)]), u32(0), attested,
    ]);
    const attestationObject = cbor(new Map<unknown, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    this.credentials.push(credential);
    return {
      id, rawId: id, type: 'public-key', clientExtensionResults: { credProps: { rk: true } } as RegistrationResponseJSON['clientExtensionResults'],
      authenticatorAttachment: 'cross-platform',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'), attestationObject: attestationObject.toString('base64url'),
        transports: ['usb'],
      },
    };
  }

  /**
   * navigator.credentials.get(): signs with the credential named in `allowCredentials` (or, usernameless, the first
   * discoverable one for the RP), or with `credentialId` to pick one explicitly.
   */
  getAssertion(options: PublicKeyCredentialRequestOptionsJSON, o: CeremonyOverrides & { credentialId?: string; counter?: number } = {}): AuthenticationResponseJSON {
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const allowed = (options.allowCredentials ?? []).map((c) => c.id);
    const credential = this.credentials.find((c) => (o.credentialId !== undefined ? c.id === o.credentialId
      : allowed.length > 0 ? allowed.includes(c.id) : c.rpId === rpId));
    if (credential === undefined) throw new Error('soft authenticator: no matching credential (NotAllowedError)');
    credential.counter = o.counter ?? credential.counter + this.counterStep;
    const clientDataJSON = this.clientData(o.type ?? 'webauthn.get', o.challenge ?? options.challenge, o.origin);
    const authData = Buffer.concat([sha256(Buffer.from(o.rpId ?? credential.rpId)), Buffer.from([this.flags(o, false)]), u32(credential.counter)]);
    const signed = Buffer.concat([authData, sha256(clientDataJSON)]);
    const signature = credential.algorithm === -8 ? sign(null, signed, credential.privateKey)
      : sign(credential.algorithm === -35 ? 'sha384' : 'sha256', signed, credential.privateKey);
    return {
      id: credential.id, rawId: credential.id, type: 'public-key', clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'), authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'), userHandle: credential.userHandle,
      },
    };
  }

  private clientData(type: string, challenge: string, origin: string | undefined): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: origin ?? this.origin, crossOrigin: false }));
  }

  private flags(o: CeremonyOverrides, attested: boolean): number {
    const up = o.userPresent ?? true;
    const uv = o.userVerified ?? this.userVerification;
    return (up ? 0x01 : 0) | (uv ? 0x04 : 0) | (this.backupEligible ? 0x08 : 0) | (attested ? 0x40 : 0);
  }
}

function newKeyPair(alg: SoftAlgorithm): { privateKey: KeyObject; cose: Buffer } {
  if (alg === -7 || alg === -35) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: alg === -7 ? 'P-256' : 'P-384' });
    const jwk = publicKey.export({ format: 'jwk' });
    return { privateKey, cose: cbor(new Map<unknown, unknown>([[1, 2], [3, alg], [-1, alg === -7 ? 1 : 2], [-2, b64(jwk.x)], [-3, b64(jwk.y)]])) };
  }
  if (alg === -257) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    return { privateKey, cose: cbor(new Map<unknown, unknown>([[1, 3], [3, alg], [-1, b64(jwk.n)], [-2, b64(jwk.e)]])) };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, cose: cbor(new Map<unknown, unknown>([[1, 1], [3, alg], [-1, 6], [-2, b64(jwk.x)]])) };
}

const b64 = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64url');
const sha256 = (b: Buffer): Buffer => createHash('sha256').update(b).digest();
const u16 = (n: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; };

/** The CBOR subset WebAuthn needs: unsigned/negative integers, byte and text strings, maps (RFC 8949 §3). */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.concat([Buffer.from([(major << 5) | 25]), u16(n)]);
    return Buffer.concat([Buffer.from([(major << 5) | 26]), u32(n)]);
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (typeof value === 'string') { const b = Buffer.from(value, 'utf8'); return Buffer.concat([head(3, b.length), b]); }
  if (value instanceof Map) {
    const parts: Buffer[] = [head(5, value.size)];
    for (const [k, v] of value) parts.push(cbor(k), cbor(v));
    return Buffer.concat(parts);
  }
  throw new TypeError(`cbor: unsupported value ${String(value)}`);
}
