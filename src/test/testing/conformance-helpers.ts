/**
 * Raw HTTP helpers for the mini-mesos conformance tests (mesos-protocol.md
 * section 9): requests are sent with undici's low-level `Client`, one TCP
 * connection per request or stream, so the exact status, headers and bytes
 * that mini-mesos writes are visible — our own client library is not used.
 *
 *   const stream = await openSubscription(cluster.masterUrl, subscribeBody());
 *   const first = await stream.next();          // { raw, payload, text, event }
 *   const answer = await postCall(cluster.masterUrl, "/api/v1/scheduler", body, { "Mesos-Stream-Id": id });
 */
import { Client, type Dispatcher } from "undici";
import { scheduler } from "../../generated/mesos-1.11.0/index.js";
import type { MessageType } from "../../codec/index.js";

type IncomingHttpHeaders = Dispatcher.ResponseData["headers"];
type ResponseBody = Dispatcher.ResponseData["body"];

/** The canonical scheduler endpoint path. */
export const SCHEDULER_PATH = "/api/v1/scheduler";
/** The executor endpoint path on an agent. */
export const EXECUTOR_PATH = "/api/v1/executor";

/** A complete (non-streaming) response as it came off the wire. */
export interface RawResponse {
  readonly status: number;
  /** Header names in lower case, as undici reports them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  readonly text: string;
}

/** Request headers: names in any case; a value of `undefined` sends nothing. */
export type RequestHeaders = Readonly<Record<string, string | undefined>>;

function cleanHeaders(headers: RequestHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name] = value;
  return result;
}

/**
 * Sends one request on a fresh connection and reads the whole response.
 * `body` is sent byte for byte; no header is added except `host` and
 * `content-length` (undici adds neither `content-type` nor `accept`).
 */
