import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSubject, renderTemplate } from '../../../src/mail/render-template.js';
import { htmlToText } from '../../../src/mail/send-mail.js';

describe('mail templates', () => {
  it('fills known variables and leaves unknown ones visible', () => {
    assert.equal(renderTemplate('Hi ${ACCOUNT_NAME}, ${UNKNOWN}', { ACCOUNT_NAME: 'alice' }, false), 'Hi alice, ${UNKNOWN}');
  });
  it('escapes values in HTML mails (account names come from unauthenticated users)', () => {
    assert.equal(renderTemplate('<b>${ACCOUNT_NAME}</b>', { ACCOUNT_NAME: '"><script>x</script>' }, true), '<b>&quot;&gt;&lt;script&gt;x&lt;/script&gt;</b>');
  });
  it('subjects are one line', () => {
    assert.equal(renderSubject('Hello ${A}', { A: 'x\r\nBcc: victim@example.org' }), 'Hello x Bcc: victim@example.org');
  });
  it('the text part keeps links', () => {
    assert.equal(htmlToText('<p>Open <a href="https://x/y?a=1&amp;b=2">this</a></p>'), 'Open this (https://x/y?a=1&b=2)');
  });
});
