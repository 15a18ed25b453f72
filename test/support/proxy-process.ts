import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (bound and released; the tiny race is acceptable in tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The first of `candidates` that exists, or an error naming the Debian package (which .ci/run installs). */
export function installedBinary(name: string, candidates: readonly string[]): string {
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  throw new Error(`${name} is not installed (Debian: apt-get install -y ${name}; .ci/run installs it)`);
}

export interface ProxyProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Runs a reverse proxy (nginx, Caddy) in the foreground for a test, with its files in `dir`, and waits until
 * `url` answers anything (the listener is up and the configuration loaded). `stop()` ends it by PID (SIGTERM, its
 * graceful stop, then SIGKILL after 5 s) and removes `dir`; a process exit hook kills it if the test run dies first.
 * A process that exits or does not answer within 10 s fails the start, with its output and `diagnostics()`.
 */
export async function startProxyProcess(opts: {
  name: string; binary: string; args: readonly string[]; dir: string; url: string;
  env?: NodeJS.ProcessEnv; probe?: RequestInit; diagnostics?: () => string;
}): Promise<ProxyProcess> {
  const child: ChildProcess = spawn(opts.binary, [...opts.args], { cwd: opts.dir, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${opts.name} did not start`);
  const killOnExit = (): void => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killOnExit);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const details = (): string => `${output}${opts.diagnostics === undefined ? '' : `\n${opts.diagnostics()}`}`;

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(opts.dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited) {
      const text = details();
      await stop();
      throw new Error(`${opts.name} exited at start: ${text}`);
    }
    try {
      await fetch(`${opts.url}/`, { redirect: 'manual', ...opts.probe });
      break;
    } catch {
      if (Date.now() > deadline) {
        const text = details();
        await stop();
        throw new Error(`${opts.name} did not answer on ${opts.url}: ${text}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url: opts.url, stop };
}
