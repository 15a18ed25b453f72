import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSecretBox } from '../../../src/crypto/secret-box.js';
import { isSenderAddress, smtpSettingsFromConfig } from '../../../src/mail/smtp-settings.js';

const box = createSecretBox(randomBytes(32));

describe('KEYWARD_SMTP_URL', () => {
  it('smtp:// with credentials: opportunistic STARTTLS on 587, password sealed', () => {
    const s = smtpSettingsFromConfig({ smtpUrl: 'smtp://user%40x:p%3Ass@mail.example.org', mailFrom: 'iam@example.org' }, box);
    assert.ok(s);
    assert.deepEqual({ ...s, sealedPassword: box.decrypt(s.sealedPassword) }, { host: 'mail.example.org', port: 587, security: 'opportunistic', user: 'user@x', sealedPassword: 'p:ss', from: 'iam@example.org', rejectUnauthorized: true });
  });
  it('smtps:// is implicit TLS on 465', () => {
    const s = smtpSettingsFromConfig({ smtpUrl: 'smtps://mail.example.org', mailFrom: undefined }, box);
    assert.equal(s?.security, 'tls');
    assert.equal(s?.port, 465);
    assert.equal(s?.from, 'keyward@mail.example.org');
  });
  it('other schemes are configuration mistakes', () => {
    assert.throws(() => smtpSettingsFromConfig({ smtpUrl: 'http://mail.example.org', mailFrom: undefined }, box), TypeError);
  });
  it('none configured', () => assert.equal(smtpSettingsFromConfig({ smtpUrl: undefined, mailFrom: undefined }, box), undefined));
  it('sender addresses', () => {
    assert.equal(isSenderAddress('Keyward <iam@example.org>'), true);
    assert.equal(isSenderAddress('iam@example.org'), true);
    assert.equal(isSenderAddress('iam'), false);
  });
});
