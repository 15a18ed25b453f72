// Loads data for a page and reloads on demand; stale answers (after deps changed) are dropped.
import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/api-error.js';
import { SessionContext } from '../session/session-context.js';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  // After a re-login (session expired with unsaved work kept) every page reloads what failed with the old session.
  const resumeCount = useContext(SessionContext)?.resumeCount ?? 0;

  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    load().then(
      (value) => {
        if (generation.current !== mine) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (generation.current !== mine) return;
        setError(err instanceof ApiError ? err : new ApiError('server', String(err), 0));
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, resumeCount]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
