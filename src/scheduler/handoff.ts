/**
 * Hands events from the stream reader to the application's async iterator
 * through a small bounded queue. An event counts as handled when the
 * application asks for the next one, which is when a status update may be
 * acknowledged; each event carries a callback for that moment. When the
 * queue is full the reader waits, so a slow application slows the stream
 * instead of buffering without bound.
 */

interface Item<T> {
  readonly value: T;
  readonly done: ((handled: boolean) => void) | undefined;
}

/**
 * Events decoded ahead of the application before the reader waits: one, the
 * next event, decoded while the application handles the current one. Every
 * queued event is a live object graph (an OFFERS event of many offers is tens
 * of KB), and whatever is live when the young generation is collected gets
 * copied. Decoding a whole chunk's events before the application took the
 * first (a capacity of 32) cost 3-4% of a JSON stream's throughput; a
 * capacity of 2 measured about 2% slower than 1.
 */
const DEFAULT_CAPACITY = 1;

/** A bounded channel between a producer and an async-iterator consumer. */
export class Handoff<T> implements AsyncIterableIterator<T> {
  private readonly queue: Item<T>[] = [];
  private current: Item<T> | undefined;
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private space: (() => void) | undefined;
  private ended: { error?: unknown } | undefined;

  constructor(
    private readonly onReturn: () => void,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /**
   * Queues a value; `done(handled)` is called once the consumer asked for the
   * next value after it (true) or stopped first (false). Returns a promise to
   * await when the queue is full, else undefined.
   */
  push(value: T, done?: (handled: boolean) => void): Promise<void> | undefined {
    if (this.ended) {
      done?.(false);
      return undefined;
    }
    const item = { value, done };
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      this.current = item;
      waiter.resolve({ value, done: false });
      return undefined;
    }
    this.queue.push(item);
    if (this.queue.length < this.capacity) return undefined;
    return new Promise<void>((resolve) => (this.space = resolve));
  }

  /** Queues a value and waits until the consumer handled it (true) or stopped (false). */
  deliver(value: T): Promise<boolean> {
    return new Promise<boolean>((resolve) => void this.push(value, resolve));
  }

  /** Ends the iteration once the queue is drained: normally, or with an error the consumer's loop will throw. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = error === undefined ? {} : { error };
    this.wakeProducer();
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) this.settle(waiter.resolve, waiter.reject);
  }

  /** Ends at once, dropping queued values (they count as not handled). */
  abort(): void {
    for (const item of this.queue.splice(0)) item.done?.(false);
    this.end();
  }

  next(): Promise<IteratorResult<T>> {
    const current = this.current;
    this.current = undefined;
    current?.done?.(true);
    const queued = this.queue.shift();
    if (queued) {
      this.current = queued;
      if (this.queue.length < this.capacity) this.wakeProducer();
      return Promise.resolve({ value: queued.value, done: false });
    }
    if (this.ended) return new Promise((resolve, reject) => this.settle(resolve, reject));
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** The consumer left the loop (break, return or throw): the event in hand counts as not handled. */
  return(): Promise<IteratorResult<T>> {
    const current = this.current;
    this.current = undefined;
    current?.done?.(false);
    this.abort();
    this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private wakeProducer(): void {
    const space = this.space;
    this.space = undefined;
    space?.();
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
