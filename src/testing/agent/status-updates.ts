/**
 * The agent's reliable status update pipeline (mesos-protocol.md 5.3): one
 * queue per task, only the head in flight, resent with doubling intervals
 * (10 s up to 10 min) until the scheduler acknowledges its uuid, then the
 * next update of that task goes out at once. Duplicated uuids are ignored.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import type { Clock } from "../clock.js";
import { RetriedStreams, STATUS_UPDATE_RETRY_MIN_MS, streamKey, type RetriedStream } from "./retried-streams.js";
import { hex } from "../bytes.js";

export { STATUS_UPDATE_RETRY_MAX_MS, STATUS_UPDATE_RETRY_MIN_MS } from "./retried-streams.js";

/** Sends an update on its way to the master (and, if connected, the scheduler). */
export type ForwardUpdate = (frameworkId: string, status: mesos.TaskStatus, latestState: mesos.TaskState) => void;

interface TaskStream extends RetriedStream<mesos.TaskStatus> {
  readonly taskId: string;
  /** Every uuid ever received for this task (hex), so resends are ignored. */
  readonly seen: Set<string>;
  latestState: mesos.TaskState;
}

/** Per-task status update streams of one agent. */
export class StatusUpdateManager extends RetriedStreams<mesos.TaskStatus, TaskStream> {
  constructor(
    clock: Clock,
    private readonly forward: ForwardUpdate,
  ) {
    super(clock);
  }

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
    if (this.popHead(stream) && isTerminal(head.state)) this.streams.delete(streamKey(frameworkId, taskId));
    return true;
  }

  /** Whether a task has updates waiting for acknowledgement. */
  hasPending(frameworkId: string, taskId: string): boolean {
    return (this.streams.get(streamKey(frameworkId, taskId))?.pending.length ?? 0) > 0;
  }

  protected forwardHead(stream: TaskStream): boolean {
    const head = stream.pending[0]!;
    this.forward(stream.frameworkId, head, stream.latestState);
    if (head.uuid) return true;
    // Updates without uuid (none are made by agents, but tests may inject them) cannot be acknowledged: sent once.
    stream.pending.shift();
    this.send(stream);
    return false;
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
