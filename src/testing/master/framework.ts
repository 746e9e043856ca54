/**
 * The master's record of a framework: its FrameworkInfo, subscription,
 * suppressed roles and tasks, and the capability questions the rest of the
 * simulator asks about it.
 */
import type { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import type { ClockTimer } from "../clock.js";
import type { EventStream } from "../http/event-stream.js";
import type { Resources } from "../resources/index.js";

/** A task as the master tracks it, from ACCEPT until its terminal update is acknowledged. */
export interface TaskRecord {
  readonly info: mesos.TaskInfo;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  /** The latest state known on the agent (what the master uses for bookkeeping). */
  state: mesos.TaskState;
  /** The status last forwarded to the scheduler (what reconciliation answers). */
  lastForwarded: mesos.TaskStatus | undefined;
  /** What the task uses on its agent (allocated to `role`). */
  readonly resources: Resources;
  /** Whether `resources` went back to the agent (terminal or unreachable). */
  released?: boolean;
}

/** A framework registered with the master. */
export class FrameworkRecord {
  info: mesos.FrameworkInfo;
  stream: EventStream<scheduler.Event> | undefined;
  streamId: string | undefined;
  suppressed = new Set<string>();
  readonly tasks = new Map<string, TaskRecord>();
  failoverTimer: ClockTimer | undefined;
  heartbeatTimer: ClockTimer | undefined;

  constructor(
    readonly id: string,
    info: mesos.FrameworkInfo,
    readonly principal: string | undefined,
  ) {
    this.info = { ...info, id: { value: id } };
  }

  /** Whether a subscription stream is open. */
  get connected(): boolean {
    return this.stream?.open === true;
  }

  /** Whether the framework declared a capability. */
  has(capability: mesos.FrameworkInfo_Capability_Type): boolean {
    return (this.info.capabilities ?? []).some((c) => c.type === capability);
  }

  /** The roles the framework is subscribed to: `roles` for MULTI_ROLE, else `role` (default `*`). */
  get roles(): string[] {
    return this.has("MULTI_ROLE") ? [...(this.info.roles ?? [])] : [this.info.role ?? "*"];
  }

  /** PARTITION_AWARE frameworks get DROPPED/UNREACHABLE/GONE where others get TASK_LOST. */
  get partitionAware(): boolean {
    return this.has("PARTITION_AWARE");
  }

  /** Failover timeout in ms (0 when unset or negative: removal right after disconnection). */
  get failoverTimeoutMs(): number {
    const seconds = this.info.failover_timeout ?? 0;
    return seconds > 0 ? seconds * 1000 : 0;
  }

  /** While true, nothing is written to the stream (a stalled connection: open, but silent). */
  stalled = false;

  /** Sends an event if the framework is connected; events for a disconnected framework are dropped, as Mesos does. */
  send(event: scheduler.Event): void {
    if (this.connected && !this.stalled) this.stream!.send(event);
  }
}
