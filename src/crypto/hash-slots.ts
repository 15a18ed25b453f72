import { availableParallelism } from 'node:os';

/**
 * At most one password hash per CPU core at a time; further hashes wait their turn in order.
 *
 * Why: Argon2id is memory-hard (19 MiB per hash) and runs on libuv's thread pool (4 threads by default). With more
 * hashes in flight than cores, the extra threads add no throughput — they take turns on the same cores, evicting
 * each other's 19 MiB from the caches — so every hash costs more CPU (measured in bench/login.ts: 14.6 ms per
 * verify at 4 at a time against 13.7 ms at 2 on a 2-core machine), memory grows with the burst, and the pool's
 * threads are unavailable to file and DNS work. A waiting login costs nothing but its place in the queue.
 */
export function hashSlots(slots: number): <T>(work: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(slots) || slots < 1) throw new Error(`hash slots must be a positive integer, got ${slots}`);
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) running--;
    else next(); // the slot passes straight to the next waiter
  };
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running < slots) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      release();
    }
  };
}

/** The process-wide limiter every password hash and verify goes through. */
export const withHashSlot = hashSlots(availableParallelism());
