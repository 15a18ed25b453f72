// The way back to a protected application after login (web/src/login/return-to.ts): `rd` is only ever handed to
// Keyward's /auth/return, which decides whether it is safe; the page never navigates to it itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authReturnUrl, cookieLoginHeaders, leaveForApplication, readReturnTo, SET_COOKIE_HEADER } from '../../../web/src/login/return-to.js';

const HOSTILE = [
  'https://evil.example/phish',
  '//evil.example',
  '/\\evil.example',
  'javascript:alert(1)',
  'https://shop.example.com@evil.example/',
  'http://localhost:4446/app?x=1&rd=https://evil.example#frag',
  ' /ok with spaces ',
];

describe('return to the protected application (rd)', () => {
  it('reads rd from the page query, and nothing else', () => {
    assert.equal(readReturnTo('?rd=https%3A%2F%2Fshop.example.com%2Forders%3Fa%3D1'), 'https://shop.example.com/orders?a=1');
    assert.equal(readReturnTo('?foo=1&rd=%2Fapp'), '/app');
    assert.equal(readReturnTo(''), null);
    assert.equal(readReturnTo('?rd='), null);
    assert.equal(readReturnTo('?redirect=%2Fapp'), null);
  });

  it('asks for the session cookie only when the login came with rd', () => {
    assert.deepEqual(cookieLoginHeaders('https://shop.example.com/'), { [SET_COOKIE_HEADER]: 'true' });
    assert.equal(SET_COOKIE_HEADER.toLowerCase(), 'x-keyward-set-cookie');
    assert.deepEqual(cookieLoginHeaders(null), {});
    assert.deepEqual(cookieLoginHeaders(undefined), {});
    assert.deepEqual(cookieLoginHeaders(''), {});
  });

  it('always goes to /auth/return on Keyward itself, with rd passed on unchanged', () => {
    for (const rd of HOSTILE) {
      const target = authReturnUrl(rd);
      assert.ok(target.startsWith('/auth/return?'), target);
      const resolved = new URL(target, 'http://keyward.test');
      assert.equal(resolved.origin, 'http://keyward.test', `${rd} must not leave Keyward`);
      assert.equal(resolved.pathname, '/auth/return');
      assert.deepEqual([...resolved.searchParams.keys()], ['rd']);
      assert.equal(resolved.searchParams.get('rd'), rd);
    }
  });

  it('after login: navigates to /auth/return with rd, never to rd itself; without rd the console stays', () => {
    for (const rd of HOSTILE) {
      const visited: string[] = [];
      assert.equal(leaveForApplication(rd, (url) => visited.push(url)), true);
      assert.deepEqual(visited, [authReturnUrl(rd)]);
      assert.notEqual(visited[0], rd);
    }
    const visited: string[] = [];
    assert.equal(leaveForApplication(null, (url) => visited.push(url)), false);
    assert.equal(leaveForApplication('', (url) => visited.push(url)), false);
    assert.deepEqual(visited, []);
  });
});
