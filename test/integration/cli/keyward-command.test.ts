import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { login, call } from '../../support/api-client.js';
import { startKeyward, type TestKeyward } from '../../support/keyward-server.js';

const run = promisify(execFile);
const CLI = path.resolve('src/cli/run.ts');

async function keyward(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { ...r, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('the keyward command', () => {
  it('--help documents the settings', async () => {
    const r = await keyward(['--help']);
    assert.equal(r.code, 0);
    for (const v of ['KEYWARD_HOST', 'KEYWARD_PORT', 'KEYWARD_DATA_DIR', 'KEYWARD_DATABASE_URL', 'KEYWARD_SECRET_KEY_FILE', 'rescue']) assert.match(r.stdout, new RegExp(v));
  });

  it('refuses a bad setting with a clear message and exit code 2', async () => {
    const r = await keyward(['serve', '--port', 'eighty']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /KEYWARD_PORT must be a port number/);
  });

  describe('rescue', () => {
    let dir: string;
    let kw: TestKeyward;
    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'kw-rescue-'));
      kw = await startKeyward({ env: { KEYWARD_DATA_DIR: dir } });
    });
    after(async () => { await kw.stop(); rmSync(dir, { recursive: true, force: true }); });

    it('creates JOC-RESCUE with an administrator whose one-time password works once and must be changed', async () => {
      // Lock everybody out first: root is blocked.
      const root = String((await login(kw.url, 'root', 'root')).body.accessToken);
      await call(kw.url, '/joc/api/iam/account/changepassword', { token: root, body: { identityServiceName: 'JOC-INITIAL', accountName: 'root', oldPassword: 'root', password: 'forgotten-pw', repeatedPassword: 'forgotten-pw' } });
      const r = await keyward(['rescue'], { KEYWARD_DATA_DIR: dir });
      assert.equal(r.code, 0, r.stderr);
      const password = /password:\s+(\S+)/.exec(r.stdout)?.[1];
      assert.ok(password && password.length >= 16);
      const l = await login(kw.url, 'rescue', password);
      assert.equal(l.status, 200);
      assert.equal(l.body.identityService, 'JOC:JOC-RESCUE');
      assert.equal(l.body.forcePasswordChange, true);
      const token = String(l.body.accessToken);
      await call(kw.url, '/joc/api/iam/account/changepassword', { token, body: { identityServiceName: 'JOC-RESCUE', accountName: 'rescue', oldPassword: password, password: 'rescued-Pw-1', repeatedPassword: 'rescued-Pw-1' } });
      // The rescuer can repair root.
      const reset = await call(kw.url, '/joc/api/iam/accounts/resetpassword', { token, body: { identityServiceName: 'JOC-INITIAL', accountNames: ['root'] } });
      assert.equal(reset.status, 200);
      assert.equal((await login(kw.url, 'root', 'initial')).status, 200);
      const list = await call(kw.url, '/joc/api/iam/identityservices', { token });
      assert.equal((list.body.identityServiceItems as { identityServiceName: string }[])[0]?.identityServiceName, 'JOC-RESCUE', 'first in the chain');
    });
  });
});
