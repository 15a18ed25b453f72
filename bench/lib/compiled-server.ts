/**
 * The benchmarks measure the server users run: `npm start` runs the tsc output in dist/, not the TypeScript sources
 * through tsx. The two differ in more than start-up: tsx's esbuild transform wraps every named function expression
 * in a `__name()` call (keepNames), which the login path then pays on every request.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = path.join(ROOT, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

let checked = false;

/** Compiles src/ to dist/ (npm run build:server) when dist/ is missing or older than a source file. */
export function ensureCompiledServer(): void {
  if (checked) return;
  checked = true;
  let built = 0;
  try { built = statSync(path.join(DIST, 'server.js')).mtimeMs; } catch { /* not built */ }
  if (built >= newestMtime(path.join(ROOT, 'src'))) return;
  process.stderr.write('compiling src/ to dist/ (the server npm start runs)\n');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
}
