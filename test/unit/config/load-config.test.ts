import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { helpText } from '../../../src/cli/help-text.js';
import { loadConfig, SETTINGS } from '../../../src/config/index.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 4446);
    assert.equal(c.dataDir, path.resolve('./data'));
    assert.equal(c.databaseUrl, path.join(path.resolve('./data'), 'keyward.sqlite'));
    assert.equal(c.secretKeyFile, path.join(path.resolve('./data'), 'secret.key'));
    assert.equal(c.registrationRateLimit, 30);
    assert.ok(Object.isFrozen(c));
  });

  it('reads environment variables and lets flags win', () => {
    const c = loadConfig({ KEYWARD_PORT: '5000', KEYWARD_HOST: '0.0.0.0', KEYWARD_DATABASE_URL: 'postgres://u@h/db' }, ['--port', '6000', '--data-dir=/tmp/x']);
    assert.equal(c.port, 6000);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.dataDir, '/tmp/x');
    assert.equal(c.databaseUrl, 'postgres://u@h/db');
  });

  it('refuses bad values and unknown flags with the setting named', () => {
    assert.throws(() => loadConfig({ KEYWARD_PORT: 'abc' }), /KEYWARD_PORT/);
    assert.throws(() => loadConfig({ KEYWARD_PORT: '70000' }), /KEYWARD_PORT/);
    assert.throws(() => loadConfig({}, ['--prot', '1']), /Unknown option --prot/);
    assert.throws(() => loadConfig({}, ['--port']), /needs a value/);
    assert.throws(() => loadConfig({ KEYWARD_TLS_CERT: 'a.pem' }), /together/);
    assert.throws(() => loadConfig({ KEYWARD_TLS_CLIENT_CA: 'ca.pem' }), /needs HTTPS/);
    assert.throws(() => loadConfig({ KEYWARD_PUBLIC_URL: 'ftp://x' }), /KEYWARD_PUBLIC_URL/);
    assert.throws(() => loadConfig({ KEYWARD_REGISTRATION_RATE_LIMIT: '-1' }), /KEYWARD_REGISTRATION_RATE_LIMIT/);
    assert.throws(() => loadConfig({ KEYWARD_REGISTRATION_RATE_LIMIT: 'lots' }), /KEYWARD_REGISTRATION_RATE_LIMIT/);
  });

  it('--help documents every setting with its environment variable and flag', () => {
    const help = helpText();
    for (const s of SETTINGS) {
      assert.ok(help.includes(s.env), `${s.env} missing from --help`);
      assert.ok(help.includes(s.flag), `${s.flag} missing from --help`);
    }
  });
});
