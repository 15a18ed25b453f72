import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createSecretBox, loadOrCreateSecretKey } from '../../../src/crypto/secret-box.js';
import { constantTimeEqual, newSessionToken, randomToken } from '../../../src/crypto/tokens.js';

describe('secret box', () => {
  it('round-trips and never stores the clear text', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.encrypt('ldap-system-password');
    assert.ok(box.isSealed(sealed));
    assert.ok(!sealed.includes('ldap-system-password'));
    assert.equal(box.decrypt(sealed), 'ldap-system-password');
  });

  it('refuses a tampered value and a different key', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.encrypt('x');
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    assert.throws(() => box.decrypt(tampered));
    assert.throws(() => createSecretBox(randomBytes(32)).decrypt(sealed));
  });

  it('generates a key file with mode 0600 once and reuses it', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kw-key-')), 'secret.key');
    const k1 = loadOrCreateSecretKey(file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(loadOrCreateSecretKey(file), k1);
    assert.equal(k1.length, 32);
    assert.ok(readFileSync(file, 'utf8').trim().length > 0);
  });
});

describe('tokens', () => {
  it('session tokens have the JS7 shape and are unique', () => {
    const t = newSessionToken();
    assert.match(t, /^[A-Za-z0-9_-]{8}-[A-Za-z0-9_-]{4}-[A-Za-z0-9_-]{4}-[A-Za-z0-9_-]{16}$/);
    assert.notEqual(newSessionToken(), t);
  });
  it('stay unique and random across refills of the entropy pool, for every size', () => {
    const tokens = Array.from({ length: 1000 }, newSessionToken); // 24 KB: several refills of the 4 KB pool
    assert.equal(new Set(tokens).size, tokens.length);
    for (const t of tokens) assert.match(t, /^[A-Za-z0-9_-]{8}-[A-Za-z0-9_-]{4}-[A-Za-z0-9_-]{4}-[A-Za-z0-9_-]{16}$/);
    // A pool handed out after zeroing (or never filled) would give "AAAA…" tokens.
    const bytes = Buffer.from(tokens.map((t) => t.replaceAll('-', '')).join(''), 'base64url');
    const zeros = bytes.filter((b) => b === 0).length;
    assert.ok(zeros < bytes.length / 64, `${zeros} zero bytes of ${bytes.length}`);
    for (const size of [1, 16, 32, 4096, 5000]) {
      const r = randomToken(size);
      assert.equal(Buffer.from(r, 'base64url').length, size);
      assert.notEqual(randomToken(size), r);
    }
  });
  it('constant-time equality', () => {
    assert.equal(constantTimeEqual('abc', 'abc'), true);
    assert.equal(constantTimeEqual('abc', 'abd'), false);
    assert.equal(constantTimeEqual('abc', 'abcd'), false);
  });
});
