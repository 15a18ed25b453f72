// Confirmation before destructive actions: `await confirm({...})` resolves true only on the explicit button.
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { Dialog } from './dialog.js';

export interface ConfirmRequest {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
}

type ConfirmFn = (req: ConfirmRequest) => Promise<boolean>;

const ConfirmContext = createContext<ConfirmFn | null>(null);

export function useConfirm(): ConfirmFn {
  const fn = useContext(ConfirmContext);
  if (!fn) throw new Error('useConfirm outside ConfirmProvider');
  return fn;
}

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);

  const confirm = useCallback<ConfirmFn>((req) => {
    resolver.current?.(false);
    setRequest(req);
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
    });
  }, []);

  const finish = (ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setRequest(null);
  };

  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <Dialog title={request?.title ?? ''} open={request !== null} onClose={() => finish(false)} size="small">
        {request ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              finish(true);
            }}
          >
            <div className="dialog-content">{request.message}</div>
            <div className="dialog-actions">
              <button type="button" className="button" onClick={() => finish(false)} data-autofocus>
                Cancel
              </button>
              <button type="submit" className={request.danger ? 'button button-danger' : 'button button-primary'}>
                {request.confirmLabel}
              </button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </ConfirmContext.Provider>
  );
}
