/**
 * An append-only log that tests can await: items already logged count as well
 * as future ones, so a test never races the server it drives.
 */

interface Waiter<T> {
  find(): T | undefined;
  resolve(item: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Items in arrival order plus promises that resolve once a wanted item has arrived. */
export class FakeLog<T extends object> {
  /** Every item, oldest first. */
  readonly items: T[] = [];
  private readonly taken = new WeakSet<T>();
  private readonly waiters = new Set<Waiter<T>>();
  private closedError: Error | undefined;

  constructor(private readonly what: string) {}

  /** Appends an item and wakes the waiters it satisfies. */
  push(item: T): void {
    this.items.push(item);
    for (const waiter of [...this.waiters]) {
      const found = waiter.find();
      if (found !== undefined) this.settle(waiter, () => waiter.resolve(found));
    }
  }

  /** The oldest item matching `predicate` not yet returned by an earlier `take`, waiting for it if needed. */
  take(predicate: (item: T) => boolean, timeoutMs: number, description: string): Promise<T> {
    return this.wait(
      () => {
        const found = this.items.find((item) => !this.taken.has(item) && predicate(item));
        // Mark at once so that two pending takes never receive the same item.
        if (found !== undefined) this.taken.add(found);
        return found;
      },
      timeoutMs,
      description,
    );
  }

  /** The `index`-th (0-based) item matching `predicate`, waiting for it if needed; does not consume anything. */
  nth(predicate: (item: T) => boolean, index: number, timeoutMs: number, description: string): Promise<T> {
    return this.wait(() => this.items.filter(predicate)[index], timeoutMs, description);
  }

  /** Fails every pending and future wait (the server is closing). */
  close(): void {
    this.closedError = new Error(`${this.what}: the fake server was closed`);
    for (const waiter of [...this.waiters]) this.settle(waiter, () => waiter.reject(this.closedError!));
  }

  private wait(find: () => T | undefined, timeoutMs: number, description: string): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    const now = find();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        find,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.settle(waiter, () =>
            reject(
              new Error(
                `Timed out after ${timeoutMs} ms waiting for ${description} (${this.items.length} ${this.what} so far)`,
              ),
            ),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private settle(waiter: Waiter<T>, action: () => void): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    action();
  }
}
