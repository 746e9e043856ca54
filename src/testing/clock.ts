/**
 * Time for mini-mesos. Everything timed in the simulator (heartbeats, offer
 * filters, status update retries, failover timeouts, allocation rounds)
 * goes through a Clock, so a test can swap real time for a virtual clock and
 * run a 10-minute failover timeout in milliseconds, the same way every time.
 */

/** A pending timer. */
export interface ClockTimer {
  readonly id: number;
}

/** The source of time and timers. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once after `ms`. */
  setTimeout(callback: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer | undefined): void;
}

/** Real time (Node's timers); timers do not keep the process alive on their own. */
export class RealClock implements Clock {
  private readonly handles = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimeout(callback: () => void, ms: number): ClockTimer {
    const id = this.nextId++;
    const handle = setTimeout(() => {
      this.handles.delete(id);
      callback();
    }, ms);
    handle.unref();
    this.handles.set(id, handle);
    return { id };
  }

  clearTimeout(timer: ClockTimer | undefined): void {
    if (!timer) return;
    clearTimeout(this.handles.get(timer.id));
    this.handles.delete(timer.id);
  }
}

interface Pending {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/**
 * Time that moves only when told to. `advance(ms)` fires the timers that fall
 * due, in order of due time (then creation), and between timers lets pending
 * I/O and promise reactions run, so events written to sockets by one timer
 * are seen before the next fires.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** Starts at `start` ms since the epoch (default 2026-01-01T00:00:00Z, so runs are repeatable). */
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): ClockTimer {
    const id = this.nextId++;
    this.pending.set(id, { id, due: this.current + Math.max(0, ms), callback });
    return { id };
  }

  clearTimeout(timer: ClockTimer | undefined): void {
    if (timer) this.pending.delete(timer.id);
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.pending.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.pending.delete(next.id);
      this.current = Math.max(this.current, next.due);
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }

  private earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending.values()) {
      if (!best || p.due < best.due || (p.due === best.due && p.id < best.id)) best = p;
    }
    return best;
  }
}

/** Lets socket I/O and promise chains started by a timer run before the next one fires. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
