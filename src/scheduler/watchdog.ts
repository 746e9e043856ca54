/**
 * Declares a stream dead when nothing arrives for too long. Mesos sends a
 * HEARTBEAT every `heartbeat_interval_seconds`, so silence for several
 * intervals means a partition that TCP alone may never report.
 */

/** A resettable timer that calls `onExpire` after `timeoutMs` of silence. */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private timeoutMs: number,
    private readonly onExpire: (silentForMs: number) => void,
  ) {}

  /** Starts (or restarts) the countdown, optionally with a new timeout. */
  start(timeoutMs = this.timeoutMs): void {
    this.stop();
    this.timeoutMs = timeoutMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onExpire(this.timeoutMs);
    }, timeoutMs);
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
