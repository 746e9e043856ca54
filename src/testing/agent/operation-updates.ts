/**
 * The agent's reliable operation status pipeline (mesos-protocol.md 4.7):
 * the operation counterpart of the task pipeline in status-updates.ts. One
 * stream per operation, only the head in flight, resent with doubling
 * intervals (10 s up to 10 min) until the scheduler acknowledges its uuid
 * with ACKNOWLEDGE_OPERATION_STATUS.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import type { Clock } from "../clock.js";
import { RetriedStreams, STATUS_UPDATE_RETRY_MIN_MS, streamKey, type RetriedStream } from "./retried-streams.js";
import { sameBytes } from "../bytes.js";

/** Sends an operation status on its way to the master (and, if connected, the scheduler). */
export type ForwardOperationUpdate = (frameworkId: string, status: mesos.OperationStatus) => void;

type OperationStream = RetriedStream<mesos.OperationStatus>;

/** Per-operation status streams of one agent, keyed by framework and operation id. */
export class OperationUpdateManager extends RetriedStreams<mesos.OperationStatus, OperationStream> {
  constructor(
    clock: Clock,
    private readonly forward: ForwardOperationUpdate,
  ) {
    super(clock);
  }

  /** Takes a status (it must carry `operation_id` and `uuid`); forwards it now if it heads its operation's stream. */
  update(frameworkId: string, status: mesos.OperationStatus): void {
    const key = streamKey(frameworkId, status.operation_id?.value ?? "");
    let stream = this.streams.get(key);
    if (!stream) {
      stream = { frameworkId, pending: [], retryMs: STATUS_UPDATE_RETRY_MIN_MS, timer: undefined };
      this.streams.set(key, stream);
    }
    stream.pending.push(status);
    if (stream.pending.length === 1) this.send(stream);
  }

  /** The scheduler acknowledged `uuid`: pops it if it is the head and sends the next. Returns whether it matched. */
  acknowledge(frameworkId: string, operationId: string, uuid: Uint8Array): boolean {
    const key = streamKey(frameworkId, operationId);
    const stream = this.streams.get(key);
    const head = stream?.pending[0];
    if (!stream || !head?.uuid || !sameBytes(head.uuid.value, uuid)) return false;
    if (this.popHead(stream)) this.streams.delete(key);
    return true;
  }

  protected forwardHead(stream: OperationStream): boolean {
    this.forward(stream.frameworkId, stream.pending[0]!);
    return true;
  }
}

const TERMINAL: ReadonlySet<mesos.OperationState> = new Set([
  "OPERATION_FINISHED",
  "OPERATION_FAILED",
  "OPERATION_ERROR",
  "OPERATION_DROPPED",
  "OPERATION_GONE_BY_OPERATOR",
]);

/** Whether Mesos treats an operation state as terminal (its acknowledgement makes the master forget the operation). */
export function isTerminalOperation(state: mesos.OperationState): boolean {
  return TERMINAL.has(state);
}
