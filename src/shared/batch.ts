/**
 * Coalesces the lookups of concurrent requests into one query per batch (the DataLoader pattern).
 *
 * A key only ever joins a batch that has not been sent yet, so every caller reads the database after it asked,
 * exactly as if it had queried alone: nothing is cached and nothing can be stale. Up to `concurrency` batches
 * are in flight at a time; keys that arrive meanwhile wait for the next free slot and go out together. A lone
 * request is sent on the next turn of the event loop; under load the batches grow by themselves and the
 * database sees one round trip for many requests.
 */
export class Batcher<K, V> {
  private pending = new Map<K, Waiter<V>[]>();
  private running = 0;
  private scheduled = false;

  constructor(
    /** Loads the given distinct keys; a key missing from the answer resolves to undefined. */
    private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly options: { concurrency: number; maxBatch: number },
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.options.concurrency || this.pending.size === 0) return;
    this.scheduled = true;
    // After the current I/O phase: the requests that arrived together go out together.
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.running < this.options.concurrency && this.pending.size > 0) {
      const batch = new Map<K, Waiter<V>[]>();
      for (const [key, waiters] of this.pending) {
        if (batch.size >= this.options.maxBatch) break;
        batch.set(key, waiters);
      }
      for (const key of batch.keys()) this.pending.delete(key);
      this.running++;
      let loading: Promise<Map<K, V>>;
      try {
        loading = this.loadMany([...batch.keys()]);
      } catch (err) {
        loading = Promise.reject(err);
      }
      loading
        .then(
          (found) => {
            for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key));
          },
          (err: unknown) => {
            for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
          },
        )
        .finally(() => {
          this.running--;
          this.schedule();
        });
    }
  }
}

interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(err: unknown): void;
}
