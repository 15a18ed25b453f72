import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { configurationDoc } from '../../../src/config/configuration-doc.js';
import { errorsDoc } from '../../../src/errors/errors-doc.js';

describe('generated documentation is current (npm run docs:config)', () => {
  it('docs/operations/configuration.md matches src/config/settings.ts', () => {
    assert.equal(readFileSync('docs/operations/configuration.md', 'utf8'), configurationDoc());
  });
  it('docs/errors.md matches src/errors/keyward-error.ts', () => {
    assert.equal(readFileSync('docs/errors.md', 'utf8'), errorsDoc());
  });
});
