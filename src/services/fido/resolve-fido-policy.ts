import type { AuthenticatorTransport } from '@simplewebauthn/server';
import { originMatchesRpId, type FidoSettings, type Requirement } from './fido-settings.js';

/**
 * The WebAuthn parameters of one FIDO service: its settings with the "from the public URL" defaults filled in.
 * `KEYWARD_PUBLIC_URL` (default: the server's own URL) gives the RP ID (its host) and the one allowed origin.
 */
export interface FidoPolicy {
  readonly rpId: string;
  readonly rpName: string;
  readonly origins: readonly string[];
  readonly userVerification: 'required' | 'preferred' | 'discouraged';
  readonly residentKey: 'required' | 'preferred' | 'discouraged';
  readonly attachment: 'platform' | 'cross-platform' | undefined;
  readonly transports: readonly AuthenticatorTransport[];
  readonly timeoutMs: number;
  readonly requireAccount: boolean;
  readonly algorithms: readonly number[];
  readonly requireConfirmedEmail: boolean;
  readonly settings: FidoSettings;
}

export type PolicyResult = { readonly ok: true; readonly policy: FidoPolicy } | { readonly ok: false; readonly message: string };

export function resolveFidoPolicy(settings: FidoSettings, publicUrl: string): PolicyResult {
  let base: URL | undefined;
  try {
    base = publicUrl === '' ? undefined : new URL(publicUrl);
  } catch {
    base = undefined;
  }
  const rpId = settings.iamFidoRpId !== '' ? settings.iamFidoRpId : base?.hostname ?? '';
  const origins = settings.iamFidoOrigins.length > 0 ? settings.iamFidoOrigins : base === undefined ? [] : [base.origin];
  if (rpId === '' || origins.length === 0) return { ok: false, message: 'no relying party ID: set iamFidoRpId/iamFidoOrigins or KEYWARD_PUBLIC_URL' };
  if (/^[\d.]+$|:/.test(rpId)) return { ok: false, message: `the relying party ID ${rpId} is an IP address, which WebAuthn refuses: set KEYWARD_PUBLIC_URL to a host name or iamFidoRpId` };
  const stray = origins.find((o) => !originMatchesRpId(o, rpId));
  if (stray !== undefined) return { ok: false, message: `origin ${stray} does not belong to the relying party ID ${rpId}` };
  return {
    ok: true,
    policy: {
      rpId, rpName: settings.iamFidoRpName, origins,
      userVerification: lower(settings.iamFidoUserVerification),
      residentKey: lower(settings.iamFidoResidentKey),
      attachment: settings.iamFidoAttachment === 'PLATFORM' ? 'platform' : settings.iamFidoAttachment === 'ROAMING' ? 'cross-platform' : undefined,
      transports: settings.iamFidoTransports.map((t) => t.toLowerCase() as AuthenticatorTransport),
      timeoutMs: settings.iamFidoTimeout * 1000,
      requireAccount: settings.iamFidoRequireAccount,
      algorithms: settings.iamFidoAlgorithms,
      requireConfirmedEmail: settings.iamFidoRequireConfirmedEmail,
      settings,
    },
  };
}

function lower(r: Requirement): 'required' | 'preferred' | 'discouraged' {
  return r === 'REQUIRED' ? 'required' : r === 'PREFERRED' ? 'preferred' : 'discouraged';
}
