import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashJs7Password, hashPassword, verifyPassword } from '../../../src/crypto/password-hash.js';

describe('password hashes', () => {
  it('hashes with Argon2id at the OWASP parameters', async () => {
    const h = await hashPassword('correct horse');
    assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.deepEqual(await verifyPassword('correct horse', h), { ok: true, needsRehash: false });
    assert.deepEqual(await verifyPassword('correct hors', h), { ok: false });
  });

  it('verifies JS7 $JS7-1.0$ PBKDF2 hashes and asks for a rehash', async () => {
    const h = await hashJs7Password('secret', randomBytes(16), 1000);
    assert.match(h, /^\$JS7-1\.0\$1000\$/);
    assert.deepEqual(await verifyPassword('secret', h), { ok: true, needsRehash: true });
    assert.deepEqual(await verifyPassword('Secret', h), { ok: false });
  });

  it('has no pass-the-hash quirk: the stored hash string is not a password (spec §4.3)', async () => {
    const js7 = await hashJs7Password('secret', randomBytes(16), 1000);
    assert.deepEqual(await verifyPassword(js7, js7), { ok: false });
    const argon = await hashPassword('secret');
    assert.deepEqual(await verifyPassword(argon, argon), { ok: false });
  });

  it('never accepts an empty password, a missing hash or an unknown format', async () => {
    const h = await hashPassword('x');
    assert.deepEqual(await verifyPassword('', h), { ok: false });
    assert.deepEqual(await verifyPassword('x', null), { ok: false });
    assert.deepEqual(await verifyPassword('x', '********'), { ok: false });
    assert.deepEqual(await verifyPassword('x', '$JS7-1.0$abc$AAAA$AAAA'), { ok: false });
  });

  it('asks to rehash Argon2 hashes made with other parameters', async () => {
    const { hash } = await import('@node-rs/argon2');
    const weak = await hash('pw', { memoryCost: 8192, timeCost: 1, parallelism: 1, algorithm: 2 });
    assert.deepEqual(await verifyPassword('pw', weak), { ok: true, needsRehash: true });
  });
});
