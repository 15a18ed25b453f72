import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installedBinary, startProxyProcess, type ProxyProcess } from '../../support/proxy-process.js';

export { freePort } from '../../support/proxy-process.js';

export type RunningCaddy = ProxyProcess;

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
 * Stopped and cleaned up as test/support/proxy-process.ts describes (SIGTERM is Caddy's graceful stop).
 */
export async function startCaddy(siteBlocks: string, port: number): Promise<RunningCaddy> {
  const binary = installedBinary('caddy', ['/usr/bin/caddy', '/usr/local/bin/caddy', '/usr/sbin/caddy']);
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-caddy-'));
  const caddyfile = path.join(dir, 'Caddyfile');
  writeFileSync(caddyfile, `{\n\tadmin off\n\tauto_https off\n}\n\n${siteBlocks}`);
  return startProxyProcess({
    name: 'caddy', binary, args: ['run', '--config', caddyfile, '--adapter', 'caddyfile'], dir, url: `http://127.0.0.1:${port}`,
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data') },
    // Any answer will do (through forward_auth it is Keyward's 401): the listener is up and the config loaded.
    probe: { headers: { accept: 'application/json' } },
    diagnostics: () => `--- Caddyfile ---\n${readFileSync(caddyfile, 'utf8')}`,
  });
}
