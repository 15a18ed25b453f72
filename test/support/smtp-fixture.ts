import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process (smtp-server) that parses every mail it accepts (mailparser), for
 * tests that follow links from mails (test-infrastructure.md §7). Authentication is required with the given user
 * and password, so a test also proves that Keyward logs in. No TLS (STARTTLS disabled): 127.0.0.1 only.
 */
export interface CapturedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly authUser: string | undefined;
  readonly parsed: ParsedMail;
}

export interface SmtpFixture {
  readonly port: number;
  /** KEYWARD_SMTP_URL for this server. */
  readonly url: string;
  readonly inbox: CapturedMail[];
  /** Resolves with the first mail (already received or arriving) that matches; rejects after `timeoutMs`. */
  waitForMail(match: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  stop(): Promise<void>;
}

export async function startSmtp(opts: { port?: number; user?: string; password?: string } = {}): Promise<SmtpFixture> {
  const user = opts.user ?? 'keyward';
  const password = opts.password ?? 'smtp-secret';
  const inbox: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: false, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === password) cb(null, { user });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((parsed) => {
        inbox.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '',
          authUser: typeof session.user === 'string' ? session.user : undefined, parsed,
        });
        for (const w of waiters) w();
        cb();
      }, (err: Error) => cb(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    inbox,
    waitForMail(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const m = inbox.find(match);
          if (m === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail within ${timeoutMs} ms (inbox: ${inbox.map((m) => `${m.to.join(',')} "${m.subject}"`).join('; ') || 'empty'})`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP port that was free a moment ago (for "SMTP server down, later up on the same port"). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** The first link in a mail whose URL contains `fragment`. */
export function linkIn(mail: CapturedMail, fragment: string): string {
  const urls = `${mail.html}\n${mail.text}`.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  const url = urls.map((u) => u.replace(/&amp;/g, '&')).find((u) => u.includes(fragment));
  if (url === undefined) throw new Error(`no link containing "${fragment}" in mail "${mail.subject}"`);
  return url;
}
