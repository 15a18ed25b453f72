#!/usr/bin/env node
// Runs the compiled CLI (npm start builds it). Kept as plain JS so the bin works without a TypeScript loader.
import('../dist/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : err); process.exitCode = 1; },
);
