// Permission editor of one role (spec §1.8, §2): default scope plus controller tabs, tri-state tree, folders, and
// the effect of the unsaved changes. State logic lives in ../permissions-editor/*.ts (pure, unit-tested).
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { iam } from '../api/iam-api.js';
import { paths } from '../routes.js';
import { PERM, useSession } from '../session/session-context.js';
import { useConfirm } from '../ui/confirm.js';
import { Dialog } from '../ui/dialog.js';
import { TextField } from '../ui/field.js';
import { LoadState, PageHeader } from '../ui/page.js';
import { useToast } from '../ui/toast.js';
import { describeFailure } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';
import { validateControllerId } from '../validation/names.js';
import {
  catalogueFromServer,
  catalogueInitialExpansion,
  catalogueInnerPaths,
  catalogueLeafIndex,
  catalogueSections,
  editorLeaves,
  type CatalogueApplication,
} from '../permissions-editor/catalogue.js';
import { ChangeSummary } from '../permissions-editor/change-summary.js';
import { compileRole } from '../permissions-editor/effective-state.js';
import { FolderEditor } from '../permissions-editor/folder-editor.js';
import { buildPermissionTree, listLeafPermissions } from '../permissions-editor/permission-model.js';
import { PermissionTreeTable } from '../permissions-editor/permission-tree-table.js';
import { diffRole } from '../permissions-editor/role-diff.js';
import {
  addControllerScope,
  DEFAULT_SCOPE,
  removeControllerScope,
  removeFolder,
  roleRulesFromServer,
  scopeIds,
  setAssignment,
  setFolder,
  type RoleRules,
} from '../permissions-editor/role-rules.js';
import { planSave } from '../permissions-editor/save-plan.js';
import { allInnerPaths, indexLeaves, pathsToDepth, visibleRows } from '../permissions-editor/tree-rows.js';
import { ServiceBreadcrumb } from './service-nav.js';

const TREE = buildPermissionTree();
const LEAVES = listLeafPermissions();
const LEAVES_BY_PATH = indexLeaves(TREE);
const NO_APPLICATIONS: CatalogueApplication[] = [];

