/**
 * Fills `${NAME}` placeholders of a mail template (spec §3.5: `${REGISTRATION_EMAIL_ADDRESS}`,
 * `${FIDO_IDENTITY_SERVICE}`, `${JOC_HREF}`, `${REGISTRATION_VERIFY_LINK}`, `${ACCOUNT_NAME}`, `${TOKEN}`,
 * `${BASE_URL}`). Values are HTML-escaped for HTML mails, because account names and addresses come from
 * unauthenticated users; unknown placeholders are left as they are, so a typo is visible in the mail.
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>, html: boolean): string {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return html ? escapeHtml(v) : v;
  });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Subjects are one header line: placeholders are filled as text and line breaks removed (header injection). */
export function renderSubject(template: string, vars: Readonly<Record<string, string>>): string {
  return renderTemplate(template, vars, false).replace(/[\r\n]+/g, ' ').trim();
}
