import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBasicAuthorization } from '../../../src/http/routes/authentication.js';
import { KeywardError } from '../../../src/errors/index.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('parseBasicAuthorization (spec §1.1)', () => {
  it('splits at the first colon; the password may contain colons and Unicode', () => {
    assert.deepEqual(parseBasicAuthorization(`Basic ${b64('root:pa:ss')}`), { account: 'root', password: 'pa:ss' });
    assert.deepEqual(parseBasicAuthorization(`basic ${b64('jürgen:pässwörd')}`), { account: 'jürgen', password: 'pässwörd' });
  });
  it('absent or empty means "no password credentials"', () => {
    assert.equal(parseBasicAuthorization(undefined), undefined);
    assert.equal(parseBasicAuthorization('Basic'), undefined);
  });
  it('refuses other schemes and undecodable values with 420', () => {
    for (const h of ['Bearer abc', `Basic ${b64('nocolon')}`, 'Basic !!!']) {
      assert.throws(() => parseBasicAuthorization(h), (e: unknown) => e instanceof KeywardError && e.status === 420);
    }
  });
});
