// The permission tree of one scope as a table: expand/collapse per node, a tri-state button per node (click or
// Enter/Space cycles unassigned → granted → denied; keys g / d / u set a state directly), and the effective result
// given the node's ancestors and the default scope. Rows changed but not saved are marked.
import type { KeyboardEvent } from 'react';
import type { CompiledPermissions, PermissionNode } from './permission-model.js';
import { explainNode, countPermittedLeaves } from './effective-state.js';
import { explicitState, type RoleRules } from './role-rules.js';
import { nodeLabel, type TreeRow } from './tree-rows.js';
import { nextTriState, triStateForKey, triStateLabel, type TriState } from './tri-state.js';

interface PermissionTreeTableProps {
  rows: TreeRow[];
  base: RoleRules;
  draft: RoleRules;
  compiledDraft: CompiledPermissions;
  leavesByPath: ReadonlyMap<string, string[]>;
  controllerId: string;
  readOnly: boolean;
  /** Accessible table caption; default: the scope's permissions. */
  caption?: string;
  onToggle(path: string): void;
  onSet(path: string, state: TriState): void;
}

export function PermissionTreeTable(props: PermissionTreeTableProps) {
  const { rows, base, draft, compiledDraft, leavesByPath, controllerId, readOnly, caption, onToggle, onSet } = props;
  return (
    <div className="table-wrap">
      <table className="table perm-table">
        <caption className="visually-hidden">{caption ?? `Permissions ${controllerId ? `for controller ${controllerId}` : 'of the default scope'}`}</caption>
        <thead>
          <tr>
            <th scope="col">Permission</th>
            <th scope="col">Set in this role</th>
            <th scope="col">Effective result</th>
            <th scope="col">Granted below</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const { node } = row;
            const state = explicitState(draft, controllerId, node.path);
            const changed = state !== explicitState(base, controllerId, node.path);
            const why = explainNode(draft, controllerId, node.path);
            const leaves = leavesByPath.get(node.path) ?? [node.path];
            const permitted = row.hasChildren ? countPermittedLeaves(compiledDraft, leaves, controllerId) : 0;
            const effId = `eff-${controllerId}-${node.path}`;
            return (
              <tr key={node.path} className={changed ? 'row-changed' : undefined} data-perm-path={node.path}>
                <th scope="row">
                  <span className="perm-name" style={{ paddingInlineStart: `${row.depth * 1.25}rem` }}>
                    {row.hasChildren ? (
                      <button type="button" className="tree-toggle" aria-expanded={row.expanded} aria-label={`${row.expanded ? 'Collapse' : 'Expand'} ${nodeLabel(node)}`} onClick={() => onToggle(node.path)}>
                        <span aria-hidden="true">{row.expanded ? '▾' : '▸'}</span>
                      </button>
                    ) : (
                      <span className="tree-toggle-spacer" aria-hidden="true" />
                    )}
                    <span title={node.path}>{nodeLabel(node)}</span>
                    {descriptionOf(node) ? <span className="muted perm-description">{descriptionOf(node)}</span> : null}
                    {changed ? <span className="changed-mark">changed</span> : null}
                  </span>
                </th>
                <td>
                  <StateButton node={node} state={state} readOnly={readOnly} describedBy={effId} onSet={(s) => onSet(node.path, s)} />
                </td>
                <td id={effId}>
                  <EffectiveCell why={why} controllerId={controllerId} path={node.path} />
                </td>
                <td className="leaf-count">
                  {row.hasChildren ? (
                    <>
                      {permitted} of {leaves.length}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function StateButton({ node, state, readOnly, describedBy, onSet }: { node: PermissionNode; state: TriState; readOnly: boolean; describedBy: string; onSet(s: TriState): void }) {
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (readOnly || e.ctrlKey || e.metaKey || e.altKey) return;
    const direct = triStateForKey(e.key);
    if (direct) {
      e.preventDefault();
      onSet(direct);
    }
  };
  return (
    <button
      type="button"
      className={`tri-state tri-state-${state}`}
      aria-label={`${triStateLabel(state)}: ${node.path}${readOnly ? '' : `. Activate to change to ${triStateLabel(nextTriState(state)).toLowerCase()}`}`}
      aria-describedby={describedBy}
      data-state={state}
      disabled={readOnly}
      onClick={() => onSet(nextTriState(state))}
      onKeyDown={onKeyDown}
    >
      <span aria-hidden="true" className="tri-state-icon">
        {state === 'granted' ? '✓' : state === 'denied' ? '⊘' : '○'}
      </span>
      {triStateLabel(state)}
    </button>
  );
}

/** Catalogue nodes may carry a description (catalogue.ts); JS7's nodes have none. */
function descriptionOf(node: PermissionNode): string | undefined {
  const d = (node as PermissionNode & { description?: unknown }).description;
  return typeof d === 'string' && d !== '' ? d : undefined;
}

/** JS7 paths without `sos:products:` (`controller:orders`); catalogue paths in full (`shop:orders`). */
function shortPath(path: string): string {
  return path.startsWith('sos:products:') ? path.slice('sos:products:'.length) : path;
}

function EffectiveCell({ why, controllerId, path }: { why: ReturnType<typeof explainNode>; controllerId: string; path: string }) {
  const label = why.effective === 'granted' ? 'Granted' : why.effective === 'denied' ? 'Denied' : 'Not granted';
  const tone = why.effective === 'granted' ? 'ok' : why.effective === 'denied' ? 'bad' : 'neutral';
  let via = '';
  if (why.decidedBy) {
    const fromOtherScope = why.decidedBy.controllerId !== controllerId;
    const inherited = why.decidedBy.path !== path;
    if (inherited) via = `via ${shortPath(why.decidedBy.path)}`;
    if (fromOtherScope) via = `${via ? `${via}, ` : ''}from default scope`;
  }
  return (
    <span className="effective" data-effective={why.effective}>
      <span className={`badge badge-${tone}`}>{label}</span>
      {via ? <span className="muted"> {via}</span> : null}
    </span>
  );
}
