// Security keys of an account of a FIDO service, for administrators (seed 000 "Registration by Administrators"):
// list, add a key for the account (the administrator performs the ceremony with the user's key at hand), remove.
import { useState } from 'react';
import { fido } from '../api/fido-api.js';
import { AddKeyDialog } from '../profile/security-keys.js';
import { PERM, useSession } from '../session/session-context.js';
import { Dialog } from '../ui/dialog.js';
import { FormError } from '../ui/field.js';
import { EmptyRow, formatDate, LoadState } from '../ui/page.js';
import { useToast } from '../ui/toast.js';
import { describeFailure } from '../ui/use-form-submit.js';
import { useResource } from '../ui/use-resource.js';

export function FidoAccountKeysDialog({ service, account, onClose }: { service: string; account: string | null; onClose(): void }) {
  return account === null ? null : <KeysDialog service={service} account={account} onClose={onClose} />;
}

function KeysDialog({ service, account, onClose }: { service: string; account: string; onClose(): void }) {
  const { api, can } = useSession();
  const toast = useToast();
  const canManage = can(PERM.accountsManage);
  const res = useResource(async () => (await fido.devices(api, service, account)).devices ?? [], [api, service, account]);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async (credentialId: string, name: string) => {
    setError(null);
    try {
      await fido.removeDevices(api, service, account, [credentialId]);
      toast.success(`Key "${name}" of ${account} removed.`);
      res.reload();
    } catch (err) {
      setError(describeFailure(err));
    }
  };

  return (
    <>
      <Dialog title={`Security keys of ${account}`} open={!adding} onClose={onClose} size="large">
        <div className="dialog-content">
          <FormError message={error} />
          <LoadState loading={res.loading && !res.data} error={res.error} onRetry={res.reload} what="Security keys" />
          {res.data ? (
            <table className="table">
              <caption className="visually-hidden">Security keys of {account}</caption>
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Authenticator</th><th scope="col">Added</th><th scope="col">Last used</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>
                {res.data.length === 0 ? <EmptyRow colSpan={5}>No keys: {account} cannot sign in with {service}.</EmptyRow> : null}
                {res.data.map((d) => (
                  <tr key={d.credentialId}>
                    <th scope="row">{d.name}</th>
                    <td title={`AAGUID ${d.aaguid}`}>{d.authenticatorModel}</td>
                    <td>{formatDate(d.created)}</td>
                    <td>{d.lastUsed ? formatDate(d.lastUsed) : <span className="muted">never</span>}</td>
                    <td>{canManage ? <button type="button" className="link-button" onClick={() => void remove(d.credentialId, d.name)}>Remove<span className="visually-hidden"> {d.name}</span></button> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
        <div className="dialog-actions">
          {canManage ? <button type="button" className="button" onClick={() => setAdding(true)}>Add security key</button> : null}
          <button type="button" className="button button-primary" onClick={onClose}>Close</button>
        </div>
      </Dialog>
      {adding ? (
        <AddKeyDialog service={service} account={account} onClose={() => setAdding(false)}
          onAdded={(name) => { setAdding(false); toast.success(`Key "${name}" added to ${account}.`); res.reload(); }} />
      ) : null}
    </>
  );
}
