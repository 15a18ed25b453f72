import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { SignJWT, exportSPKI, generateKeyPair, type JWSHeaderParameters } from 'jose';
import type { VerificationKey } from '../../../../src/services/oidc/discover-provider.js';
import { OidcLoginError } from '../../../../src/services/oidc/oidc-errors.js';
import { verifyIdToken } from '../../../../src/services/oidc/verify-id-token.js';

// verify-id-token.ts in isolation, with a frozen clock: every check of seed 003 / OIDC Core §3.1.3.7 and the
// allow-list (spec §5.3 fixed). The key resolver stands in for the provider's JWKS.
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const T = NOW / 1000;
const rsa = await generateKeyPair('RS256', { extractable: true });
const ec = await generateKeyPair('ES256');
const other = await generateKeyPair('RS256');
const rsaPem = await exportSPKI(rsa.publicKey);

const keys = async (h: JWSHeaderParameters): Promise<VerificationKey> => {
  if (h.kid === 'rs1') return rsa.publicKey;
  if (h.kid === 'ec1') return ec.publicKey;
  throw new OidcLoginError('TOKEN_INVALID', `unknown kid "${String(h.kid)}"`);
};
const expect = { issuer: 'https://op.example.com', audience: 'keyward', authorizedParty: 'keyward', nonce: 'n-1', clockSkewSeconds: 30, now: NOW };
const claims = { iss: 'https://op.example.com', aud: 'keyward', sub: 'alice', iat: T - 10, exp: T + 300, nonce: 'n-1' };
const sign = (c: Record<string, unknown>, kid = 'rs1', key: CryptoKey = rsa.privateKey, alg = 'RS256') =>
  new SignJWT(c).setProtectedHeader({ alg, kid }).sign(key);
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function rejects(token: string | Promise<string>, reason: RegExp, e: Partial<typeof expect> = {}): Promise<void> {
  await assert.rejects(verifyIdToken(await token, keys, { ...expect, ...e }), (err: unknown) => {
    assert.ok(err instanceof OidcLoginError);
    assert.equal(err.code, 'TOKEN_INVALID');
    assert.match(err.message, reason);
    return true;
  });
}

describe('verifyIdToken', () => {
  it('accepts a valid RS256 token and a valid ES256 token', async () => {
    assert.equal((await verifyIdToken(await sign(claims), keys, expect)).claims.sub, 'alice');
    assert.equal((await verifyIdToken(await sign(claims, 'ec1', ec.privateKey, 'ES256'), keys, expect)).header.alg, 'ES256');
  });

  it('refuses alg none', () => rejects(`${b64({ alg: 'none' })}.${b64(claims)}.`, /algorithm not allowed|malformed/));

  it('refuses HS256 signed with the RSA public key (key confusion)', async () => {
    const input = `${b64({ alg: 'HS256', kid: 'rs1' })}.${b64(claims)}`;
    await rejects(`${input}.${createHmac('sha256', rsaPem).update(input).digest('base64url')}`, /algorithm not allowed/);
  });

  it('refuses a bad signature', async () => {
    const [h, , s] = (await sign(claims)).split('.');
    await rejects(`${h}.${b64({ ...claims, sub: 'root' })}.${s}`, /bad signature/);
  });

  it('refuses another key under the real kid, and an unknown kid', async () => {
    await rejects(sign(claims, 'rs1', other.privateKey), /bad signature/);
    await rejects(sign(claims, 'nope', other.privateKey), /unknown kid/);
  });

  it('refuses expired tokens, but tolerates the configured clock skew', async () => {
    await rejects(sign({ ...claims, exp: T - 31 }), /expired/);
    assert.ok(await verifyIdToken(await sign({ ...claims, exp: T - 29 }), keys, expect));
    await rejects(sign({ ...claims, exp: T - 5 }), /expired/, { clockSkewSeconds: 0 });
  });

  it('refuses nbf and iat in the future (beyond the skew)', async () => {
    await rejects(sign({ ...claims, nbf: T + 60 }), /nbf/);
    await rejects(sign({ ...claims, iat: T + 60 }), /iat/);
  });

  it('refuses wrong aud, and several audiences without azp = client id', async () => {
    await rejects(sign({ ...claims, aud: 'other' }), /audience/);
    await rejects(sign({ ...claims, aud: ['keyward', 'other'] }), /several audiences but no azp/);
    await rejects(sign({ ...claims, aud: ['keyward', 'other'], azp: 'other' }), /azp/);
    assert.ok(await verifyIdToken(await sign({ ...claims, aud: ['keyward', 'other'], azp: 'keyward' }), keys, expect));
  });

  it('refuses a wrong issuer', () => rejects(sign({ ...claims, iss: 'https://evil.example.com' }), /issuer/));

  it('refuses a nonce mismatch and a missing nonce', async () => {
    await rejects(sign({ ...claims, nonce: 'other' }), /nonce mismatch/);
    await rejects(sign({ ...claims, nonce: undefined }), /nonce mismatch: the ID token carries no nonce/);
  });

  it('requires sub, iat and exp', async () => {
    await rejects(sign({ ...claims, sub: undefined }), /sub/);
    await rejects(sign({ ...claims, exp: undefined }), /exp/);
  });
});
