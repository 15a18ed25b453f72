// Toasts: a visible result after every action. Successes are announced politely and fade after a few seconds;
// errors are announced assertively and stay until dismissed.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export type ToastKind = 'success' | 'error' | 'info';

interface ToastItem {
  id: number;
  kind: ToastKind;
  message: string;
}

export interface ToastApi {
  success(message: string): void;
  error(message: string): void;
  info(message: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast outside ToastProvider');
  return api;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setItems((list) => list.filter((t) => t.id !== id)), []);

  const push = useCallback(
    (kind: ToastKind, message: string) => {
      const id = nextId.current++;
      setItems((list) => [...list.slice(-4), { id, kind, message }]);
      if (kind !== 'error') window.setTimeout(() => dismiss(id), 6000);
    },
    [dismiss],
  );

  const api = useMemo<ToastApi>(
    () => ({
      success: (m) => push('success', m),
      error: (m) => push('error', m),
      info: (m) => push('info', m),
    }),
    [push],
  );

  const render = (filter: (t: ToastItem) => boolean) =>
    items.filter(filter).map((t) => (
      <div key={t.id} className={`toast toast-${t.kind}`} data-testid="toast">
        <span className="toast-icon" aria-hidden="true">
          {t.kind === 'success' ? '✓' : t.kind === 'error' ? '!' : 'i'}
        </span>
        <span className="toast-message">{t.message}</span>
        <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
    ));

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toast-region">
        <div role="status" aria-live="polite" className="toast-stack">
          {render((t) => t.kind !== 'error')}
        </div>
        <div role="alert" aria-live="assertive" className="toast-stack">
          {render((t) => t.kind === 'error')}
        </div>
      </div>
    </ToastContext.Provider>
  );
}
