/**
 * The agent's reliable operation status pipeline (mesos-protocol.md 4.7):
 * the operation counterpart of the task pipeline in status-updates.ts. One
 * stream per operation, only the head in flight, resent with doubling
 * intervals (10 s up to 10 min) until the scheduler acknowledges its uuid
 * with ACKNOWLEDGE_OPERATION_STATUS.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import type { Clock, ClockTimer } from "../clock.js";
import { STATUS_UPDATE_RETRY_MAX_MS, STATUS_UPDATE_RETRY_MIN_MS } from "./status-updates.js";

/** Sends an operation status on its way to the master (and, if connected, the scheduler). */
export type ForwardOperationUpdate = (frameworkId: string, status: mesos.OperationStatus) => void;

interface OperationStream {
  readonly frameworkId: string;
  readonly pending: mesos.OperationStatus[];
  retryMs: number;
  timer: ClockTimer | undefined;
}

/** Per-operation status streams of one agent, keyed by framework and operation id. */
export class OperationUpdateManager {
  private readonly streams = new Map<string, OperationStream>();

  constructor(
    private readonly clock: Clock,
    private readonly forward: ForwardOperationUpdate,
  ) {}

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
    this.clock.clearTimeout(stream.timer);
    stream.timer = undefined;
    stream.pending.shift();
    stream.retryMs = STATUS_UPDATE_RETRY_MIN_MS;
    if (stream.pending.length > 0) this.send(stream);
    else this.streams.delete(key);
    return true;
  }

  /** Resends the head of every pending stream now (a framework re-subscribed, or the agent re-registered). */
  resend(frameworkId?: string): void {
    for (const stream of this.streams.values()) {
      if (frameworkId !== undefined && stream.frameworkId !== frameworkId) continue;
      this.clock.clearTimeout(stream.timer);
      stream.retryMs = STATUS_UPDATE_RETRY_MIN_MS;
      this.send(stream);
    }
  }

  /** Statuses not yet acknowledged, oldest first, per operation. */
  pending(frameworkId: string): mesos.OperationStatus[] {
    return [...this.streams.values()].filter((s) => s.frameworkId === frameworkId).flatMap((s) => s.pending);
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

  private send(stream: OperationStream): void {
    const head = stream.pending[0];
    if (!head) return;
    this.forward(stream.frameworkId, head);
    stream.timer = this.clock.setTimeout(() => {
      stream.retryMs = Math.min(stream.retryMs * 2, STATUS_UPDATE_RETRY_MAX_MS);
      this.send(stream);
    }, stream.retryMs);
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

function streamKey(frameworkId: string, operationId: string): string {
  return `${frameworkId}\u0000${operationId}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
