/** One HTTP exchange of a fake server: the recorded request and the ways to answer it. */
import type { ServerResponse } from "node:http";
import type { MessageType } from "@create-mesos-framework/runtime/codec";
import { FakeStream } from "./fake-stream.js";
import { MEDIA_TYPES } from "./fake-wire.js";
import type { DecodeOutcome, FakeEncoding } from "./fake-wire.js";

/** One request as the fake server received and answered it. */
export interface RecordedRequest<C> {
  readonly method: string;
  /** The request target as sent (path plus any query). */
  readonly path: string;
  /** Header names lowercased; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The body decoded per `Content-Type`; undefined when it did not decode. */
  readonly call?: C;
  /** Id of the TCP connection, one per socket in accept order (starting at 1). */
  readonly connectionId: number;
  /** Status answered: 200 for an accepted stream, 0 when the connection was dropped instead. */
  status: number;
}

const TEXT_PLAIN = "text/plain; charset=utf-8";

/** A request in flight: its record, decoded body and the ways to answer it (exactly once). */
export class FakeExchange<C> {
  private done = false;

  constructor(
    readonly request: RecordedRequest<C>,
    /** Result of decoding the body per `Content-Type` (mesos-protocol.md 1.2, steps 5 and 6). */
    readonly decoded: DecodeOutcome<C>,
    private readonly response: ServerResponse,
    private readonly commit: (status: number) => void,
  ) {}

  /** True once an answer was started. */
  get answered(): boolean {
    return this.done;
  }

  /** Answers with a status and optional body; an absent body is sent as `Content-Length: 0`. */
  reply(status: number, body?: string | Uint8Array, headers: Record<string, string> = {}): void {
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
    const all: Record<string, string> = { ...headers, "Content-Length": String(bytes.length) };
    const hasType = Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
    if (typeof body === "string" && !hasType) all["Content-Type"] = TEXT_PLAIN;
    this.start(status);
    this.response.writeHead(status, all).end(bytes);
  }

  /** Answers with Mesos' plain-text error shape. */
  text(status: number, message: string, headers: Record<string, string> = {}): void {
    this.reply(status, message, { ...headers, "Content-Type": TEXT_PLAIN });
  }

  /** Answers 405 unless the method is POST (step 4); true when it answered. */
  rejectUnlessPost(): boolean {
    if (this.request.method === "POST") return false;
    const message = `405 Method Not Allowed. Expecting one of { 'POST' }, but received '${this.request.method}'.`;
    this.text(405, message, { Allow: "POST" });
    return true;
  }

  /** The decoded call, or undefined after answering the decoding error (steps 5 and 6). */
  callOrReject(): C | undefined {
    if (this.decoded.ok) return this.decoded.call;
    this.text(this.decoded.status, this.decoded.message);
    return undefined;
  }

  /** Starts a `200` chunked stream whose headers go out at once, like Mesos (1.6). */
  openStream<E>(
    eventType: MessageType<E>,
    encoding: FakeEncoding,
    headers: Record<string, string> = {},
  ): FakeStream<E> {
    this.start(200);
    this.response.writeHead(200, { "Content-Type": MEDIA_TYPES[encoding], ...headers });
    this.response.flushHeaders();
    return new FakeStream(this.response, eventType, encoding, this.request.connectionId);
  }

  /** Drops the connection without answering. */
  destroy(): void {
    this.start(0);
    this.response.socket?.destroy();
  }

  private start(status: number): void {
    if (this.done) throw new Error(`${this.request.method} ${this.request.path} was already answered`);
    this.done = true;
    this.commit(status);
  }
}
