import { writeFileSync } from 'node:fs';
import { configurationDoc } from '../src/config/configuration-doc.js';
import { errorsDoc } from '../src/errors/errors-doc.js';

// Pages generated from code, so they cannot drift (test/unit/docs/docs-are-current.test.ts fails when stale).
writeFileSync(new URL('../docs/operations/configuration.md', import.meta.url), configurationDoc());
writeFileSync(new URL('../docs/errors.md', import.meta.url), errorsDoc());
console.log('docs/operations/configuration.md and docs/errors.md written');
