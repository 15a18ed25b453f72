import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { SmtpSettings } from './smtp-settings.js';

export interface MailToSend {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly contentType: 'text/html' | 'text/plain';
  readonly priority: 'high' | 'normal' | 'low';
}

export type SendResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Sends one mail over SMTP with the given settings (a fresh connection per batch; notification mails are rare).
 * Never throws: a refused connection, a TLS failure or a rejected recipient come back as `{ok:false, error}` for the
 * outbox to retry. Timeouts are short so a black-holed SMTP server does not hold the worker.
 */
export async function sendMail(settings: SmtpSettings, secrets: SecretBox, mail: MailToSend): Promise<SendResult> {
  if (settings.host === '') return { ok: false, error: 'no SMTP server is configured (KEYWARD_SMTP_URL or the mail settings)' };
  const transport = nodemailer.createTransport(transportOptions(settings, secrets));
  try {
    await transport.sendMail({
      from: settings.from, to: [...mail.to], cc: [...mail.cc], bcc: [...mail.bcc], subject: mail.subject,
      ...(mail.contentType === 'text/html' ? { html: mail.body, text: htmlToText(mail.body) } : { text: mail.body }),
      priority: mail.priority,
    });
    return { ok: true };
  } catch (err) {
    const e = err as { code?: string; responseCode?: number; message?: string };
    return { ok: false, error: [e.code, e.responseCode, e.message].filter((x) => x !== undefined && x !== '').join(' ') || String(err) };
  } finally {
    transport.close();
  }
}

/** Connects and authenticates without sending (the settings form's "test connection"). */
export async function verifySmtp(settings: SmtpSettings, secrets: SecretBox): Promise<SendResult> {
  if (settings.host === '') return { ok: false, error: 'no SMTP server is configured' };
  const transport = nodemailer.createTransport(transportOptions(settings, secrets));
  try {
    await transport.verify();
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    transport.close();
  }
}

function transportOptions(s: SmtpSettings, secrets: SecretBox): SMTPTransport.Options {
  return {
    host: s.host, port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    ...(s.user === '' ? {} : { auth: { user: s.user, pass: s.sealedPassword === '' ? '' : secrets.decrypt(s.sealedPassword) } }),
    tls: { rejectUnauthorized: s.rejectUnauthorized, servername: s.host },
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
  };
}

/** A plain-text alternative for HTML mails (links kept as text), so text-only mail clients show something useful. */
export function htmlToText(html: string): string {
  return html
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gis, (_m, href: string, text: string) => (text.trim() === href ? href : `${text} (${href})`))
    .replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|h\d|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n').trim();
}
