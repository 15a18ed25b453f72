// Unsaved changes of the role and their effect, shown before saving ("will grant / will deny").
import type { RoleDiff, ScopeDiff } from './role-diff.js';

const scopeName = (id: string) => (id ? `Controller ${id}` : 'Default scope (all controllers)');
const short = (path: string) => path.replace(/^sos:products:?/, '') || 'sos:products (everything)';

interface ChangeSummaryProps {
  diff: RoleDiff;
  saving: boolean;
  readOnly: boolean;
  onSave(): void;
  onDiscard(): void;
}

export function ChangeSummary({ diff, saving, readOnly, onSave, onDiscard }: ChangeSummaryProps) {
  return (
    <aside className="card change-summary" aria-labelledby="change-summary-heading">
      <h2 id="change-summary-heading">Unsaved changes</h2>
      {diff.isEmpty ? (
        <p className="muted" data-testid="no-changes">
          No changes. Set a permission to granted or denied to see its effect here before saving.
        </p>
      ) : (
        <>
          {diff.scopes.map((s) => (
            <ScopeSummary key={s.controllerId} diff={s} />
          ))}
          <h3>Effective result</h3>
          <EffectList title="Will be permitted" tone="ok" items={diff.nowPermitted} testId="now-permitted" />
          <EffectList title="Will no longer be permitted" tone="bad" items={diff.noLongerPermitted} testId="no-longer-permitted" />
          {diff.nowPermitted.length === 0 && diff.noLongerPermitted.length === 0 ? (
            <p className="muted">These changes do not change what the role permits.</p>
          ) : null}
        </>
      )}
      {readOnly ? (
        <p className="muted">You can view but not change permissions.</p>
      ) : (
        <div className="summary-actions">
          <button type="button" className="button" onClick={onDiscard} disabled={diff.isEmpty || saving}>
            Discard changes
          </button>
          <button type="button" className="button button-primary" onClick={onSave} disabled={diff.isEmpty || saving}>
            {saving ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      )}
    </aside>
  );
}

function ScopeSummary({ diff }: { diff: ScopeDiff }) {
  const lines: { label: string; items: string[]; tone: string }[] = [
    { label: 'Will grant', items: diff.grant.map(short), tone: 'ok' },
    { label: 'Will deny', items: diff.deny.map(short), tone: 'bad' },
    { label: 'Will unassign', items: diff.unassign.map((u) => `${short(u.path)} (was ${u.was})`), tone: 'neutral' },
    { label: 'Will add folders', items: diff.foldersAdded.map((f) => `${f.folder}${f.recursive ? ' (recursive)' : ''}`), tone: 'info' },
    { label: 'Will change folders', items: diff.foldersChanged.map((f) => `${f.folder} → ${f.recursive ? 'recursive' : 'not recursive'}`), tone: 'info' },
    { label: 'Will remove folders', items: diff.foldersRemoved, tone: 'neutral' },
  ].filter((l) => l.items.length > 0);
  return (
    <section className="scope-summary" data-scope={diff.controllerId}>
      <h3>
        {scopeName(diff.controllerId)}
        {diff.added ? ' — new' : diff.removed ? ' — removed' : ''}
      </h3>
      <dl>
        {lines.map((l) => (
          <div key={l.label} className={`summary-line summary-${l.tone}`}>
            <dt>{l.label}</dt>
            <dd>{l.items.join(', ')}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function EffectList({ title, tone, items, testId }: { title: string; tone: 'ok' | 'bad'; items: { controllerId: string; path: string }[]; testId: string }) {
  if (items.length === 0) return null;
  const shown = items.slice(0, 12);
  return (
    <div className={`effect-list effect-${tone}`} data-testid={testId}>
      <p>
        <strong>{title}</strong> ({items.length})
      </p>
      <ul>
        {shown.map((i) => (
          <li key={`${i.controllerId}|${i.path}`}>
            {short(i.path)}
            {i.controllerId ? <span className="muted"> on {i.controllerId}</span> : null}
          </li>
        ))}
        {items.length > shown.length ? <li className="muted">and {items.length - shown.length} more</li> : null}
      </ul>
    </div>
  );
}
