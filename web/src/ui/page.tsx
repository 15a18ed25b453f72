// Page scaffolding shared by all console pages: heading (focus target after navigation), actions, load states.
import type { ReactNode } from 'react';
import type { ApiError } from '../api/api-error.js';

export function PageHeader({ title, description, actions, breadcrumb }: { title: string; description?: ReactNode; actions?: ReactNode; breadcrumb?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        {breadcrumb ? <nav aria-label="Breadcrumb" className="breadcrumb">{breadcrumb}</nav> : null}
        <h1 tabIndex={-1}>{title}</h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}

/** Shows loading and error states of a resource; the error stays visible with a retry button. */
export function LoadState({ loading, error, onRetry, what }: { loading: boolean; error: ApiError | null; onRetry(): void; what: string }) {
  if (error) {
    return (
      <div className="banner banner-error" role="alert">
        <span>
          {what} could not be loaded: {error.message}
        </span>
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  if (loading) {
    return (
      <p className="loading" role="status">
        Loading {what.toLowerCase()}…
      </p>
    );
  }
  return null;
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="empty-cell">
        {children}
      </td>
    </tr>
  );
}

export function StatusBadge({ tone, children }: { tone: 'ok' | 'warn' | 'bad' | 'neutral' | 'info'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function formatDate(value: string | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
