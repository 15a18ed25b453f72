import { renderSubject, renderTemplate } from '../../mail/render-template.js';
import type { MailToSend } from '../../mail/send-mail.js';
import { splitAddresses, type FidoEmailSettings } from './fido-settings.js';

/** The values of spec §3.5's template variables for one registration. */
export interface RegistrationMailFacts {
  readonly serviceName: string;
  readonly accountName: string;
  readonly email: string;
  /** KEYWARD_PUBLIC_URL (or the server's own URL), without trailing slash. */
  readonly publicUrl: string;
  /** Only for the confirmation mail. */
  readonly token?: string;
}

/** The link in the confirmation mail; the console's `/email_verify` page posts the token to `fidoregistration/confirm`. */
export function verifyLink(publicUrl: string, token: string): string {
  return `${publicUrl}/email_verify?token=${encodeURIComponent(token)}`;
}

function variables(f: RegistrationMailFacts): Record<string, string> {
  return {
    REGISTRATION_EMAIL_ADDRESS: f.email,
    FIDO_IDENTITY_SERVICE: f.serviceName,
    ACCOUNT_NAME: f.accountName,
    BASE_URL: f.publicUrl,
    JOC_HREF: `${f.publicUrl}/`,
    ...(f.token === undefined ? {} : { TOKEN: f.token, REGISTRATION_VERIFY_LINK: verifyLink(f.publicUrl, f.token) }),
  };
}

function compose(s: FidoEmailSettings, to: readonly string[], subject: string, body: string, cc: string, bcc: string, vars: Record<string, string>): MailToSend {
  const html = s.contentType === 'text/html';
  return {
    to, cc: splitAddresses(cc), bcc: splitAddresses(bcc),
    subject: renderSubject(subject, vars), body: renderTemplate(body, vars, html), contentType: s.contentType,
    priority: s.priority === 'HIGHEST' || s.priority === 'HIGH' ? 'high' : s.priority === 'LOW' || s.priority === 'LOWEST' ? 'low' : 'normal',
  };
}

/** To the registering user: "confirm your e-mail address" with the verify link. */
export function confirmationMail(s: FidoEmailSettings, f: RegistrationMailFacts): MailToSend {
  return compose(s, [f.email], s.subjectRegistration, s.bodyRegistration, s.ccRegistration, s.bccRegistration, variables(f));
}

/** To the user after approval: "registration completed". */
export function registrationCompletedMail(s: FidoEmailSettings, f: RegistrationMailFacts): MailToSend {
  return compose(s, [f.email], s.subjectAccess, s.bodyAccess, s.ccAccess, s.bccAccess, variables(f));
}

/** To the administrator address `receiptConfirmed`: "the user confirmed the address". */
export function confirmationReceivedMail(s: FidoEmailSettings, f: RegistrationMailFacts): MailToSend | undefined {
  const to = splitAddresses(s.receiptConfirmed);
  if (to.length === 0) return undefined;
  return compose(s, to, s.subjectConfirmed, s.bodyConfirmed, s.ccConfirmed, s.bccConfirmed, variables(f));
}
