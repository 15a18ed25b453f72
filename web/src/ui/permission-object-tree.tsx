// Readable tree of an effective-permission object (spec §2.2): JOC, controller defaults and each controller, with
// collapsible branches and "n of m granted" counts.
import type { PermissionObject } from '../api/types.js';
import { humanizeKey, permissionBranchToTree, type PermissionObjectNode } from '../api/permission-object.js';

export function PermissionObjectTree({ permissions, label }: { permissions: PermissionObject; label: string }) {
  const sections: { title: string; prefix: string; nodes: PermissionObjectNode[] }[] = [
    { title: 'JOC', prefix: 'joc', nodes: permissionBranchToTree(permissions.joc, 'joc') },
    { title: 'Controllers (default)', prefix: 'controllerDefaults', nodes: permissionBranchToTree(permissions.controllerDefaults, 'controllerDefaults') },
    ...Object.entries(permissions.controllers ?? {}).map(([id, branch]) => ({
      title: `Controller ${id}`,
      prefix: `controllers.${id}`,
      nodes: permissionBranchToTree(branch, `controllers.${id}`),
    })),
  ];
  return (
    <div className="perm-object" aria-label={label} role="group">
      {permissions.roles && permissions.roles.length > 0 ? (
        <p>
          Roles: <strong>{permissions.roles.join(', ')}</strong>
        </p>
      ) : null}
      {sections.map((s) => {
        const granted = s.nodes.reduce((n, c) => n + c.grantedLeaves, 0);
        const total = s.nodes.reduce((n, c) => n + c.totalLeaves, 0);
        return (
          <details key={s.prefix} open className="perm-object-section" data-section={s.prefix}>
            <summary>
              <strong>{s.title}</strong> <span className="muted">— {granted} of {total} granted</span>
            </summary>
            <ul className="perm-object-list">
              <LeafLine label="General" nodes={s.nodes.filter((n) => n.children.length === 0)} path={`${s.prefix}.*`} />
              {s.nodes
                .filter((n) => n.children.length > 0)
                .map((n) => (
                  <NodeItem key={n.path} node={n} />
                ))}
            </ul>
          </details>
        );
      })}
    </div>
  );
}

function Leaf({ node }: { node: PermissionObjectNode }) {
  return (
    <span className={node.granted ? 'perm-leaf perm-leaf-granted' : 'perm-leaf perm-leaf-denied'} data-perm={node.path} data-granted={node.granted ? 'true' : 'false'}>
      <span aria-hidden="true">{node.granted ? '✓' : '✕'}</span> {humanizeKey(node.key)}
      <span className="visually-hidden">{node.granted ? ': granted' : ': not granted'}</span>
    </span>
  );
}

/** Leaves directly under a section ("Get log", "View", "Restart" …) share one line of chips. */
function LeafLine({ label, nodes, path }: { label: string; nodes: PermissionObjectNode[]; path: string }) {
  if (nodes.length === 0) return null;
  const granted = nodes.filter((n) => n.granted).length;
  return (
    <li className="perm-line" data-perm={path}>
      <span className="perm-line-name">
        {label}{' '}
        <span className="muted">
          ({granted} of {nodes.length})
        </span>
      </span>
      <span className="perm-chips">
        {nodes.map((n) => (
          <Leaf key={n.path} node={n} />
        ))}
      </span>
    </li>
  );
}

/** A branch whose children are all leaves is one line of chips; deeper branches are collapsible. */
function NodeItem({ node }: { node: PermissionObjectNode }) {
  if (node.children.length === 0) {
    return (
      <li>
        <Leaf node={node} />
      </li>
    );
  }
  const count = (
    <span className="muted">
      ({node.grantedLeaves} of {node.totalLeaves})
    </span>
  );
  if (node.children.every((c) => c.children.length === 0)) {
    return (
      <li className="perm-line" data-perm={node.path}>
        <span className="perm-line-name">
          {humanizeKey(node.key)} {count}
        </span>
        <span className="perm-chips">
          {node.children.map((c) => (
            <Leaf key={c.path} node={c} />
          ))}
        </span>
      </li>
    );
  }
  return (
    <li data-perm={node.path}>
      <details open>
        <summary>
          {humanizeKey(node.key)} {count}
        </summary>
        <ul>{node.children.map((c) => <NodeItem key={c.path} node={c} />)}</ul>
      </details>
    </li>
  );
}
