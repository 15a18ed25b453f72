import { errors, jwtVerify, type JWSHeaderParameters, type JWTPayload } from 'jose';
import { ALLOWED_ALGORITHMS, type VerificationKey } from './discover-provider.js';
import { OidcLoginError, tokenInvalid } from './oidc-errors.js';

/**
 * Verifies an ID token (seed 003 "Verify Token" plus OIDC Core §3.1.3.7), or a batch client's JWT access token
 * (CLIENT-CREDENTIAL) with the same rules and no nonce:
 * - signature with the provider key whose `kid` matches, from the allow-list RS*, PS*, ES* only (never `none`, never
 *   HS*: an HS256 token "signed" with the RSA public key is refused before any key is looked at);
 * - `iss` equals the issuer of the configured provider's discovery document;
 * - `aud` contains the expected audience; with several audiences `azp` must be present and equal the client id,
 *   and a present `azp` always must;
 * - `exp` in the future and `nbf`/`iat` not in the future, within the configured clock skew;
 * - `nonce` equals the one stored with the authorization request (a plain compare: the nonce is no secret, it
 *   travelled in the authorization URL; what protects it is that the server keeps it and uses it once).
 * Pure apart from the key lookup, so it is benchmarked against raw `jose.jwtVerify` (bench/oidc-id-token.ts).
 * Whether the nonce was used before is checked by the caller against the store (it needs the database).
 */
export type KeyResolver = (header: JWSHeaderParameters) => VerificationKey | Promise<VerificationKey>;

export interface TokenExpectations {
  readonly issuer: string;
  /** The value `aud` must contain: the client id for ID tokens, the configured audience for client-credential tokens. */
  readonly audience: string;
  /** The client id `azp` must equal when present or when there are several audiences (ID tokens). */
  readonly authorizedParty?: string | undefined;
  /** Expected nonce; when given, the token must carry exactly this nonce. */
  readonly nonce?: string | undefined;
  readonly clockSkewSeconds: number;
  /** Claims that must be present besides `iss`, `aud`, `exp` (default: `sub`, `iat` as OIDC Core requires). */
  readonly requiredClaims?: readonly string[];
  /** Current time in ms (tests freeze it). */
  readonly now?: number;
}

export interface VerifiedToken {
  readonly claims: JWTPayload & Record<string, unknown>;
  readonly header: JWSHeaderParameters;
}

const ALGORITHMS = [...ALLOWED_ALGORITHMS];
const ID_TOKEN_CLAIMS = ['iss', 'aud', 'exp', 'sub', 'iat'];

export async function verifyIdToken(token: string, resolveKey: KeyResolver, expect: TokenExpectations): Promise<VerifiedToken> {
  let result;
  try {
    result = await jwtVerify(token, resolveKey, {
      algorithms: ALGORITHMS,
      issuer: expect.issuer,
      audience: expect.audience,
      clockTolerance: expect.clockSkewSeconds,
      requiredClaims: expect.requiredClaims === undefined ? ID_TOKEN_CLAIMS : ['iss', 'aud', 'exp', ...expect.requiredClaims],
      ...(expect.now === undefined ? {} : { currentDate: new Date(expect.now) }),
    });
  } catch (err) {
    throw describeJoseFailure(err);
  }
  const claims = result.payload as JWTPayload & Record<string, unknown>;
  // jose checks iat only against a maximum age; a token "issued" in the future is as wrong as nbf in the future.
  const nowSeconds = (expect.now ?? Date.now()) / 1000;
  if (typeof claims.iat === 'number' && claims.iat > nowSeconds + expect.clockSkewSeconds) throw tokenInvalid('token rejected: issued in the future (iat)');
  const party = expect.authorizedParty;
  if (party !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (audiences.length > 1 && claims.azp === undefined) throw tokenInvalid('ID token has several audiences but no azp claim');
    if (claims.azp !== undefined && claims.azp !== party) throw tokenInvalid('ID token azp claim is not the client id');
  }
  if (expect.nonce !== undefined) {
    if (typeof claims.nonce !== 'string') throw tokenInvalid('nonce mismatch: the ID token carries no nonce');
    if (claims.nonce !== expect.nonce) throw tokenInvalid('nonce mismatch: the ID token was not issued for this login request');
  }
  return { claims, header: result.protectedHeader };
}

function describeJoseFailure(err: unknown): OidcLoginError {
  if (err instanceof OidcLoginError) return err;
  if (err instanceof errors.JWTExpired) return tokenInvalid(`token expired (exp ${String(err.payload.exp)})`, err);
  if (err instanceof errors.JWTClaimValidationFailed) {
    const what: Record<string, string> = { iss: 'wrong issuer (iss)', aud: 'wrong audience (aud)', nbf: 'not yet valid (nbf in the future)', iat: 'issued in the future (iat)' };
    return tokenInvalid(`token rejected: ${what[err.claim] ?? `claim ${err.claim}`}: ${err.message}`, err);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return tokenInvalid(`token rejected: signature algorithm not allowed (only ${ALGORITHMS.join(', ')})`, err);
  if (err instanceof errors.JWSSignatureVerificationFailed) return tokenInvalid('token rejected: bad signature', err);
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return tokenInvalid(`token rejected: malformed JWT (${err.message})`, err);
  if (err instanceof errors.JOSEError) return tokenInvalid(`token rejected: ${err.message}`, err);
  return tokenInvalid(`token rejected: ${err instanceof Error ? err.message : String(err)}`, err);
}
