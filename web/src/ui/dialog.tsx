// Modal dialog on the native <dialog> element: the browser traps focus and makes the page behind it inert.
// Escape closes (unless busy); focus returns to the element that opened it. While the session is suspended (login
// overlay shown after expiry) the dialog is hidden but stays mounted, so nothing typed is lost.
import { createContext, useContext, useEffect, useId, useRef, type ReactNode } from 'react';

/** True while the session has ended and the login page covers the console. */
export const SuspendedContext = createContext(false);

export interface DialogProps {
  title: string;
  open: boolean;
  onClose(): void;
  children: ReactNode;
  /** Prevents closing with Escape (e.g. while saving). */
  busy?: boolean;
  size?: 'small' | 'medium' | 'large';
  /** Optional id of the element describing the dialog. */
  describedBy?: string;
}

export function Dialog({ title, open, onClose, children, busy = false, size = 'medium', describedBy }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const suspended = useContext(SuspendedContext);
  const titleId = useId();
  const visible = open && !suspended;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (visible && !el.open) {
      if (!opener.current) opener.current = document.activeElement;
      el.showModal();
      // Focus the marked control, else the first form control (not the close button in the header).
      const target =
        el.querySelector<HTMLElement>('[data-autofocus]') ??
        el.querySelector<HTMLElement>('.dialog-body > :not(header) :is(input, select, textarea):not([disabled])');
      target?.focus();
    } else if (!visible && el.open) {
      el.close();
      if (!open) {
        const back = opener.current;
        opener.current = null;
        restoreFocus(back);
      }
    }
  }, [visible, open]);

  // Unmounting an open dialog (the usual way forms close) also returns focus to its opener.
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el?.open) el.close();
      const back = opener.current;
      opener.current = null;
      restoreFocus(back);
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      {open ? (
        <div className="dialog-body">
          <header className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-button" aria-label="Close dialog" onClick={onClose} disabled={busy}>
              <span aria-hidden="true">×</span>
            </button>
          </header>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

/** Focuses the element that opened a dialog; a menu item hidden in a closed row menu hands focus to the menu button. */
function restoreFocus(el: Element | null): void {
  if (!(el instanceof HTMLElement) || !el.isConnected) return;
  const target = el.offsetParent === null ? (el.closest('details')?.querySelector<HTMLElement>('summary') ?? el) : el;
  target.focus();
}
