/**
 * The agent's reliable status update pipeline (mesos-protocol.md 5.3): one
 * queue per task, only the head in flight, resent with doubling intervals
 * (10 s up to 10 min) until the scheduler acknowledges its uuid, then the
 * next update of that task goes out at once. Duplicated uuids are ignored.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import type { Clock, ClockTimer } from "../clock.js";

/** First retry interval of an unacknowledged update. */
export const STATUS_UPDATE_RETRY_MIN_MS = 10_000;
/** Largest retry interval. */
export const STATUS_UPDATE_RETRY_MAX_MS = 600_000;

/** Sends an update on its way to the master (and, if connected, the scheduler). */
export type ForwardUpdate = (frameworkId: string, status: mesos.TaskStatus, latestState: mesos.TaskState) => void;

interface TaskStream {
  readonly frameworkId: string;
  readonly taskId: string;
  readonly pending: mesos.TaskStatus[];
  /** Every uuid ever received for this task (hex), so resends are ignored. */
  readonly seen: Set<string>;
  latestState: mesos.TaskState;
  retryMs: number;
  timer: ClockTimer | undefined;
}

/** Per-task status update streams of one agent. */
export class StatusUpdateManager {
  private readonly streams = new Map<string, TaskStream>();

  constructor(
    private readonly clock: Clock,
    private readonly forward: ForwardUpdate,
  ) {}

  /**
   * Takes an update (from an executor or made by the agent); forwards it now if
   * it is the head of its task's stream. Returns false for a uuid seen before.
   */
  update(frameworkId: string, status: mesos.TaskStatus): boolean {
    const key = streamKey(frameworkId, status.task_id.value);
    let stream = this.streams.get(key);
    if (!stream) {
      stream = {
        frameworkId,
        taskId: status.task_id.value,
        pending: [],
        seen: new Set(),
        latestState: status.state,
        retryMs: STATUS_UPDATE_RETRY_MIN_MS,
        timer: undefined,
      };
      this.streams.set(key, stream);
    }
    const uuid = status.uuid ? hex(status.uuid) : undefined;
    if (uuid !== undefined) {
      if (stream.seen.has(uuid)) return false;
      stream.seen.add(uuid);
    }
    stream.pending.push(status);
    stream.latestState = status.state;
    if (stream.pending.length === 1) this.send(stream);
    return true;
  }

  /** The scheduler acknowledged `uuid`: pops it if it is the head and sends the next. Returns whether it matched. */
  acknowledge(frameworkId: string, taskId: string, uuid: Uint8Array): boolean {
    const stream = this.streams.get(streamKey(frameworkId, taskId));
    const head = stream?.pending[0];
    if (!stream || !head?.uuid || hex(head.uuid) !== hex(uuid)) return false;
    this.clock.clearTimeout(stream.timer);
    stream.timer = undefined;
    stream.pending.shift();
    stream.retryMs = STATUS_UPDATE_RETRY_MIN_MS;
    if (stream.pending.length > 0) this.send(stream);
    else if (isTerminal(head.state)) this.streams.delete(streamKey(frameworkId, taskId));
    return true;
  }

  /** Resends the head of every pending stream now (a framework re-subscribed, or the agent re-registered). */
  resend(frameworkId?: string): void {
    for (const stream of this.streams.values()) {
      if (frameworkId !== undefined && stream.frameworkId !== frameworkId) continue;
      if (stream.pending.length === 0) continue;
      this.clock.clearTimeout(stream.timer);
      stream.retryMs = STATUS_UPDATE_RETRY_MIN_MS;
      this.send(stream);
    }
  }

  /** Updates not yet acknowledged, oldest first, per task. */
  pending(frameworkId: string): mesos.TaskStatus[] {
    return [...this.streams.values()].filter((s) => s.frameworkId === frameworkId).flatMap((s) => s.pending);
  }

  /** Whether a task has updates waiting for acknowledgement. */
  hasPending(frameworkId: string, taskId: string): boolean {
    return (this.streams.get(streamKey(frameworkId, taskId))?.pending.length ?? 0) > 0;
  }

  /** Drops every stream of a framework (it was removed), stopping retries. */
  forget(frameworkId: string): void {
    for (const [key, stream] of this.streams) {
      if (stream.frameworkId !== frameworkId) continue;
      this.clock.clearTimeout(stream.timer);
      this.streams.delete(key);
    }
  }

  /** Stops every retry timer. */
  stop(): void {
    for (const stream of this.streams.values()) this.clock.clearTimeout(stream.timer);
  }

  private send(stream: TaskStream): void {
    const head = stream.pending[0];
    if (!head) return;
    this.forward(stream.frameworkId, head, stream.latestState);
    // Updates without uuid (none are made by agents, but tests may inject them) cannot be acknowledged: send once.
    if (!head.uuid) {
      stream.pending.shift();
      if (stream.pending.length > 0) this.send(stream);
      return;
    }
    stream.timer = this.clock.setTimeout(() => {
      stream.retryMs = Math.min(stream.retryMs * 2, STATUS_UPDATE_RETRY_MAX_MS);
      this.send(stream);
    }, stream.retryMs);
  }
}

const TERMINAL: ReadonlySet<mesos.TaskState> = new Set([
  "TASK_FINISHED",
  "TASK_FAILED",
  "TASK_KILLED",
  "TASK_ERROR",
  "TASK_LOST",
  "TASK_DROPPED",
  "TASK_GONE",
  "TASK_GONE_BY_OPERATOR",
]);

/** Whether Mesos treats the state as terminal for bookkeeping (TASK_UNREACHABLE is not). */
export function isTerminal(state: mesos.TaskState): boolean {
  return TERMINAL.has(state);
}

function streamKey(frameworkId: string, taskId: string): string {
  return `${frameworkId}\u0000${taskId}`;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