export function RolePage({ service, role }: { service: string; role: string }) {
  const { api, can } = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const readOnly = !can(PERM.accountsManage);

  const loadRules = useCallback(async (): Promise<RoleRules> => {
    const info = await iam.role(api, service, role);
    const ids = [DEFAULT_SCOPE, ...(info.controllers ?? []).filter((c) => c !== '')];
    const scopes = await Promise.all(
      ids.map(async (controllerId) => {
        const [p, f] = await Promise.all([iam.permissions(api, service, role, controllerId), iam.folders(api, service, role, controllerId)]);
        return { controllerId, permissions: p.permissions ?? [], folders: f.folders ?? [] };
      }),
    );
    return roleRulesFromServer(scopes);
  }, [api, service, role]);

  const res = useResource(loadRules, [loadRules]);
  const base = res.data;
  // The applications' own permission trees (catalogue.ts); shown beside JS7's tree, nothing when there are none.
  const catalogueRes = useResource(
    async () => catalogueFromServer(await iam.permissionCatalogue(api)),
    [api],
  );
  const apps = catalogueRes.data ?? NO_APPLICATIONS;
  const leaves = useMemo(() => editorLeaves(LEAVES, apps), [apps]);
  const appLeavesByPath = useMemo(() => catalogueLeafIndex(apps), [apps]);
  const [draft, setDraft] = useState<RoleRules | null>(null);
  const [scope, setScope] = useState(DEFAULT_SCOPE);
  const [expanded, setExpanded] = useState<Set<string>>(() => pathsToDepth(TREE, 2));
  const [query, setQuery] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [addingController, setAddingController] = useState(false);

  // The first load initialises the draft, and so does the reload after a successful save. The reload after a failed
  // save only replaces the base, so the changes not yet saved stay visible as the remaining difference.
  const resync = useRef(false);
  useEffect(() => {
    if (base && (draft === null || resync.current)) {
      resync.current = false;
      setDraft(base);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base]);

  const current = draft ?? base;
  const diff = useMemo(() => (base && current ? diffRole(base, current, leaves) : null), [base, current, leaves]);
  const compiledDraft = useMemo(() => (current ? compileRole(current, role) : null), [current, role]);
  const scopes = current ? scopeIds(current) : [DEFAULT_SCOPE];
  const activeScope = scopes.includes(scope) ? scope : DEFAULT_SCOPE;
  const rows = useMemo(
    () => visibleRows(TREE, { expanded, query, hidden: activeScope === DEFAULT_SCOPE ? [] : ['sos:products:joc'] }),
    [expanded, query, activeScope],
  );
  const appSections = useMemo(() => catalogueSections(apps, { controllerId: activeScope, expanded, query }), [apps, activeScope, expanded, query]);

  // Application roots start expanded (once the catalogue has arrived), like JS7's first levels.
  useEffect(() => {
    if (apps.length > 0) setExpanded((set) => new Set([...set, ...catalogueInitialExpansion(apps)]));
  }, [apps]);

  useEffect(() => {
    if (!diff || diff.isEmpty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [diff]);

  const update = (fn: (r: RoleRules) => RoleRules) => setDraft((d) => (d ? fn(d) : d));
  const toggle = (path: string) =>
    setExpanded((set) => {
      const next = new Set(set);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const save = async () => {
    if (!base || !current || !diff || diff.isEmpty) return;
    const calls = planSave(service, role, diff);
    setSaving(true);
    setSaveError(null);
    let failed: string | null = null;
    for (const call of calls) {
      try {
        await api.call(call.path, call.body);
      } catch (err) {
        failed = `Could not ${call.description}: ${describeFailure(err)}`;
        break;
      }
    }
    setSaving(false);
    if (failed) {
      setSaveError(`${failed} Your changes are kept; the summary shows what is still unsaved. Try saving again.`);
      toast.error(`Permissions of ${role} were not completely saved.`);
      res.reload();
      return;
    }
    const parts = [
      diff.nowPermitted.length ? `${diff.nowPermitted.length} permission(s) now granted` : '',
      diff.noLongerPermitted.length ? `${diff.noLongerPermitted.length} no longer granted` : '',
    ].filter(Boolean);
    toast.success(`Permissions of role ${role} saved${parts.length ? `: ${parts.join(', ')}` : ''}.`);
    resync.current = true; // take the reloaded server state as the new draft
    res.reload();
  };

  const discard = async () => {
    if (!base) return;
    const ok = await confirm({ title: 'Discard unsaved changes?', message: <p>All changes since the last save are dropped.</p>, confirmLabel: 'Discard changes', danger: true });
    if (ok) {
      setDraft(base);
      setSaveError(null);
      toast.info('Changes discarded.');
    }
  };

  const removeScope = async (controllerId: string) => {
    const ok = await confirm({
      title: `Remove controller ${controllerId}?`,
      message: <p>All permissions and folders set for controller {controllerId} in this role will be removed when you save.</p>,
      confirmLabel: 'Remove controller',
      danger: true,
    });
    if (!ok) return;
    update((r) => removeControllerScope(r, controllerId));
    setScope(DEFAULT_SCOPE);
    toast.info(`Controller ${controllerId} removed from the draft. Save to apply.`);
  };

  // Tabs pattern: arrow keys, Home and End move between scope tabs.
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const n = scopes.length;
    const next = { ArrowRight: (index + 1) % n, ArrowLeft: (index - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const id = scopes[next] ?? DEFAULT_SCOPE;
    setScope(id);
    document.getElementById(tabId(id))?.focus();
  };

  return (
    <section>
      <PageHeader
        breadcrumb={<ServiceBreadcrumb service={service} extra={{ label: 'Roles', to: paths.roles(service) }} />}
        title={`Role ${role}`}
        description="Set each permission to granted or denied; a denial wins over every grant, also from other roles. The effect is shown before you save."
      />
      <LoadState loading={res.loading && !base} error={res.error} onRetry={res.reload} what="The role's permissions" />
      {saveError ? (
        <div className="banner banner-error" role="alert">
          {saveError}
        </div>
      ) : null}
      {base && current && diff && compiledDraft ? (
        <div className="editor-layout">
          <div className="editor-main">
            <div className="scope-bar">
              <div role="tablist" aria-label="Permission scopes" className="tabs">
                {scopes.map((id, i) => (
                  <button
                    key={id || 'default'}
                    id={tabId(id)}
                    type="button"
                    role="tab"
                    aria-selected={id === activeScope}
                    aria-controls="scope-panel"
                    tabIndex={id === activeScope ? 0 : -1}
                    className={id === activeScope ? 'tab tab-current' : 'tab'}
                    onClick={() => setScope(id)}
                    onKeyDown={(e) => onTabKey(e, i)}
                  >
                    {id ? `Controller ${id}` : 'Default (all controllers)'}
                    {diff.scopes.some((s) => s.controllerId === id) ? <span className="changed-dot" aria-label="has unsaved changes" role="img" /> : null}
                  </button>
                ))}
              </div>
              {readOnly ? null : (
                <button type="button" className="button button-small" onClick={() => setAddingController(true)}>
                  Add controller
                </button>
              )}
            </div>
            <div id="scope-panel" role="tabpanel" aria-labelledby={tabId(activeScope)} className="scope-panel">
              <div className="toolbar">
                <div className="field field-inline">
                  <label htmlFor="perm-filter">Filter permissions</label>
                  <input id="perm-filter" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. orders" autoComplete="off" />
                </div>
                <button type="button" className="button button-small" onClick={() => setExpanded(new Set([...allInnerPaths(TREE), ...catalogueInnerPaths(apps)]))}>
                  Expand all
                </button>
                <button type="button" className="button button-small" onClick={() => setExpanded(new Set([TREE.path, ...apps.map((a) => a.root)]))}>
                  Collapse all
                </button>
                {activeScope ? (
                  readOnly ? null : (
                    <button type="button" className="button button-small button-danger-outline" onClick={() => void removeScope(activeScope)}>
                      Remove controller {activeScope}
                    </button>
                  )
                ) : null}
              </div>
              <p className="muted help-text">
                {activeScope
                  ? `Rows set here apply only to controller ${activeScope}, on top of the default scope. JOC permissions${apps.length > 0 ? ' and those of other applications' : ''} are not controller-specific; set them on the Default tab.`
                  : 'Rows set here apply to JOC and to every controller.'}{' '}
                {readOnly ? '' : 'Click a state (or press Enter) to cycle unassigned → granted → denied; keys G, D and U set a state directly.'}
              </p>
              <PermissionTreeTable
                rows={rows}
                base={base}
                draft={current}
                compiledDraft={compiledDraft}
                leavesByPath={LEAVES_BY_PATH}
                controllerId={activeScope}
                readOnly={readOnly}
                onToggle={toggle}
                onSet={(path, state) => update((r) => setAssignment(r, activeScope, path, state))}
              />
              {catalogueRes.error ? (
                <p className="banner banner-warning" role="status">
                  The permissions of other applications could not be loaded: {catalogueRes.error.message}
                </p>
              ) : null}
              {appSections.map(({ app, rows: appRows }) => (
                <section key={app.root} className="catalogue-app" aria-labelledby={`catalogue-${app.root}`} data-catalogue-root={app.root}>
                  <h2 id={`catalogue-${app.root}`} className="catalogue-title">
                    {app.title} <span className="muted catalogue-root">{app.root}</span>
                  </h2>
                  {app.description ? <p className="muted help-text">{app.description}</p> : null}
                  <PermissionTreeTable
                    rows={appRows}
                    base={base}
                    draft={current}
                    compiledDraft={compiledDraft}
                    leavesByPath={appLeavesByPath}
                    controllerId={activeScope}
                    readOnly={readOnly}
                    caption={`Permissions of the application ${app.title}`}
                    onToggle={toggle}
                    onSet={(path, state) => update((r) => setAssignment(r, activeScope, path, state))}
                  />
                </section>
              ))}
              <FolderEditor
                base={base}
                draft={current}
                controllerId={activeScope}
                readOnly={readOnly}
                onSet={(folder, recursive) => update((r) => setFolder(r, activeScope, folder, recursive))}
                onRemove={(folder) => update((r) => removeFolder(r, activeScope, folder))}
              />
            </div>
          </div>
          <ChangeSummary diff={diff} saving={saving} readOnly={readOnly} onSave={() => void save()} onDiscard={() => void discard()} />
        </div>
      ) : null}
      {addingController ? (
        <AddControllerDialog
          existing={scopes.filter((s) => s !== DEFAULT_SCOPE)}
          onClose={() => setAddingController(false)}
          onAdd={(id) => {
            update((r) => addControllerScope(r, id));
            setScope(id);
            setAddingController(false);
            toast.info(`Controller ${id} added. Set its permissions, then save.`);
          }}
        />
      ) : null}
    </section>
  );
}

function tabId(controllerId: string): string {
  return `scope-tab-${controllerId ? controllerId.replace(/[^A-Za-z0-9_-]/g, '_') : 'default'}`;
}

function AddControllerDialog({ existing, onClose, onAdd }: { existing: string[]; onClose(): void; onAdd(id: string): void }) {
  const [id, setId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const err = validateControllerId(id, existing);
    setError(err);
    if (err) return inputRef.current?.focus();
    onAdd(id.trim());
  };
  return (
    <Dialog title="Add controller" open onClose={onClose} size="small">
      <form onSubmit={submit} noValidate>
        <div className="dialog-content">
          <p>Permissions on a controller tab apply only to that controller.</p>
          <TextField label="Controller ID" value={id} onChange={setId} error={error} ref={inputRef} autoComplete="off" spellCheck={false} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            Add controller
          </button>
        </div>
      </form>
    </Dialog>
  );
}
