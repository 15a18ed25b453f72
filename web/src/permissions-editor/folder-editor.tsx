// Folders of one scope (spec §2.4): when a role lists folders, the account is restricted to them; "recursive" also
// covers sub-folders.
import { useState, type FormEvent } from 'react';
import { validateFolderPath } from '../validation/names.js';
import { Checkbox, TextField } from '../ui/field.js';
import { scopeOf, type RoleRules } from './role-rules.js';

interface FolderEditorProps {
  base: RoleRules;
  draft: RoleRules;
  controllerId: string;
  readOnly: boolean;
  onSet(folder: string, recursive: boolean): void;
  onRemove(folder: string): void;
}

export function FolderEditor({ base, draft, controllerId, readOnly, onSet, onRemove }: FolderEditorProps) {
  const [path, setPath] = useState('');
  const [recursive, setRecursive] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const folders = [...scopeOf(draft, controllerId).folders.entries()].sort(([a], [b]) => a.localeCompare(b));
  const baseFolders = scopeOf(base, controllerId).folders;

  const add = (e: FormEvent) => {
    e.preventDefault();
    const err = validateFolderPath(path, folders.map(([f]) => f));
    setError(err);
    if (err) return;
    onSet(path.trim(), recursive);
    setPath('');
  };

  return (
    <section className="card folder-editor" aria-labelledby={`folders-${controllerId || 'default'}`}>
      <h3 id={`folders-${controllerId || 'default'}`}>Folders{controllerId ? ` for ${controllerId}` : ''}</h3>
      <p className="muted">
        {folders.length === 0
          ? 'No folder restriction: this role does not limit inventory folders.'
          : 'Accounts with this role only see these inventory folders (all roles with folders are combined).'}
      </p>
      {folders.length > 0 ? (
        <ul className="folder-list">
          {folders.map(([folder, rec]) => {
            const state = baseFolders.get(folder) === undefined ? 'new' : baseFolders.get(folder) !== rec ? 'changed' : '';
            return (
              <li key={folder} className={state ? 'row-changed' : undefined}>
                <code>{folder}</code>
                {state ? <span className="changed-mark">{state}</span> : null}
                <Checkbox label={<>Recursive<span className="visually-hidden"> for {folder}</span></>} checked={rec} disabled={readOnly} onChange={(v) => onSet(folder, v)} />
                {readOnly ? null : (
                  <button type="button" className="button button-small" onClick={() => onRemove(folder)} aria-label={`Remove folder ${folder}`}>
                    Remove
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      {readOnly ? null : (
        <form className="inline-form" onSubmit={add} noValidate>
          <TextField label="Add folder" value={path} onChange={setPath} error={error} placeholder="/production" autoComplete="off" />
          <Checkbox label="Recursive" checked={recursive} onChange={setRecursive} />
          <button type="submit" className="button">
            Add folder
          </button>
        </form>
      )}
    </section>
  );
}
