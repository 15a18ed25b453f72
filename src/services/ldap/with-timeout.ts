/**
 * Races `work` against a timer. On expiry `onTimeout` runs (to close sockets) and the result rejects with
 * "<what> timed out after N s"; a late rejection of `work` is swallowed, so it never becomes an unhandled rejection.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      try { onTimeout?.(); } finally { reject(new Error(`${what} timed out after ${ms / 1000} s`)); }
    }, ms);
  });
  work.catch(() => { /* reported through the race, or too late to matter */ });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
