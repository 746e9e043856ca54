/**
 * What the agent's task and operation status pipelines share: one stream
 * per task (or operation), only its head in flight, resent with doubling
 * intervals (10 s up to 10 min) until acknowledged, resent at once when a
 * framework re-subscribes or the agent re-registers.
 */
import type { Clock, ClockTimer } from "../clock.js";

/** First retry interval of an unacknowledged update. */
export const STATUS_UPDATE_RETRY_MIN_MS = 10_000;
/** Largest retry interval. */
export const STATUS_UPDATE_RETRY_MAX_MS = 600_000;

/** One stream: its framework, its queue and its retry state. */
export interface RetriedStream<U> {
  readonly frameworkId: string;
  readonly pending: U[];
  retryMs: number;
  timer: ClockTimer | undefined;
}

/** Streams keyed by framework and task (or operation) id, with their retry timers. */
export abstract class RetriedStreams<U, S extends RetriedStream<U>> {
  protected readonly streams = new Map<string, S>();

  constructor(protected readonly clock: Clock) {}

  /** Sends the head of `stream` on its way; false when it needs no retry (it was sent once and dropped). */
  protected abstract forwardHead(stream: S): boolean;

  /** Resends the head of every pending stream now, optionally of one framework only. */
  resend(frameworkId?: string): void {
    for (const stream of this.streams.values()) {
      if (frameworkId !== undefined && stream.frameworkId !== frameworkId) continue;
      if (stream.pending.length === 0) continue;
      this.clock.clearTimeout(stream.timer);
      stream.retryMs = STATUS_UPDATE_RETRY_MIN_MS;
      this.send(stream);
    }
  }

  /** Updates not yet acknowledged, oldest first, per stream. */
  pending(frameworkId: string): U[] {
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

  /** The head was acknowledged: drops it and sends the next one at once; true when the stream is now empty. */
  protected popHead(stream: S): boolean {
    this.clock.clearTimeout(stream.timer);
    stream.timer = undefined;
    stream.pending.shift();
    stream.retryMs = STATUS_UPDATE_RETRY_MIN_MS;
    if (stream.pending.length > 0) this.send(stream);
    return stream.pending.length === 0;
  }

  protected send(stream: S): void {
    if (stream.pending.length === 0 || !this.forwardHead(stream)) return;
    stream.timer = this.clock.setTimeout(() => {
      stream.retryMs = Math.min(stream.retryMs * 2, STATUS_UPDATE_RETRY_MAX_MS);
      this.send(stream);
    }, stream.retryMs);
  }
}

/** The key of a stream. */
export function streamKey(frameworkId: string, id: string): string {
  return `${frameworkId}\u0000${id}`;
}
