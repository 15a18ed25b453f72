import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installedBinary, startProxyProcess, type ProxyProcess } from '../../support/proxy-process.js';

export { freePort } from '../../support/proxy-process.js';

export type RunningNginx = ProxyProcess;

/**
 * Starts the real nginx in the foreground (`daemon off`) with a generated configuration in a temporary directory:
 * pid file, logs and temp paths all live there (`-p <dir> -c <conf> -e <log>`), so nothing root-owned is touched.
 * `serverBlock` is a `server { ... }` block listening on `port`. Stopped and cleaned up as test/support/proxy-process.ts
 * describes.
 */
export async function startNginx(serverBlock: string, port: number): Promise<RunningNginx> {
  const binary = installedBinary('nginx', ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']);
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-nginx-'));
  // Workers may run as another user when the test runs as root: they must be able to use the temp paths.
  chmodSync(dir, 0o755);
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(path.join(dir, sub));
    chmodSync(path.join(dir, sub), 0o777);
  }
  const errorLog = path.join(dir, 'error.log');
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, `
daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${errorLog} info;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${serverBlock}
}
`);
  const readLog = (): string => (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '');
  return startProxyProcess({
    name: 'nginx', binary, args: ['-p', dir, '-c', conf, '-e', errorLog], dir, url: `http://127.0.0.1:${port}`, diagnostics: readLog,
  });
}
