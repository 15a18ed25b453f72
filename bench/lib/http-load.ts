/**
 * Shared plumbing of the HTTP benchmarks: servers run in a child process (so the load generator, autocannon, does
 * not share their event loop), the parent measures the baseline and the subject alternately with the same
 * connections and duration, and reports requests/s and their ratio.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { ensureCompiledServer } from './compiled-server.js';

export interface BenchResult { name: string; value: number; unit: string; target?: number }

export interface ChildServer {
  readonly info: Record<string, string>;
  /** CPU time (user + system) the child has used so far, in seconds (Linux /proc). */
  cpuSeconds(): number;
  /** The same for the child's main (event-loop) thread alone. */
  mainThreadCpuSeconds(): number;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./keyward-child.ts', import.meta.url));

/**
 * Starts bench/lib/keyward-child.ts (a bare Fastify route + the compiled Keyward configured by `env`) in a child process and
 * waits for its `READY {json}` line. Stopped by PID (also if this process exits first).
 */
export async function spawnServer(env: Record<string, string> = {}): Promise<ChildServer> {
  ensureCompiledServer();
  const file = CHILD;
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${file}`);
  const kill = (): void => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', kill);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => { if (line.startsWith('READY ')) resolve(JSON.parse(line.slice(6)) as Record<string, string>); });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${String(code)} before it was ready`)));
  });
  return {
    info,
    cpuSeconds: () => procCpuSeconds(`/proc/${pid}/stat`),
    mainThreadCpuSeconds: () => procCpuSeconds(`/proc/${pid}/task/${pid}/stat`),
    stop: async () => {
      process.removeListener('exit', kill);
      try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
      const timer = setTimeout(kill, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** utime + stime of a /proc `stat` file (fields 14 and 15, in clock ticks of 1/100 s on Linux), in seconds. */
function procCpuSeconds(statFile: string): number {
  const fields = readFileSync(statFile, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Announces the servers of a `--serve` child to its parent. */
export function announce(info: Record<string, string>): void {
  process.stdout.write(`READY ${JSON.stringify(info)}\n`);
}

/**
 * Bare Fastify routes, the baselines of the HTTP benchmarks (no hooks, no parser, no schema): `/bare` answers an
 * empty 200 (like /auth/verify), `/bare-json` the same small JSON body as JS7's permission helper
 * (`{deliveryDate, isPermitted}`), so that comparison measures the session and permission check, not JSON.
 */
export async function startBareFastify(): Promise<string> {
  const app = Fastify();
  app.get('/bare', (_request, reply) => { void reply.send(); });
  app.get('/bare-json', (_request, reply) => { void reply.send({ deliveryDate: new Date().toISOString(), isPermitted: true }); });
  return app.listen({ host: '127.0.0.1', port: 0 });
}

export interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
}

export interface LoadOptions {
  readonly connections: number;
  readonly seconds: number;
}

export interface Measurement {
  /** Requests per second, summed over the targets. */
  readonly rps: number;
  /** Server CPU time per request in microseconds (all `servers`), when servers are given. */
  readonly cpuMicros: number;
}

/**
 * Requests per second over all targets loaded at the same time (one autocannon per target), and the servers' CPU
 * time per request: on a shared or small machine the load generator can limit throughput, CPU per request cannot
 * be flattered that way. Non-2xx answers are an error (the benchmark would measure failures).
 */
export async function measure(targets: readonly Target[], options: LoadOptions, servers: readonly ChildServer[] = []): Promise<Measurement> {
  const cpuBefore = servers.reduce((sum, s) => sum + s.cpuSeconds(), 0);
  const results = await Promise.all(targets.map((t) => autocannon({
    url: t.url, headers: t.headers, connections: options.connections, duration: options.seconds, pipelining: 1,
  })));
  const cpu = servers.reduce((sum, s) => sum + s.cpuSeconds(), 0) - cpuBefore;
  let rps = 0;
  let requests = 0;
  for (const [i, r] of results.entries()) {
    if (r.non2xx > 0 || r.errors > 0) {
      throw new Error(`${targets[i]?.url}: ${r.non2xx} non-2xx answers and ${r.errors} errors — the benchmark would measure failures`);
    }
    rps += r.requests.average;
    requests += r.requests.total;
  }
  return { rps, cpuMicros: requests === 0 ? 0 : (cpu * 1e6) / requests };
}

export interface Comparison {
  readonly baseline: Measurement;
  readonly subject: Measurement;
  /** Median over the rounds of subject/baseline requests per second (each round's pair is measured back to back). */
  readonly ratio: number;
  /** Median over the rounds of baseline/subject server CPU per request (1 = the subject costs the baseline's CPU). */
  readonly cpuRatio: number;
}

/**
 * Baseline and subject, warmed up, then measured in `rounds` back-to-back pairs whose order flips every round
 * (baseline, subject, subject, baseline, ...).
 * Ratios are taken per round, from two measurements seconds apart, and the median is reported: load from other
 * processes on a shared machine shifts both sides of a round alike, and one disturbed round cannot move a median.
 */
export async function compare(
  baseline: readonly Target[], subject: readonly Target[],
  options: LoadOptions & { rounds: number; warmupSeconds: number }, servers: readonly ChildServer[] = [],
): Promise<Comparison> {
  await measure(baseline, { ...options, seconds: options.warmupSeconds });
  await measure(subject, { ...options, seconds: options.warmupSeconds });
  const b: Measurement[] = [];
  const s: Measurement[] = [];
  for (let round = 0; round < options.rounds; round++) {
    // The order flips every round (ABBA…): whichever side runs second inherits the first's garbage and JIT state and
    // meets a drifting machine later, and a fixed order would charge that to one side.
    if (round % 2 === 0) {
      b.push(await measure(baseline, options, servers));
      s.push(await measure(subject, options, servers));
    } else {
      s.push(await measure(subject, options, servers));
      b.push(await measure(baseline, options, servers));
    }
  }
  // BENCH_ROUNDS=1 prints each round's ratio and CPU per request (stderr), to see how noisy the machine is.
  if (process.env.BENCH_ROUNDS === '1') {
    console.error(s.map((m, i) => `${(m.rps / (b[i]?.rps ?? Number.NaN)).toFixed(3)} (${b[i]?.cpuMicros.toFixed(1)}/${m.cpuMicros.toFixed(1)} µs)`).join('  '));
  }
  return {
    baseline: mean(b),
    subject: mean(s),
    ratio: median(s.map((m, i) => m.rps / (b[i]?.rps ?? Number.NaN))),
    cpuRatio: median(s.map((m, i) => (b[i]?.cpuMicros ?? Number.NaN) / m.cpuMicros)),
  };
}

function mean(ms: readonly Measurement[]): Measurement {
  return {
    rps: ms.reduce((x, m) => x + m.rps, 0) / ms.length,
    cpuMicros: ms.reduce((x, m) => x + m.cpuMicros, 0) / ms.length,
  };
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] ?? Number.NaN : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function printResults(results: readonly BenchResult[]): void {
  for (const r of results) {
    const value = r.unit === 'ratio' ? r.value.toFixed(3) : r.value < 100 ? r.value.toFixed(1) : Math.round(r.value).toLocaleString('en');
    const verdict = r.target === undefined ? '' : `  (target ≥ ${r.target}: ${r.value >= r.target ? 'met' : 'MISSED'})`;
    console.log(`${r.name.padEnd(64)} ${value.padStart(12)} ${r.unit}${verdict}`);
  }
}
