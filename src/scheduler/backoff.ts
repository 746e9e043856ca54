/**
 * Delays between subscription attempts: exponential growth with full jitter
 * (a uniformly random delay up to the current bound), so many schedulers
 * that lost the same master do not come back in lockstep.
 */

/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** Bound of the first delay (default 500 ms, like the official library's connection delay). */
  readonly initialMs?: number;
  /** Largest delay (default 15 s, the cap the upstream scheduler guide suggests). */
  readonly capMs?: number;
  /** Source of randomness in [0, 1) (tests pass a fixed one). */
  readonly random?: () => number;
}

/** Produces the delay before each retry; `reset()` after a success. */
export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly capMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.capMs = options.capMs ?? 15_000;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs >= 0) || !(this.capMs >= this.initialMs)) {
      throw new RangeError(`backoff needs 0 <= initialMs <= capMs (got ${this.initialMs} and ${this.capMs})`);
    }
  }

  /** The bound of the next delay. */
  get bound(): number {
    return Math.min(this.capMs, this.initialMs * 2 ** Math.min(this.attempt, 52));
  }

  /** The delay before the next attempt, in ms; each call widens the bound until the cap. */
  next(): number {
    const delay = Math.floor(this.random() * this.bound);
    this.attempt++;
    return delay;
  }

  /** Starts again from the first bound. */
  reset(): void {
    this.attempt = 0;
  }
}
