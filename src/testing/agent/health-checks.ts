/**
 * COMMAND health checks of the built-in executors: after `delay_seconds`,
 * the check runs every `interval_seconds`; a change of the result is
 * reported as TASK_RUNNING with `REASON_TASK_HEALTH_CHECK_STATUS_UPDATED`,
 * and `consecutive_failures` failures after the grace period kill the task.
 * Defaults are Mesos' (15 s delay, 10 s interval, 20 s timeout, 3 failures,
 * 10 s grace period).
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import type { Clock, ClockTimer } from "../clock.js";

/** What a health check needs from its executor. */
export interface HealthCheckHooks {
  /** Runs the check's command once; resolves with whether it succeeded within `timeoutMs`. */
  run(command: string, timeoutMs: number): Promise<boolean>;
  /** The result changed (or is the first): report it. */
  report(healthy: boolean): void;
  /** Too many failures: kill the task. */
  kill(): void;
}

/** A running health check; `stop()` when the task ends. */
export class HealthChecker {
  private timer: ClockTimer | undefined;
  private stopped = false;
  private last: boolean | undefined;
  private failures = 0;
  private readonly startedAt: number;

  constructor(
    private readonly clock: Clock,
    private readonly check: mesos.HealthCheck,
    private readonly hooks: HealthCheckHooks,
  ) {
    this.startedAt = clock.now();
    this.schedule((check.delay_seconds ?? 15) * 1000);
  }

  /** Whether the task's health check is one the simulator runs (COMMAND; HTTP and TCP are not simulated). */
  static supports(check: mesos.HealthCheck | undefined): check is Extract<mesos.HealthCheck, { type: "COMMAND" }> {
    return check?.type === "COMMAND" && check.command.value !== undefined;
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => void this.runOnce(), ms);
  }

  private async runOnce(): Promise<void> {
    const check = this.check as Extract<mesos.HealthCheck, { type: "COMMAND" }>;
    const healthy = await this.hooks.run(check.command.value ?? "", (check.timeout_seconds ?? 20) * 1000);
    if (this.stopped) return;
    const inGrace = this.clock.now() - this.startedAt < (check.grace_period_seconds ?? 10) * 1000;
    if (healthy) this.failures = 0;
    // Failures during the grace period are not counted nor reported, unless the task was healthy before.
    else if (!inGrace || this.last === true) this.failures++;
    if (healthy !== this.last && (healthy || !inGrace || this.last === true)) {
      this.last = healthy;
      this.hooks.report(healthy);
    }
    if (this.failures >= (check.consecutive_failures ?? 3)) {
      this.stop();
      this.hooks.kill();
      return;
    }
    this.schedule((check.interval_seconds ?? 10) * 1000);
  }
}
