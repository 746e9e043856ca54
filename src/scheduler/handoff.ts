/**
 * Hands events one at a time from the stream reader to the application's
 * async iterator. The reader learns when the application has finished with
 * an event (it asks for the next one), which is when status updates may be
 * acknowledged, and stops reading meanwhile, so a slow application slows the
 * stream instead of buffering without bound.
 */

interface Item<T> {
  readonly value: T;
  readonly done: (handled: boolean) => void;
}

/** A one-slot channel between a producer and an async-iterator consumer. */
export class Handoff<T> implements AsyncIterableIterator<T> {
  private current: Item<T> | undefined;
  private queued: Item<T> | undefined;
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private ended: { error?: unknown } | undefined;

  constructor(private readonly onReturn: () => void) {}

  /**
   * Offers a value; resolves true once the consumer asked for the next value
   * after it (the value was handled), false if the consumer stopped first.
   */
  deliver(value: T): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    return new Promise<boolean>((done) => {
      const item = { value, done };
      const waiter = this.waiter;
      if (waiter) {
        this.waiter = undefined;
        this.current = item;
        waiter.resolve({ value, done: false });
      } else {
        this.queued = item;
      }
    });
  }

  /** Ends the iteration: normally, or with an error the consumer's loop will throw. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = error === undefined ? {} : { error };
    this.queued?.done(false);
    this.queued = undefined;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) this.settle(waiter.resolve, waiter.reject);
  }

  next(): Promise<IteratorResult<T>> {
    const current = this.current;
    this.current = undefined;
    current?.done(true);
    const queued = this.queued;
    if (queued) {
      this.queued = undefined;
      this.current = queued;
      return Promise.resolve({ value: queued.value, done: false });
    }
    if (this.ended) return new Promise((resolve, reject) => this.settle(resolve, reject));
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** The consumer left the loop (break, return or throw): the event in hand counts as not handled. */
  return(): Promise<IteratorResult<T>> {
    const current = this.current;
    this.current = undefined;
    current?.done(false);
    this.end();
    this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settle(resolve: (r: IteratorResult<T>) => void, reject: (e: unknown) => void): void {
    const error = this.ended?.error;
    if (error !== undefined) {
      // The error is thrown once; later calls just end.
      this.ended = {};
      reject(error);
    } else {
      resolve({ value: undefined, done: true });
    }
  }
}
