/**
 * `npm run bench`: runs every benchmark in bench/ (each exports `run()`), one after another on this machine, and
 * prints each figure with the ratio against the baseline measured in the same run. Never part of `npm test`.
 * Give names to run a subset: npm run bench -- login permission-checks
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';

interface BenchResult { name: string; value: number; unit: string; target?: number }

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, ''))).sort();

console.log(`Keyward benchmarks — ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString()}`);
let missed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run?: () => Promise<BenchResult[]> };
  if (typeof mod.run !== 'function') continue;
  console.log(`\n## ${file}`);
  for (const r of await mod.run()) {
    const verdict = r.target === undefined ? '' : `  target ${r.unit === 'ratio' ? '≥ ' + String(r.target) : '≥ ' + r.target.toLocaleString('en')}: ${r.value >= r.target ? 'met' : 'MISSED'}`;
    if (r.target !== undefined && r.value < r.target) missed++;
    const value = r.unit === 'ratio' ? r.value.toFixed(3) : Math.round(r.value).toLocaleString('en');
    console.log(`  ${r.name.padEnd(60)} ${value.padStart(14)} ${r.unit}${verdict}`);
  }
}
console.log(missed === 0 ? '\nAll targets met.' : `\n${missed} target(s) missed.`);
process.exit(0);
