// Per-row action menu as a disclosure (<details>): one tab stop per row, Escape closes, clicking an action closes.
import { useRef, type ReactNode } from 'react';

export interface RowAction {
  label: string;
  onSelect(): void;
  danger?: boolean;
  hidden?: boolean;
}

export function RowActions({ label, actions, children }: { label: string; actions: RowAction[]; children?: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const visible = actions.filter((a) => !a.hidden);
  if (visible.length === 0 && !children) return null;
  const close = () => {
    if (ref.current) ref.current.open = false;
  };
  return (
    <details
      ref={ref}
      className="row-actions"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && ref.current?.open) {
          e.stopPropagation();
          close();
          ref.current.querySelector('summary')?.focus();
        }
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) close();
      }}
    >
      <summary className="button button-small" aria-label={label}>
        Actions <span aria-hidden="true">▾</span>
      </summary>
      <div className="row-actions-menu">
        {children}
        {visible.map((a) => (
          <button
            key={a.label}
            type="button"
            className={a.danger ? 'menu-item menu-item-danger' : 'menu-item'}
            onClick={() => {
              close();
              a.onSelect();
            }}
          >
            {a.label}
          </button>
        ))}
      </div>
    </details>
  );
}
