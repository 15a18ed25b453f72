import { createServer } from 'node:http';

/** One request as the protected application received it. */
export interface Seen { method: string; url: string; body: string; headers: Record<string, string | string[] | undefined> }

export interface EchoApp {
  readonly port: number;
  /** Every request received, in order: "the application was not called" is checked by its length. */
  readonly calls: Seen[];
  close(): Promise<void>;
}

/**
 * The application behind a proxy under test: answers 200 with what it received (method, URI, body, headers) as
 * JSON, so a test can check what the proxy passed on, and records it.
 */
export async function startEchoApp(): Promise<EchoApp> {
  const calls: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      const seen: Seen = { method: req.method ?? '', url: req.url ?? '', body, headers: req.headers };
      calls.push(seen);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    resolve(typeof a === 'object' && a !== null ? a.port : 0);
  }));
  return { port, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
