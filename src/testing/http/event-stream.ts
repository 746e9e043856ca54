/**
 * The writing side of a streaming SUBSCRIBE response: one RecordIO record per
 * event, each in its own HTTP chunk, as Mesos writes them.
 */
import type { ServerResponse } from "node:http";
import type { MessageType } from "../../codec/index.js";
import type { Encoding } from "../../http/content-type.js";
import { encodeRecord } from "../../recordio/index.js";

/** An open event stream; writes are ignored once it is closed. */
export class EventStream<E> {
  /** Resolves when the response is over: ended, destroyed, or dropped by the client. */
  readonly closed: Promise<void>;
  private isOpen = true;
  private readonly onClose: (() => void)[] = [];

  constructor(
    private readonly response: ServerResponse,
    private readonly eventType: MessageType<E>,
    /** The negotiated encoding of every record. */
    readonly encoding: Encoding,
    /** Id of the TCP connection carrying the stream. */
    readonly connectionId: number,
  ) {
    this.closed = new Promise((resolve) => {
      response.once("close", () => {
        this.markClosed();
        resolve();
      });
    });
    // A write racing a client disconnect must not crash the server.
    response.on("error", () => undefined);
  }

  /** True until the stream ends or its connection goes away. */
  get open(): boolean {
    return this.isOpen;
  }

  /** Encodes one event in the stream's encoding and writes it as one record in one chunk. */
  send(event: E): void {
    const payload = this.encoding === "json" ? this.eventType.toJson(event) : this.eventType.toBinary(event);
    this.sendRaw(encodeRecord(payload));
  }

  /** Writes bytes as they are (for tests of broken framing). */
  sendRaw(bytes: Uint8Array | string): void {
    if (this.isOpen) this.response.write(bytes);
  }

  /** Writes the terminating chunk: a clean end of stream. */
  end(): void {
    if (!this.isOpen) return;
    this.markClosed();
    this.response.end();
  }

  /** Drops the TCP connection without a terminating chunk, as when the process dies. */
  destroy(): void {
    this.markClosed();
    this.response.socket?.destroy();
  }

  /** Registers cleanup (e.g. a heartbeat timer) run once when the stream closes for any reason. */
  whenClosed(cleanup: () => void): void {
    if (this.isOpen) this.onClose.push(cleanup);
    else cleanup();
  }

  private markClosed(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    for (const cleanup of this.onClose.splice(0)) cleanup();
  }
}
