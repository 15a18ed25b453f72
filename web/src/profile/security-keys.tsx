// The signed-in user's security keys (seed 000 "Adding Security Keys"): list, add (the ceremony is bound to this
// session and needs the key's PIN or biometric), rename, remove (not the last one). For FIDO sessions the keys of
// the session's service; for a password login with a FIDO second factor the keys of that second factor.
import { useState } from 'react';
import { fido, type FidoDevice } from '../api/fido-api.js';
import type { IdentityProviders } from '../api/types.js';
import { createCredential, describeWebAuthnError, webAuthnAvailable } from '../login/webauthn-json.js';
import { useSession, type ConsoleSession } from '../session/session-context.js';
import { useConfirm } from '../ui/confirm.js';
import { Dialog } from '../ui/dialog.js';
import { FormError, TextField } from '../ui/field.js';
import { formatDate, LoadState, StatusBadge } from '../ui/page.js';
import { RowActions } from '../ui/row-actions.js';
import { useToast } from '../ui/toast.js';
import { describeFailure } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';

interface KeySet { service: string; devices: FidoDevice[] }

export function SecurityKeysSection({ session }: { session: ConsoleSession }) {
  const { api } = useSession();
  const res = useResource<KeySet[]>(async () => {
    let candidates: string[];
    if (session.identityServiceType === 'FIDO') candidates = [session.identityServiceName];
    else {
      const providers = await api.call<IdentityProviders>('/iam/identityproviders', {}, { authenticated: false });
      candidates = (providers.fido2ndFactorServiceItems ?? []).map((p) => p.identityServiceName);
    }
    const sets = await Promise.all(candidates.map(async (service) => {
      try {
        return { service, devices: (await fido.devices(api, service, session.account)).devices ?? [] };
      } catch {
        return null; // not an account of this service
      }
    }));
    return sets.filter((s): s is KeySet => s !== null);
  }, [api, session.account, session.identityServiceName, session.identityServiceType]);

  return (
    <section className="card" aria-labelledby="security-keys-heading">
      <h2 id="security-keys-heading">Security keys</h2>
      <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Security keys" />
      {res.data && res.data.length === 0 ? (
        <p className="muted">Your account {session.account} signs in without security keys.</p>
      ) : null}
      {(res.data ?? []).map((set) => <KeyList key={set.service} account={session.account} set={set} onChanged={res.reload} />)}
    </section>
  );
}

function KeyList({ account, set, onChanged }: { account: string; set: KeySet; onChanged(): void }) {
  const { api } = useSession();
  const toast = useToast();
  const confirm = useConfirm();
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<FidoDevice | null>(null);

  const remove = async (d: FidoDevice) => {
    const ok = await confirm({ title: `Remove the key "${d.name}"?`, message: <p>You can no longer sign in with this key.</p>, confirmLabel: 'Remove key', danger: true });
    if (!ok) return;
    try {
      await fido.removeDevices(api, set.service, account, [d.credentialId]);
      toast.success(`Key "${d.name}" removed.`);
      onChanged();
    } catch (err) {
      toast.error(`The key was not removed. ${describeFailure(err)}`);
    }
  };

  return (
    <>
      <div className="table-wrap">
      <table className="table">
        <caption>Keys for {set.service}</caption>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Authenticator</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          {set.devices.map((d) => (
            <tr key={d.credentialId} data-key={d.name}>
              <th scope="row">{d.name}</th>
              <td>
                {d.authenticatorModel === 'not disclosed' ? <span className="muted">model not disclosed</span> : d.authenticatorModel}{' '}
                {d.backedUp ? <StatusBadge tone="neutral">synced</StatusBadge> : null}
              </td>
              <td>{formatDate(d.created)}</td>
              <td>{d.lastUsed ? formatDate(d.lastUsed) : <span className="muted">never</span>}</td>
              <td className="cell-actions">
                <RowActions label={`Actions for the key ${d.name}`} actions={[
                  { label: 'Rename', onSelect: () => setRenaming(d) },
                  { label: 'Remove', danger: true, hidden: set.devices.length <= 1, onSelect: () => void remove(d) },
                ]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <button type="button" className="button" onClick={() => setAdding(true)} disabled={!webAuthnAvailable()}>Add security key</button>
      {adding ? <AddKeyDialog service={set.service} account={account} onClose={() => setAdding(false)} onAdded={(name) => { setAdding(false); toast.success(`Key "${name}" added.`); onChanged(); }} /> : null}
      {renaming ? <RenameKeyDialog service={set.service} account={account} device={renaming} onClose={() => setRenaming(null)} onDone={() => { setRenaming(null); onChanged(); }} /> : null}
    </>
  );
}

/** Adds a key to `account` of `service` (own account from the profile, or an administrator for anybody). */
export function AddKeyDialog({ service, account, onClose, onAdded }: { service: string; account: string; onClose(): void; onAdded(name: string): void }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const { options } = await fido.addDeviceStart(api, service, account);
      let credential: Record<string, unknown>;
      try {
        credential = await createCredential(options);
      } catch (err) {
        setError(describeWebAuthnError(err));
        return;
      }
      const added = await fido.addDevice(api, service, account, credential, name.trim());
      onAdded(added.name);
    } catch (err) {
      setError(describeFailure(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Add a security key for ${account}`} open onClose={onClose} busy={busy} size="small">
      <form onSubmit={(e) => { e.preventDefault(); void add(); }} noValidate aria-label="Add a security key">
        <div className="dialog-content">
          <FormError message={error} />
          <TextField label="Name of the key" value={name} onChange={setName} maxLength={100} hint="How you recognise it, e.g. “YubiKey on the key ring”. Empty: its model." disabled={busy} />
          <p className="muted">{busy ? 'Follow your browser: enter the new key\'s PIN and touch it.' : 'The new key must verify you (PIN or biometric).'}</p>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="submit" className="button button-primary" disabled={busy}>{busy ? 'Waiting for the key…' : 'Add key'}</button>
        </div>
      </form>
    </Dialog>
  );
}

function RenameKeyDialog({ service, account, device, onClose, onDone }: { service: string; account: string; device: FidoDevice; onClose(): void; onDone(): void }) {
  const { api } = useSession();
  const [name, setName] = useState(device.name);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    if (name.trim() === '' || /[<>]/.test(name)) return setError('Enter a name without < or >.');
    try {
      await fido.renameDevice(api, service, account, device.credentialId, name.trim());
      onDone();
    } catch (err) {
      setError(describeFailure(err));
    }
  };
  return (
    <Dialog title={`Rename the key "${device.name}"`} open onClose={onClose} size="small">
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate aria-label="Rename the key">
        <div className="dialog-content">
          <TextField label="Name of the key" value={name} onChange={setName} error={error} maxLength={100} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button-primary">Rename</button>
        </div>
      </form>
    </Dialog>
  );
}
