import net from 'node:net';

/**
 * A minimal HTTP/1.1 keep-alive client for the benchmarks that send logins from their own process (bench/login.ts,
 * bench/ldap-login.ts): one connection per concurrent caller, a request prepared once as bytes, the answer read as
 * far as its status line, headers and Content-Length body. Node's own http client spends ~0.1–0.2 ms of CPU per
 * request (agent, ClientRequest, header parser); that is the load generator's cost, not the server's, and on a
 * 2-core machine it would be charged to the server measured beside a raw client that has no HTTP at all.
 *
 * It understands exactly what Keyward answers (Content-Length bodies, no chunking) and fails loudly otherwise.
 */
export class KeepAliveClient {
  private readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: { resolve(status: number): void; reject(err: Error): void } | undefined;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => { this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]); this.parse(); });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static async connect(url: string): Promise<KeepAliveClient> {
    const { hostname, port } = new URL(url);
    const socket = net.connect(Number(port), hostname);
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    return new KeepAliveClient(socket);
  }

  /** Sends one prepared request (see `prepare`) and resolves with the answer's status code. */
  send(request: Buffer): Promise<number> {
    if (this.pending !== undefined) return Promise.reject(new Error('one request at a time per connection'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.pending = undefined;
    this.socket.destroy();
  }

  private parse(): void {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length?.[1] === undefined) { this.fail(new Error(`answer without Content-Length: ${head.slice(0, 200)}`)); return; }
    const total = end + 4 + Number(length[1]);
    if (this.buffer.length < total) return;
    this.buffer = this.buffer.subarray(total);
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(Number(head.slice(9, 12)));
  }

  private fail(err: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(err);
  }
}

/** The bytes of one HTTP/1.1 request, with a JSON body when `body` is given (a GET has none). */
export function prepare(method: string, url: string, headers: Record<string, string>, body?: string): Buffer {
  const { host, pathname, search } = new URL(url);
  const lines = [`${method} ${pathname}${search} HTTP/1.1`, `Host: ${host}`, 'Connection: keep-alive'];
  if (body !== undefined) lines.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`);
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
}
