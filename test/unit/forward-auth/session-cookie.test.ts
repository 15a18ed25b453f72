import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildClearedSessionCookie, buildSessionCookie, readSessionCookie, SESSION_COOKIE } from '../../../src/forward-auth/session-cookie.js';

function attributesOf(setCookie: string): Map<string, string> {
  const [, ...parts] = setCookie.split(';').map((p) => p.trim());
  return new Map(parts.map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p.toLowerCase(), ''] : [p.slice(0, eq).toLowerCase(), p.slice(eq + 1)];
  }));
}

describe('session cookie flags', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, a browser-session cookie, and not Secure over HTTP', () => {
    const cookie = buildSessionCookie('tok-en_1', { secure: false, domain: undefined });
    assert.ok(cookie.startsWith(`${SESSION_COOKIE}=tok-en_1;`));
    const a = attributesOf(cookie);
    assert.equal(a.has('httponly'), true);
    assert.equal(a.get('samesite'), 'Lax');
    assert.equal(a.get('path'), '/');
    assert.equal(a.has('secure'), false);
    assert.equal(a.has('domain'), false);
    assert.equal(a.has('max-age'), false);
    assert.equal(a.has('expires'), false);
  });

  it('is Secure over HTTPS and carries the configured Domain', () => {
    const a = attributesOf(buildSessionCookie('t', { secure: true, domain: 'example.com' }));
    assert.equal(a.has('secure'), true);
    assert.equal(a.get('domain'), 'example.com');
  });

  it('is cleared with the same Path/Domain and Max-Age=0', () => {
    const cleared = buildClearedSessionCookie({ secure: true, domain: 'example.com' });
    assert.ok(cleared.startsWith(`${SESSION_COOKIE}=;`));
    const a = attributesOf(cleared);
    assert.equal(a.get('max-age'), '0');
    assert.equal(a.get('path'), '/');
    assert.equal(a.get('domain'), 'example.com');
    assert.equal(a.has('httponly'), true);
  });
});

describe('reading the session cookie', () => {
  const cases: [header: string | undefined, token: string | undefined][] = [
    [undefined, undefined],
    ['', undefined],
    [`${SESSION_COOKIE}=abc`, 'abc'],
    [`a=1; ${SESSION_COOKIE}=abc; b=2`, 'abc'],
    [`a=1;${SESSION_COOKIE}=abc`, 'abc'],
    [`my_${SESSION_COOKIE}=evil; ${SESSION_COOKIE}=abc`, 'abc'],
    [`my_${SESSION_COOKIE}=evil`, undefined],
    [`${SESSION_COOKIE}=`, undefined],
    [`${SESSION_COOKIE}x=abc`, undefined],
  ];
  for (const [header, token] of cases) {
    it(`${JSON.stringify(header)} → ${String(token)}`, () => {
      assert.equal(readSessionCookie(header), token);
    });
  }
});
