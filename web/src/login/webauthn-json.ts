// WebAuthn options and responses as the JSON the server speaks (WebAuthn L3 "…JSON" types, what
// @simplewebauthn/server produces and verifies). Uses the browser's own parse…FromJSON / toJSON when present and
// converts base64url by hand otherwise, so older browsers work too. Pure except for navigator.credentials.

type Json = Record<string, unknown>;

export function base64urlToBuffer(s: string): ArrayBuffer {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

export function bufferToBase64url(buf: ArrayBuffer | ArrayBufferView): string {
  const bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

interface PkcStatic {
  parseCreationOptionsFromJSON?(o: Json): PublicKeyCredentialCreationOptions;
  parseRequestOptionsFromJSON?(o: Json): PublicKeyCredentialRequestOptions;
}

const descriptors = (list: unknown): PublicKeyCredentialDescriptor[] | undefined =>
  Array.isArray(list) ? list.map((d: Json) => ({ ...d, type: 'public-key', id: base64urlToBuffer(String(d.id)) }) as PublicKeyCredentialDescriptor) : undefined;

export function creationOptionsFromJSON(o: Json): PublicKeyCredentialCreationOptions {
  const pkc = (window.PublicKeyCredential as unknown as PkcStatic | undefined);
  if (pkc?.parseCreationOptionsFromJSON) return pkc.parseCreationOptionsFromJSON(o);
  const user = o.user as Json;
  const exclude = descriptors(o.excludeCredentials);
  return {
    ...(o as unknown as PublicKeyCredentialCreationOptions),
    challenge: base64urlToBuffer(String(o.challenge)),
    user: { ...(user as unknown as PublicKeyCredentialUserEntity), id: base64urlToBuffer(String(user.id)) },
    ...(exclude ? { excludeCredentials: exclude } : {}),
  };
}

export function requestOptionsFromJSON(o: Json): PublicKeyCredentialRequestOptions {
  const pkc = (window.PublicKeyCredential as unknown as PkcStatic | undefined);
  if (pkc?.parseRequestOptionsFromJSON) return pkc.parseRequestOptionsFromJSON(o);
  const allow = descriptors(o.allowCredentials);
  return { ...(o as unknown as PublicKeyCredentialRequestOptions), challenge: base64urlToBuffer(String(o.challenge)), ...(allow ? { allowCredentials: allow } : {}) };
}

/** RegistrationResponseJSON / AuthenticationResponseJSON of a credential. */
export function credentialToJSON(c: PublicKeyCredential): Json {
  const withJson = c as PublicKeyCredential & { toJSON?: () => Json };
  if (typeof withJson.toJSON === 'function') return withJson.toJSON();
  const r = c.response as AuthenticatorResponse & Partial<AuthenticatorAttestationResponse & AuthenticatorAssertionResponse>;
  const response: Json = { clientDataJSON: bufferToBase64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = bufferToBase64url(r.attestationObject);
    if (typeof r.getTransports === 'function') response.transports = r.getTransports();
  }
  if (r.authenticatorData) response.authenticatorData = bufferToBase64url(r.authenticatorData);
  if (r.signature) response.signature = bufferToBase64url(r.signature);
  if (r.userHandle) response.userHandle = bufferToBase64url(r.userHandle);
  return {
    id: c.id, rawId: bufferToBase64url(c.rawId), type: c.type, response,
    clientExtensionResults: c.getClientExtensionResults() as Json,
    ...(c.authenticatorAttachment ? { authenticatorAttachment: c.authenticatorAttachment } : {}),
  };
}

export function webAuthnAvailable(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function' && window.isSecureContext;
}

/** navigator.credentials.create with server options → RegistrationResponseJSON. */
export async function createCredential(options: Json): Promise<Json> {
  const cred = await navigator.credentials.create({ publicKey: creationOptionsFromJSON(options) });
  if (!(cred instanceof PublicKeyCredential)) throw new Error('The browser returned no security key credential.');
  return credentialToJSON(cred);
}

/** navigator.credentials.get with server options → AuthenticationResponseJSON. */
export async function getAssertion(options: Json): Promise<Json> {
  const cred = await navigator.credentials.get({ publicKey: requestOptionsFromJSON(options) });
  if (!(cred instanceof PublicKeyCredential)) throw new Error('The browser returned no security key credential.');
  return credentialToJSON(cred);
}

/** Words for the DOMExceptions of the WebAuthn API (the user cancelled, the key is unknown to this site, …). */
export function describeWebAuthnError(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
      return 'The security key request was cancelled or timed out. Try again and touch your key when it blinks.';
    case 'InvalidStateError':
      return 'This security key is registered already.';
    case 'SecurityError':
      return 'The browser refused the security key for this address. Open Keyward under its host name (not an IP address) over https.';
    case 'NotSupportedError':
      return 'This browser or key does not support the requested kind of security key.';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
