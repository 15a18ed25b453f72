/**
 * Shared plumbing of the HTTP benchmarks: servers run in a child process (so the load generator, autocannon, does
 * not share their event loop), the parent measures the baseline and the subject alternately with the same
 * connections and duration, and reports requests/s and their ratio.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { ensureCompiledServer } from './compiled-server.js';
import { KeepAliveClient, prepare } from './keep-alive-client.js';

export interface BenchResult { name: string; value: number; unit: string; target?: number }

export interface ChildServer {
  readonly info: Record<string, string>;
  /** CPU time (user + system) the child has used so far, in seconds (Linux /proc). */
  cpuSeconds(): number;
  /** The same for the child's main (event-loop) thread alone. */
  mainThreadCpuSeconds(): number;
  /** CPU time of all the child's threads in nanoseconds (/proc schedstat): fine enough for slices of 100 ms. */
  cpuNanos(): number;
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
    cpuNanos: () => procCpuNanos(pid),
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

/** The first field of each thread's /proc schedstat: nanoseconds on a CPU. A thread that ended meanwhile is skipped. */
function procCpuNanos(pid: number): number {
  let sum = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      sum += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch { /* the thread has ended */ }
  }
  return sum;
}

/** Announces the servers of a `--serve` child to its parent. */
export function announce(info: Record<string, string>): void {
  process.stdout.write(`READY ${JSON.stringify(info)}\n`);
}

/**
 * Bare Fastify routes, the baselines of the HTTP benchmarks (no hooks, no parser, no validation): `/bare` answers an
 * empty 200 (like /auth/verify), `/bare-json` the same small JSON body as JS7's permission helper
 * (`{deliveryDate, isPermitted}`), and `/bare-same-answer` that body with the response headers Keyward sends with every
 * API answer (`SAME_ANSWER_HEADERS`; bench/authorized-api-call.ts checks before measuring that the two answers carry
 * the same header names). The JSON routes produce their answer as cheaply as Keyward does — a response schema (Fastify's
 * compiled serialiser) and one date string per millisecond — so a comparison measures the session and permission
 * check, not how the answer is formatted. `/bare-raw-same-answer` writes that answer past Fastify's reply, straight to
 * Node, as Keyward writes its permission helper's answer.
 */
export const SAME_ANSWER_HEADERS = {
  'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY', 'cache-control': 'no-store',
} as const;

