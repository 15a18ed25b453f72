import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export { freePort } from './nginx-fixture.js';

export interface RunningCaddy {
  readonly url: string;
  readonly pid: number;
  /** Everything Caddy wrote (its log goes to stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function caddyBinary(): string {
  for (const candidate of ['/usr/bin/caddy', '/usr/local/bin/caddy', '/usr/sbin/caddy']) if (existsSync(candidate)) return candidate;
  throw new Error('caddy is not installed (Debian: apt-get install -y caddy; .ci/run installs it)');
}

/**
 * The fenced ```caddyfile block of the "## Caddy" section of `markdown` (docs/protecting-apps.md): the test runs the
 * documented configuration itself, so the documentation cannot drift from what was proved to work.
 */
export function documentedCaddyfile(markdown: string): string {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Caddy\n'));
  if (section === undefined) throw new Error('no "## Caddy" section in the documentation');
  const block = /^```caddyfile\n([\s\S]*?)^```$/m.exec(section);
  if (block?.[1] === undefined) throw new Error('no ```caddyfile block in the "## Caddy" section');
  return block[1];
}

/** `text` with `from` replaced by `to`; throws when `from` is missing, so a changed example cannot pass untested. */
export function substitute(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the Caddyfile no longer contains ${JSON.stringify(from)}`);
  return text.split(from).join(to);
}

/**
 * Starts the real Caddy in the foreground (`caddy run --adapter caddyfile`) with `siteBlocks` in a temporary
 * directory. The global options switch the admin endpoint off (a caddy already running on :2019, or a parallel test,
 * must not collide) and HOME/XDG_* point into the directory, so Caddy's autosave and storage touch nothing of the
 * user's. `siteBlocks` must serve plain HTTP on 127.0.0.1:`port` (an `http://` site address: no certificates).
 * `stop()` kills it by PID and removes the directory; a process exit hook does the same if a test run dies before.
 */
export async function startCaddy(siteBlocks: string, port: number): Promise<RunningCaddy> {
  const binary = caddyBinary();
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-caddy-'));
  const caddyfile = path.join(dir, 'Caddyfile');
  writeFileSync(caddyfile, `{\n\tadmin off\n\tauto_https off\n}\n\n${siteBlocks}`);
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data') };
  const child: ChildProcess = spawn(binary, ['run', '--config', caddyfile, '--adapter', 'caddyfile'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const pid = child.pid;
  if (pid === undefined) throw new Error('caddy did not start');
  const killOnExit = (): void => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killOnExit);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      // SIGTERM is Caddy's graceful stop; it waits for open requests, so SIGKILL after 5 s.
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited) {
      const config = readFileSync(caddyfile, 'utf8');
      await stop();
      throw new Error(`caddy exited at start: ${output}\n--- Caddyfile ---\n${config}`);
    }
    try {
      // Any answer will do (through forward_auth it is Keyward's 401): the listener is up and the config loaded.
      await fetch(`${url}/`, { redirect: 'manual', headers: { accept: 'application/json' } });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`caddy did not answer on ${url}: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url, pid, output: () => output, stop };
}