export async function sendRequest(
  base: URL,
  path: string,
  options: { readonly method?: string; readonly body?: string | Uint8Array; readonly headers?: RequestHeaders } = {},
): Promise<RawResponse> {
  const client = new Client(base.origin);
  try {
    const response = await client.request({
      path,
      method: (options.method ?? "POST") as "POST",
      headers: cleanHeaders(options.headers ?? {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, headers: response.headers, body, text: body.toString("utf8") };
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** POSTs a JSON call (an object is serialised with `JSON.stringify`, a string is sent as is) with `Content-Type: application/json`. */
export function postJson(
  base: URL,
  call: string | object,
  headers: RequestHeaders = {},
  path = SCHEDULER_PATH,
): Promise<RawResponse> {
  return sendRequest(base, path, {
    body: typeof call === "string" ? call : JSON.stringify(call),
    headers: { "Content-Type": "application/json", ...headers },
  });
}

/** POSTs a scheduler Call encoded as protobuf with `Content-Type: application/x-protobuf`. */
export function postProtobuf(
  base: URL,
  call: scheduler.Call,
  headers: RequestHeaders = {},
  path = SCHEDULER_PATH,
): Promise<RawResponse> {
  return sendRequest(base, path, {
    body: scheduler.Call.toBinary(call),
    headers: { "Content-Type": "application/x-protobuf", ...headers },
  });
}

/** One RecordIO record of a stream. */
export interface StreamRecord<E> {
  /** The record exactly as framed on the wire: length prefix, newline, payload. */
  readonly raw: Buffer;
  /** The payload alone. */
  readonly payload: Buffer;
  /** The payload as UTF-8 text (meaningful for JSON streams). */
  readonly text: string;
  /** The payload decoded in the stream's encoding. */
  readonly event: E;
}

/** Thrown by {@link RecordStream.next} when no record arrives in time. */
export class StreamTimeoutError extends Error {}

/**
 * An open streaming response read record by record. Records are framed by
 * a strict parser of its own (ASCII digits, `\n`, payload) so that the raw
 * bytes of each record are kept; any other byte in a length prefix fails the
 * stream.
 */
export class RecordStream<E> {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly queue: StreamRecord<E>[] = [];
  private state: "open" | "ended" | "failed" = "open";
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: Client,
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    private readonly body: ResponseBody,
    private readonly eventType: MessageType<E>,
  ) {
    body.on("data", (chunk: Buffer) => this.receive(chunk));
    body.on("end", () => this.finish("ended"));
    body.on("error", (error: Error) => this.finish("failed", error));
  }

  /** `Content-Type` of the response. */
  get contentType(): string | undefined {
    return header(this.headers, "content-type");
  }

  /** `Mesos-Stream-Id` of the response. */
  get streamId(): string | undefined {
    return header(this.headers, "mesos-stream-id");
  }

  /** True once the server ended the response with its terminating chunk. */
  get ended(): boolean {
    return this.state === "ended" && this.queue.length === 0;
  }

  /**
   * The next record; `undefined` once the server ended the stream cleanly.
   * Rejects if the connection broke (no terminating chunk), on a framing
   * error, or after `timeoutMs` without a record ({@link StreamTimeoutError}).
   */
  async next(timeoutMs = 5000): Promise<StreamRecord<E> | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const record = this.queue.shift();
      if (record) return record;
      if (this.state === "ended") return undefined;
      if (this.state === "failed") throw this.failure!;
      const left = deadline - Date.now();
      if (left <= 0) throw new StreamTimeoutError(`no record within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** The next record's event; fails if the stream ended instead. */
  async nextEvent(timeoutMs = 5000): Promise<E> {
    const record = await this.next(timeoutMs);
    if (!record) throw new Error("the stream ended");
    return record.event;
  }

  /** Reads records until one matches (inclusive); all of them are returned in order. */
  async until(predicate: (record: StreamRecord<E>) => boolean, timeoutMs = 5000): Promise<StreamRecord<E>[]> {
    const deadline = Date.now() + timeoutMs;
    const seen: StreamRecord<E>[] = [];
    for (;;) {
      const record = await this.next(Math.max(1, deadline - Date.now()));
      if (!record) throw new Error(`the stream ended before a matching record; saw ${seen.map((r) => r.text)}`);
      seen.push(record);
      if (predicate(record)) return seen;
    }
  }

  /** Every record that arrives within `ms` (stops early at a clean end); never throws on timeout. */
  async collect(ms: number): Promise<StreamRecord<E>[]> {
    const deadline = Date.now() + ms;
    const seen: StreamRecord<E>[] = [];
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 && this.queue.length === 0) return seen;
      try {
        const record = await this.next(Math.max(1, left));
        if (!record) return seen;
        seen.push(record);
      } catch (error) {
        if (error instanceof StreamTimeoutError) return seen;
        throw error;
      }
    }
  }

  /**
   * Resolves `"end"` when the server ends the stream cleanly, `"error"` when
   * the connection breaks; rejects if a record arrives first or nothing
   * happens within `timeoutMs`.
   */
  async outcome(timeoutMs = 5000): Promise<"end" | "error"> {
    try {
      const record = await this.next(timeoutMs);
      if (record) throw new Error(`expected the end of the stream, got a record: ${record.text}`);
      return "end";
    } catch (error) {
      if (error instanceof StreamTimeoutError || this.state !== "failed") throw error;
      return "error";
    }
  }

  /** Closes the connection from the client side (as a scheduler that goes away). */
  async close(): Promise<void> {
    this.body.destroy();
    await this.client.destroy().catch(() => undefined);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      for (;;) {
        const newline = this.buffer.indexOf(0x0a);
        if (newline < 0) break;
        const prefix = this.buffer.subarray(0, newline).toString("latin1");
        if (!/^[0-9]+$/.test(prefix)) throw new Error(`malformed RecordIO length prefix ${JSON.stringify(prefix)}`);
        const length = Number(prefix);
        const end = newline + 1 + length;
        if (this.buffer.length < end) break;
        const raw = Buffer.from(this.buffer.subarray(0, end));
        this.buffer = this.buffer.subarray(end);
        const payload = raw.subarray(newline + 1);
        const isJson = (this.contentType ?? "").startsWith("application/json");
        const event = isJson ? this.eventType.fromJson(payload) : this.eventType.fromBinary(payload);
        this.queue.push({ raw, payload, text: payload.toString("utf8"), event });
      }
    } catch (error) {
      this.body.destroy();
      this.finish("failed", error as Error);
    }
    this.wake?.();
  }

  private finish(state: "ended" | "failed", error?: Error): void {
    if (this.state !== "open") return;
    if (state === "ended" && this.buffer.length > 0) {
      this.state = "failed";
      this.failure = new Error(`stream ended inside a record (${this.buffer.length} bytes left)`);
    } else {
      this.state = state;
      this.failure = error;
    }
    this.wake?.();
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * POSTs a call that answers with a stream, on its own connection. Resolves
 * once the response headers are in: a non-200 answer still comes back as a
 * {@link RecordStream} whose body is unread (use {@link sendRequest} for those).
 */
export async function openStream<E>(
  base: URL,
  path: string,
  body: string | Uint8Array,
  headers: RequestHeaders,
  eventType: MessageType<E>,
): Promise<RecordStream<E>> {
  const client = new Client(base.origin);
  const response = await client.request({ path, method: "POST", headers: cleanHeaders(headers), body });
  return new RecordStream(client, response.statusCode, response.headers, response.body, eventType);
}

/**
 * Opens a scheduler SUBSCRIBE stream with a JSON body (object or exact text);
 * `Content-Type: application/json` unless overridden, no `Accept` unless given.
 */
export function openSubscription(
  base: URL,
  call: string | object,
  headers: RequestHeaders = {},
  path = SCHEDULER_PATH,
): Promise<RecordStream<scheduler.Event>> {
  return openStream(
    base,
    path,
    typeof call === "string" ? call : JSON.stringify(call),
    { "Content-Type": "application/json", ...headers },
    scheduler.Event,
  );
}

/** A FrameworkInfo in JSON form (plain object: the tests choose every key). */
export type FrameworkInfoJson = Record<string, unknown>;

/** The default FrameworkInfo of the tests: a non-MULTI_ROLE framework (role `*`). */
export const FRAMEWORK_INFO: FrameworkInfoJson = { user: "u", name: "conformance" };

/** A SUBSCRIBE call body; `frameworkId` goes into both id fields (a re-subscription). */
export function subscribeCall(
  info: FrameworkInfoJson = FRAMEWORK_INFO,
  frameworkId?: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const frameworkInfo = frameworkId === undefined ? info : { ...info, id: { value: frameworkId } };
  return {
    type: "SUBSCRIBE",
    ...(frameworkId === undefined ? {} : { framework_id: { value: frameworkId } }),
    subscribe: { framework_info: frameworkInfo, ...extra },
  };
}

/** A subscribed framework: its stream (SUBSCRIBED already read), id and stream id. */
export interface Subscribed {
  readonly stream: RecordStream<scheduler.Event>;
  readonly frameworkId: string;
  readonly streamId: string;
  /** The SUBSCRIBED record. */
  readonly subscribed: StreamRecord<scheduler.Event>;
}

/** Subscribes (JSON both ways) and reads SUBSCRIBED; fails on anything else. */
export async function subscribeFramework(
  base: URL,
  info: FrameworkInfoJson = FRAMEWORK_INFO,
  frameworkId?: string,
  extra: Record<string, unknown> = {},
): Promise<Subscribed> {
  const stream = await openSubscription(base, subscribeCall(info, frameworkId, extra));
  if (stream.status !== 200) throw new Error(`SUBSCRIBE answered ${stream.status}`);
  const subscribed = await stream.next();
  if (subscribed?.event.type !== "SUBSCRIBED") {
    await stream.close();
    throw new Error(`expected SUBSCRIBED, got ${subscribed?.text ?? "the end of the stream"}`);
  }
  return {
    stream,
    frameworkId: subscribed.event.subscribed.framework_id.value,
    streamId: stream.streamId!,
    subscribed,
  };
}

/** Reads until an OFFERS event and returns its first offer's id and agent id. */
export async function nextOffer(
  stream: RecordStream<scheduler.Event>,
  timeoutMs = 5000,
): Promise<{ readonly offerId: string; readonly agentId: string; readonly records: StreamRecord<scheduler.Event>[] }> {
  const records = await stream.until((r) => r.event.type === "OFFERS", timeoutMs);
  const event = records.at(-1)!.event as Extract<scheduler.Event, { type: "OFFERS" }>;
  const offer = event.offers.offers![0]!;
  return { offerId: offer.id.value, agentId: offer.agent_id.value, records };
}

/**
 * Everything the framework's stream delivers before a sentinel: an explicit
 * RECONCILE of an unknown task is answered at once by a master-generated
 * UPDATE on the same stream, so records sent earlier are all in by then
 * (absence checks without waiting on wall-clock time).
 */
export async function recordsBeforeSentinel(
  base: URL,
  fw: Subscribed,
  taskId = "conformance-sentinel",
): Promise<StreamRecord<scheduler.Event>[]> {
  const response = await postJson(
    base,
    {
      type: "RECONCILE",
      framework_id: { value: fw.frameworkId },
      reconcile: { tasks: [{ task_id: { value: taskId } }] },
    },
    { "Mesos-Stream-Id": fw.streamId },
  );
  if (response.status !== 202) throw new Error(`the sentinel RECONCILE answered ${response.status} ${response.text}`);
  const records = await fw.stream.until(
    (r) => r.event.type === "UPDATE" && r.event.update.status.task_id.value === taskId,
  );
  return records.slice(0, -1);
}

/** Polls `condition` (real time) until it holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 5000, what = "a condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `Authorization: Basic` value for a principal and secret. */
export function basicAuth(principal: string, secret: string): string {
  return `Basic ${Buffer.from(`${principal}:${secret}`).toString("base64")}`;
}
