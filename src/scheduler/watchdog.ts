/**
 * Declares a stream dead when nothing arrives for too long. Mesos sends a
 * HEARTBEAT every `heartbeat_interval_seconds`, so silence for several
 * intervals means a partition that TCP alone may never report.
 */

/** A resettable timer that calls `onExpire` after `timeoutMs` of silence. */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;
  /** Set while silence is not the peer's fault (the application is behind): expiry re-arms instead. */
  private paused = false;

  constructor(
    private timeoutMs: number,
    private readonly onExpire: (silentForMs: number) => void,
  ) {}

  /** Starts (or restarts) the countdown, optionally with a new timeout. */
  start(timeoutMs = this.timeoutMs): void {
    this.stop();
    this.timeoutMs = timeoutMs;
    this.paused = false;
    const timer = setTimeout(() => {
      if (this.paused) {
        timer.refresh();
        return;
      }
      this.timer = undefined;
      this.onExpire(this.timeoutMs);
    }, timeoutMs);
    this.timer = timer;
  }

  /**
   * Silence from now on does not count (the reader waits for the application), until {@link resume}.
   * Cheaper than stop/start, which would create a timer every time the application falls behind.
   */
  pause(): void {
    this.paused = true;
  }

  /** Silence counts again, from now. */
  resume(): void {
    this.paused = false;
    this.reset();
  }

  /** Something arrived: the countdown starts over. */
  reset(): void {
    // refresh() re-arms the existing timer without allocating, which matters at thousands of events per second.
    if (this.timer) this.timer.refresh();
  }

  /** Stops the countdown (while the application holds an event, or for good). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
