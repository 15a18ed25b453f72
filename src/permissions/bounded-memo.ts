/**
 * A string-keyed memo with a fixed capacity. Permission checks ask the same few paths over and over, but the
 * paths come from requests (`GET /authentication/permission?permission=`), so the memo must not grow without
 * bound. When full, the oldest entry goes (insertion order of `Map`): cheaper than LRU bookkeeping on every hit,
 * and the hot set is re-added at once.
 */
export class BoundedMemo<Value> {
  private readonly entries = new Map<string, Value>();
  private readonly capacity: number;

  /** `capacity` 0 disables memoisation (every `get` misses, `set` stores nothing). */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new TypeError(`memo capacity must be a non-negative integer, got ${capacity}`);
    }
    this.capacity = capacity;
  }

  get(key: string): Value | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Value): void {
    if (this.capacity === 0) return;
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}