export async function startBareFastify(): Promise<string> {
  const app = Fastify();
  let lastMs = 0;
  let lastIso = '';
  const answer = (): { deliveryDate: string; isPermitted: boolean } => {
    const ms = Date.now();
    if (ms !== lastMs) { lastMs = ms; lastIso = new Date(ms).toISOString(); }
    return { deliveryDate: lastIso, isPermitted: true };
  };
  const schema = {
    response: { 200: { type: 'object', properties: { deliveryDate: { type: 'string' }, isPermitted: { type: 'boolean' } }, required: ['deliveryDate', 'isPermitted'] } },
  };
  app.get('/bare', (_request, reply) => { void reply.send(); });
  app.get('/bare-json', { schema }, answer);
  app.get('/bare-same-answer', { schema }, (_request, reply) => { void reply.headers(SAME_ANSWER_HEADERS); return answer(); });
  // The same answer written past Fastify's reply, as Keyward writes the permission helper's (src/http/raw-answer.ts).
  const rawHeaders = Object.entries({ ...SAME_ANSWER_HEADERS, 'content-type': 'application/json; charset=utf-8' }).flat();
  app.get('/bare-raw-same-answer', (_request, reply) => {
    const a = answer();
    const json = `{"deliveryDate":"${a.deliveryDate}","isPermitted":${a.isPermitted ? 'true' : 'false'}}`;
    reply.hijack();
    reply.raw.writeHead(200, [...rawHeaders, 'content-length', String(Buffer.byteLength(json))]);
    reply.raw.end(json);
  });
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
  const [b, s] = await inFlippingPairs(options.rounds, () => measure(baseline, options, servers), () => measure(subject, options, servers));
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

/**
 * Runs `baseline` and `subject` back to back `pairs` times, the order flipping every pair (ABBA…): whichever side runs
 * second inherits the first's garbage and JIT state and meets a drifting machine later, and a fixed order would
 * charge that to one side. Returns the baseline's and the subject's results, index i of both from pair i.
 */
async function inFlippingPairs<T>(pairs: number, baseline: () => Promise<T>, subject: () => Promise<T>): Promise<[T[], T[]]> {
  const b: T[] = [];
  const s: T[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    if (pair % 2 === 0) {
      b.push(await baseline());
      s.push(await subject());
    } else {
      s.push(await subject());
      b.push(await baseline());
    }
  }
  return [b, s];
}

export function printResults(results: readonly BenchResult[]): void {
  for (const r of results) {
    const value = r.unit === 'ratio' ? r.value.toFixed(3) : r.value < 100 ? r.value.toFixed(1) : Math.round(r.value).toLocaleString('en');
    const verdict = r.target === undefined ? '' : `  (target ≥ ${r.target}: ${r.value >= r.target ? 'met' : 'MISSED'})`;
    console.log(`${r.name.padEnd(64)} ${value.padStart(12)} ${r.unit}${verdict}`);
  }
}

export interface InterleaveOptions {
  /** Connections per side, each with one request in flight. */
  readonly connections: number;
  /** Pairs of slices (one slice per side, the order flipping every pair). */
  readonly pairs: number;
  readonly sliceMs: number;
  readonly warmupMs: number;
}

/**
 * Baseline and subject (GET targets on one server process) loaded in alternating slices of `sliceMs` by the minimal
 * keep-alive client (bench/lib/keep-alive-client.ts), with persistent connections to both.
 *
 * Why not rounds of seconds with autocannon (`compare`): on the shared 2-vCPU machine the speed of the same code
 * moves by a factor of two within seconds (a bare route's CPU per request measured 27–58 µs between the rounds of one
 * run), which swamps the few microseconds a session and permission check adds. Slices of a tenth of a second, many
 * pairs and a median put both sides under the same conditions; the minimal client costs a fraction of autocannon's
 * CPU, so the server, not the load generator, sets the pace. CPU per request comes from /proc schedstat
 * (nanoseconds, every thread of the server process).
 */
export async function interleave(baseline: Target, subject: Target, options: InterleaveOptions, server: ChildServer): Promise<Comparison> {
  const open = async (t: Target): Promise<{ clients: KeepAliveClient[]; request: Buffer; url: string }> => ({
    clients: await Promise.all(Array.from({ length: options.connections }, () => KeepAliveClient.connect(t.url))),
    request: prepare('GET', t.url, t.headers),
    url: t.url,
  });
  const sides = [await open(baseline), await open(subject)] as const;
  const slice = async (side: typeof sides[number], ms: number): Promise<{ requests: number; seconds: number; cpuNanos: number }> => {
    const cpu0 = server.cpuNanos();
    const t0 = performance.now();
    const end = t0 + ms;
    let requests = 0;
    await Promise.all(side.clients.map(async (client) => {
      while (performance.now() < end) {
        const status = await client.send(side.request);
        if (status < 200 || status >= 300) throw new Error(`${side.url}: answered ${status} — the benchmark would measure failures`);
        requests++;
      }
    }));
    return { requests, seconds: (performance.now() - t0) / 1000, cpuNanos: server.cpuNanos() - cpu0 };
  };
  try {
    await slice(sides[0], options.warmupMs);
    await slice(sides[1], options.warmupMs);
    const [b, s] = await inFlippingPairs(options.pairs, () => slice(sides[0], options.sliceMs), () => slice(sides[1], options.sliceMs));
    const total = (xs: typeof b): Measurement => {
      const requests = xs.reduce((n, x) => n + x.requests, 0);
      return { rps: requests / xs.reduce((n, x) => n + x.seconds, 0), cpuMicros: xs.reduce((n, x) => n + x.cpuNanos, 0) / 1000 / requests };
    };
    return {
      baseline: total(b),
      subject: total(s),
      ratio: median(s.map((x, i) => (x.requests / x.seconds) / ((b[i]?.requests ?? 0) / (b[i]?.seconds ?? 1)))),
      cpuRatio: median(s.map((x, i) => ((b[i]?.cpuNanos ?? 0) / (b[i]?.requests ?? 1)) / (x.cpuNanos / x.requests))),
    };
  } finally {
    for (const side of sides) for (const client of side.clients) client.close();
  }
}
