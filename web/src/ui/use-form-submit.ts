// Runs a form's save action and turns failures into messages next to the right field (or at form level).
// The form's own state is never reset on failure, so nothing typed is lost.
import { useCallback, useState } from 'react';
import { ApiError, fieldForError } from '../api/api-error.js';

export interface FormSubmit<F extends string> {
  busy: boolean;
  fieldErrors: Partial<Record<F, string>>;
  formError: string | null;
  setFieldErrors(errors: Partial<Record<F, string>>): void;
  clearErrors(): void;
  /** Returns a change handler that stores the value and clears that field's error (the message is stale once edited). */
  edit<V>(field: F, set: (value: V) => void): (value: V) => void;
  /** Runs `action`; resolves true on success. */
  run(action: () => Promise<void>): Promise<boolean>;
}

/** `fields` maps request property names to their visible labels (used to place server refusals). */
export function useFormSubmit<F extends string>(fields: Readonly<Record<F, string>>, rewrite?: (message: string) => string): FormSubmit<F> {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<F, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const clearErrors = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      setFormError(null);
      try {
        await action();
        setFieldErrors({});
        return true;
      } catch (err) {
        const message = rewrite ? rewrite(describeFailure(err)) : describeFailure(err);
        if (err instanceof ApiError && err.kind === 'rejected') {
          const field = fieldForError(err, fields) as F | undefined;
          if (field) {
            setFieldErrors({ [field]: message } as Partial<Record<F, string>>);
            return false;
          }
        }
        setFormError(message);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [fields, rewrite],
  );

  const edit = useCallback(
    <V,>(field: F, set: (value: V) => void) =>
      (value: V) => {
        set(value);
        setFieldErrors((errors) => {
          if (!(field in errors)) return errors;
          const next = { ...errors };
          delete next[field];
          return next;
        });
      },
    [],
  );

  return { busy, fieldErrors, formError, setFieldErrors, clearErrors, edit, run };
}

export function describeFailure(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.kind === 'session-ended') {
      return 'Your session has expired. Sign in again — what you entered here is kept — then try again.';
    }
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
