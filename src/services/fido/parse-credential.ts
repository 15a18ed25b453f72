import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

/**
 * Shape checks for WebAuthn JSON from untrusted clients (the login body has no route schema of its own). Only the
 * shape: every value is verified cryptographically afterwards.
 */
const b64url = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length > 0 && v.length <= max && /^[A-Za-z0-9_-]+={0,2}$/.test(v);

export function asAuthenticationResponse(v: unknown): AuthenticationResponseJSON | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Record<string, unknown>;
  const r = c.response as Record<string, unknown> | undefined;
  if (!b64url(c.id, 1024) || !b64url(c.rawId, 1024) || c.type !== 'public-key' || typeof r !== 'object' || r === null) return undefined;
  if (!b64url(r.clientDataJSON) || !b64url(r.authenticatorData) || !b64url(r.signature, 10_000)) return undefined;
  if (r.userHandle !== undefined && r.userHandle !== null && r.userHandle !== '' && !b64url(r.userHandle, 1024)) return undefined;
  return {
    id: c.id, rawId: c.rawId, type: 'public-key', clientExtensionResults: {},
    response: {
      clientDataJSON: r.clientDataJSON, authenticatorData: r.authenticatorData, signature: r.signature,
      ...(typeof r.userHandle === 'string' && r.userHandle !== '' ? { userHandle: r.userHandle } : {}),
    },
  };
}

export function asRegistrationResponse(v: unknown): RegistrationResponseJSON | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Record<string, unknown>;
  const r = c.response as Record<string, unknown> | undefined;
  if (!b64url(c.id, 1024) || !b64url(c.rawId, 1024) || c.type !== 'public-key' || typeof r !== 'object' || r === null) return undefined;
  if (!b64url(r.clientDataJSON) || !b64url(r.attestationObject)) return undefined;
  const transports = Array.isArray(r.transports) ? r.transports.filter((t): t is string => typeof t === 'string' && /^[a-z-]{1,20}$/.test(t)).slice(0, 10) : [];
  return {
    id: c.id, rawId: c.rawId, type: 'public-key', clientExtensionResults: {},
    response: { clientDataJSON: r.clientDataJSON, attestationObject: r.attestationObject, transports: transports as RegistrationResponseJSON['response']['transports'] },
  };
}

/** The challenge a client says it answered (from clientDataJSON), to find the ceremony; verified later. */
export function challengeOf(clientDataJSON: string): string | undefined {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' && data.challenge.length <= 1024 ? data.challenge : undefined;
  } catch {
    return undefined;
  }
}
