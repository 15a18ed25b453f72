/**
 * Notification mail: an outbox table, a sender retried with backoff, SMTP settings editable by administrators.
 * Importing this module registers the mail routes and the per-instance outbox worker.
 */
import { registerCapabilityRoutes } from '../http/capability-routes.js';
import { mailRoutes } from './http/mail-routes.js';
import { installMail } from './mail-facade.js';

registerCapabilityRoutes((app) => {
  installMail(app);
  mailRoutes(app);
});

export type { MailFacade } from './mail-facade.js';
export type { MailToSend } from './send-mail.js';
export { renderSubject, renderTemplate, escapeHtml } from './render-template.js';
