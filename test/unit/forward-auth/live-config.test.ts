import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { findRule } from '../../../src/forward-auth/auth-rules.js';
import { LiveForwardAuthConfig, type ReloadOutcome } from '../../../src/forward-auth/live-config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kw-rules-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const accessOf = (live: LiveForwardAuthConfig, p: string): unknown => findRule(live.current.rules, 'GET', 'h', p)?.access;

/** Resolves with the next outcome the watcher reports (or rejects after `ms`). */
function nextOutcome(outcomes: ReloadOutcome[], ms = 5000): Promise<ReloadOutcome> {
  const seen = outcomes.length;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const o = outcomes[seen];
      if (o !== undefined) { clearInterval(poll); resolve(o); }
      else if (Date.now() - started > ms) { clearInterval(poll); reject(new Error('no reload within time')); }
    }, 20);
  });
}

describe('rules file: load, reload on change, keep the old rules when the new file is broken', () => {
  it('refuses to start with a broken file (the error names the line)', () => {
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, 'rules:\n  - path: /a\n    permission: nope:nope\n');
    assert.throws(() => new LiveForwardAuthConfig({ rules: file, catalogue: undefined }), /broken\.yaml:3:/);
  });

  it('reload(): swaps valid changes, ignores unchanged files, keeps the old rules on errors', () => {
    const file = path.join(dir, 'direct.yaml');
    writeFileSync(file, 'rules:\n  - path: /a\n');
    const live = new LiveForwardAuthConfig({ rules: file, catalogue: undefined });
    assert.deepEqual(accessOf(live, '/a'), { kind: 'session' });
    assert.equal(live.reload().status, 'unchanged');

    writeFileSync(file, 'rules:\n  - path: /a\n    public: true\n');
    assert.equal(live.reload().status, 'reloaded');
    assert.deepEqual(accessOf(live, '/a'), { kind: 'public' });

    writeFileSync(file, 'rules:\n  - path: /a\n    public: maybe\n');
    const failed = live.reload();
    assert.equal(failed.status, 'failed');
    assert.match(failed.status === 'failed' ? failed.error.message : '', /direct\.yaml:3:/);
    assert.deepEqual(accessOf(live, '/a'), { kind: 'public' }, 'the previous rules stay in force');
  });

  it('a catalogue change re-validates the rules against it', () => {
    const rules = path.join(dir, 'cat-rules.yaml');
    const catalogue = path.join(dir, 'cat.yaml');
    writeFileSync(catalogue, 'applications:\n  - root: shop\n    permissions: [shop:orders:view]\n');
    writeFileSync(rules, 'rules:\n  - path: /orders\n    permission: shop:orders:view\n');
    const live = new LiveForwardAuthConfig({ rules, catalogue });
    writeFileSync(catalogue, 'applications:\n  - root: shop\n    permissions: [shop:orders:list]\n');
    const outcome = live.reload();
    assert.equal(outcome.status, 'failed', 'a rule would name a permission the new catalogue drops');
    assert.equal(live.current.catalogue.has('shop:orders:view'), true);
  });

  it('watch(): picks up an edit in place and a replace-by-rename, and reports a broken save', async () => {
    const file = path.join(dir, 'watched.yaml');
    writeFileSync(file, 'rules:\n  - path: /a\n');
    const live = new LiveForwardAuthConfig({ rules: file, catalogue: undefined });
    const outcomes: ReloadOutcome[] = [];
    live.watch((o) => outcomes.push(o), 50);
    try {
      let next = nextOutcome(outcomes);
      writeFileSync(file, 'rules:\n  - path: /a\n    public: true\n');
      assert.equal((await next).status, 'reloaded');
      assert.deepEqual(accessOf(live, '/a'), { kind: 'public' });

      next = nextOutcome(outcomes);
      const tmp = path.join(dir, 'watched.yaml.tmp');
      writeFileSync(tmp, 'rules:\n  - path: /b\n');
      renameSync(tmp, file);
      assert.equal((await next).status, 'reloaded');
      assert.equal(accessOf(live, '/a'), undefined);
      assert.deepEqual(accessOf(live, '/b'), { kind: 'session' });

      next = nextOutcome(outcomes);
      writeFileSync(file, 'rules:\n  - path: b\n');
      const broken = await next;
      assert.equal(broken.status, 'failed');
      assert.deepEqual(accessOf(live, '/b'), { kind: 'session' }, 'the previous rules stay in force');
    } finally {
      live.close();
    }
  });
});
