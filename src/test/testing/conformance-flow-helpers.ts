/**
 * Raw-HTTP helpers for the mini-mesos conformance tests of
 * mesos-protocol.md 9.3–9.6: a JSON framework subscribed by hand (no client
 * library), its RecordIO event stream read record by record, calls sent with
 * the stream id, and a raw executor speaking to an agent's executor endpoint.
 *
 * Every request goes on its own TCP connection (`agent: false`), as a
 * scheduler must keep calls off the subscription connection (1.6).
 */
import { expect } from "vitest";
import { request, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { InProcessExecutor } from "../../testing/agent/agent.js";
import { RecordIODecoder } from "../../recordio/index.js";
import { Waiters } from "../../testing/waiters.js";

/** A parsed JSON record or body, read field by field in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON of the wire, checked key by key in tests
export type Json = any;

/** Real-time limit of one wait for an event (the cluster itself runs on virtual time). */
export const EVENT_TIMEOUT_MS = 3000;

/** A complete non-streaming response. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Agent A of section 9: `cpus:4;mem:1024;disk:2048;ports:[31000-32000]`. */
export { AGENT_A } from "./conformance-cluster.js";

function send(
  url: URL,
  body: string,
  headers: Record<string, string>,
): Promise<{ response: IncomingMessage; abort: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      agent: false,
      headers: { "Content-Length": String(Buffer.byteLength(body)), ...headers },
    });
    req.once("response", (response) => resolve({ response, abort: () => req.destroy() }));
    req.once("error", reject);
    req.end(body);
  });
}

/** POSTs a body (objects are JSON-encoded) with `Content-Type: application/json` unless overridden; reads the whole answer. */
export async function post(
  url: URL | string,
  body: string | object,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const { response } = await send(new URL(url), text, { "Content-Type": "application/json", ...headers });
  const chunks: Buffer[] = [];
  for await (const chunk of response as AsyncIterable<Buffer>) chunks.push(chunk);
  return { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") };
}

/** The records of one streaming response (SUBSCRIBE), kept in arrival order; readers consume them in any order. */
export class EventReader {
  /** Every record's payload as received (JSON text). */
  readonly raw: string[] = [];
  /** Every record, parsed. */
  readonly events: Json[] = [];
  /** Indexes of the events a `next*`, `take` or `drain` already returned. */
  private readonly consumed = new Set<number>();
  /** Every index below this one is consumed. */
  private floor = 0;
  /** True once the response ended (terminating chunk) or the connection dropped. */
  ended = false;
  private readonly waiters = new Waiters(() => (this.ended ? "the stream ended" : undefined));

  constructor(
    readonly response: IncomingMessage,
    private readonly abort: () => void,
  ) {
    const decoder = new RecordIODecoder();
    response.on("data", (chunk: Buffer) => {
      for (const record of decoder.push(chunk)) {
        const text = Buffer.from(record).toString("utf8");
        this.raw.push(text);
        this.events.push(JSON.parse(text));
      }
      this.waiters.wake();
    });
    const finish = (): void => {
      this.ended = true;
      this.waiters.wake();
    };
    response.once("end", finish);
    response.once("close", finish);
    response.once("error", finish);
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  get headers(): IncomingHttpHeaders {
    return this.response.headers;
  }

  /**
   * Waits for the oldest not yet consumed event matching `predicate`, consumes
   * it and returns it (events of other tasks or types stay available).
   */
  async nextWhere(predicate: (event: Json) => boolean, what = "a matching event", timeoutMs = EVENT_TIMEOUT_MS) {
    const index = await this.waiters.waitFor(
      () => {
        for (let i = this.floor; i < this.events.length; i++) {
          if (!this.isConsumed(i) && predicate(this.events[i])) return i;
        }
        return undefined;
      },
      timeoutMs,
      () => `${what} (seen: ${this.describe()})`,
    );
    this.consume(index);
    return this.events[index] as Json;
  }

  /** The oldest unconsumed event of `type`. */
  next(type: string, timeoutMs = EVENT_TIMEOUT_MS): Promise<Json> {
    return this.nextWhere((e) => e.type === type, `a ${type} event`, timeoutMs);
  }

  /** The oldest unconsumed event, whatever it is. */
  async take(): Promise<Json> {
    return this.nextWhere(() => true, "any event");
  }

  /** Consumes and returns the unconsumed events before index `end` (default: all received so far). */
  drain(end = this.events.length): Json[] {
    const events: Json[] = [];
    for (let i = this.floor; i < end; i++) {
      if (this.isConsumed(i)) continue;
      events.push(this.events[i]);
      this.consume(i);
    }
    return events;
  }

  /** Index of an event object received on this stream. */
  indexOf(event: Json): number {
    return this.events.indexOf(event);
  }

  private isConsumed(index: number): boolean {
    return index < this.floor || this.consumed.has(index);
  }

  private consume(index: number): void {
    this.consumed.add(index);
    while (this.consumed.has(this.floor)) this.consumed.delete(this.floor++);
  }

  /** Waits until the response is over. */
  async waitEnd(): Promise<void> {
    await this.waiters.waitFor(
      () => (this.ended ? true : undefined),
      EVENT_TIMEOUT_MS,
      () => `the end of the stream (seen: ${this.describe()})`,
    );
  }

  /** Drops the connection (a scheduler or executor going away). */
  close(): void {
    this.abort();
    this.response.destroy();
  }

  private describe(): string {
    return this.events.map((e) => e.type).join(",") || "nothing";
  }
}

/** Opens a streaming POST (SUBSCRIBE) and returns its reader once the headers arrived. */
export async function openStream(
  url: URL | string,
  body: string | object,
  headers: Record<string, string> = {},
): Promise<EventReader> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const { response, abort } = await send(new URL(url), text, {
    "Content-Type": "application/json",
    Accept: "application/json",
    ...headers,
  });
  return new EventReader(response, abort);
}

/** Readers opened by the helpers, closed by {@link closeAllStreams} after each test. */
const openReaders = new Set<EventReader>();

/** Closes every stream a test opened through the helpers. */
export function closeAllStreams(): void {
  for (const reader of openReaders) reader.close();
  openReaders.clear();
}

/** What SUBSCRIBE sends besides the FrameworkInfo. */
export interface SubscribeOptions {
  /** Re-subscription: sets both `framework_id` and `framework_info.id`. */
  readonly frameworkId?: string;
  readonly suppressedRoles?: readonly string[];
}

/** A SUBSCRIBE call body. */
export function subscribeCall(info: Json, options: SubscribeOptions = {}): Json {
  const frameworkInfo = options.frameworkId ? { ...info, id: { value: options.frameworkId } } : info;
  return {
    type: "SUBSCRIBE",
    ...(options.frameworkId ? { framework_id: { value: options.frameworkId } } : {}),
    subscribe: {
      framework_info: frameworkInfo,
      ...(options.suppressedRoles ? { suppressed_roles: options.suppressedRoles } : {}),
    },
  };
}

/** Sends SUBSCRIBE and returns the open stream, whatever its first record is (SUBSCRIBED or ERROR). */
export async function subscribeRaw(master: URL, info: Json, options: SubscribeOptions = {}): Promise<EventReader> {
  const reader = await openStream(new URL("/api/v1/scheduler", master), subscribeCall(info, options));
  openReaders.add(reader);
  return reader;
}

/** A plain non-MR framework (role `*`). */
export function frameworkInfo(extra: Json = {}): Json {
  return { user: "conformance", name: "conformance", ...extra };
}

let barriers = 0;

/** A JSON framework subscribed over raw HTTP. */
export class RawFramework {
  private constructor(
    readonly master: URL,
    readonly id: string,
    readonly streamId: string,
    readonly stream: EventReader,
    readonly subscribed: Json,
  ) {}

  /** Subscribes and waits for SUBSCRIBED (an ERROR record fails). */
  static async subscribe(master: URL, info: Json, options: SubscribeOptions = {}): Promise<RawFramework> {
    const stream = await subscribeRaw(master, info, options);
    if (stream.status !== 200) throw new Error(`SUBSCRIBE answered ${stream.status}`);
    const first = await stream.take();
    if (first.type !== "SUBSCRIBED") throw new Error(`SUBSCRIBE failed: ${JSON.stringify(first)}`);
    return new RawFramework(
      master,
      first.subscribed.framework_id.value,
      String(stream.headers["mesos-stream-id"]),
      stream,
      first.subscribed,
    );
  }

  /** Sends a call of `type` with `framework_id` and this stream's id; `payload` is the sub-message (named after the type). */
  call(type: string, payload?: Json, streamId: string | undefined = this.streamId): Promise<RawResponse> {
    const body: Json = { type, framework_id: { value: this.id } };
    if (payload !== undefined) body[type.toLowerCase()] = payload;
    return post(new URL("/api/v1/scheduler", this.master), body, streamId ? { "Mesos-Stream-Id": streamId } : {});
  }

  /** Sends a call that must be answered `202`. */
  async call202(type: string, payload?: Json): Promise<void> {
    const response = await this.call(type, payload);
    if (response.status !== 202) throw new Error(`${type} answered ${response.status}: ${response.body}`);
  }

  /** The next OFFERS event's offers (the caller moves the virtual clock). */
  async nextOffers(): Promise<Json[]> {
    return (await this.stream.next("OFFERS")).offers.offers;
  }

  /** The next UPDATE for `taskId` (optionally in `state`); returns its status. */
  async nextUpdate(taskId: string, state?: string): Promise<Json> {
    const event = await this.stream.nextWhere(
      (e) =>
        e.type === "UPDATE" &&
        e.update.status.task_id.value === taskId &&
        (state === undefined || e.update.status.state === state),
      `UPDATE ${taskId} ${state ?? ""}`,
    );
    return event.update.status;
  }

  /** ACKNOWLEDGEs an update that carries a uuid. */
  async ack(status: Json): Promise<void> {
    await this.call202("ACKNOWLEDGE", {
      agent_id: status.agent_id,
      task_id: status.task_id,
      uuid: status.uuid,
    });
  }

  /** Waits for the next UPDATE of `taskId` in `state` and acknowledges it. */
  async ackNext(taskId: string, state: string): Promise<Json> {
    const status = await this.nextUpdate(taskId, state);
    await this.ack(status);
    return status;
  }

  /** ACCEPTs offers with operations (and optional filters); answers `202`. */
  accept(offerIds: readonly string[], operations: Json[], filters?: Json): Promise<void> {
    return this.call202("ACCEPT", {
      offer_ids: offerIds.map((value) => ({ value })),
      operations,
      ...(filters ? { filters } : {}),
    });
  }

  /** ACCEPT with one LAUNCH of `tasks`. */
  launch(offerIds: readonly string[], tasks: Json[], filters?: Json): Promise<void> {
    return this.accept(offerIds, [{ type: "LAUNCH", launch: { task_infos: tasks } }], filters);
  }

  /**
   * Waits until everything the master sent before now has been read: sends an
   * explicit RECONCILE of a task id nobody uses (answered synchronously on the
   * stream) and consumes and returns the events not consumed before it,
   * HEARTBEATs left out.
   */
  async barrier(): Promise<Json[]> {
    const id = `barrier-${++barriers}`;
    await this.call202("RECONCILE", { tasks: [{ task_id: { value: id } }] });
    const marker = await this.stream.nextWhere(
      (e) => e.type === "UPDATE" && e.update.status.task_id.value === id,
      `the barrier ${id}`,
    );
    return this.stream.drain(this.stream.indexOf(marker)).filter((e) => e.type !== "HEARTBEAT");
  }
}

/** A scalar resource in JSON. */
export function scalar(name: string, value: number, extra: Json = {}): Json {
  return { name, type: "SCALAR", scalar: { value }, ...extra };
}

/** A command task for an offer. */
export function commandTask(
  offer: Json,
  id: string,
  command: string,
  resources: Json[] = [scalar("cpus", 1), scalar("mem", 64)],
): Json {
  return { name: id, task_id: { value: id }, agent_id: offer.agent_id, resources, command: { value: command } };
}

/** A task for a custom executor `executorId`. */
export function executorTask(offer: Json, id: string, executorId: string): Json {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [scalar("cpus", 0.5), scalar("mem", 64)],
    executor: {
      executor_id: { value: executorId },
      command: { value: "in-process" },
      resources: [scalar("cpus", 0.1), scalar("mem", 32)],
    },
  };
}

/** The value of a scalar resource in an offer. */
export function offered(offer: Json, name: string): number | undefined {
  return offer.resources.find((r: Json) => r.name === name)?.scalar?.value;
}

/** A base64 text of 16 bytes that is a valid version-4 UUID. */
export const VALID_UUID = Buffer.from("0123456789ab4def8123456789abcdef", "hex").toString("base64");

// ---- executors ----

/**
 * An in-process executor the test drives from outside: the function handed to
 * mini-mesos records its environment and stays "running" until `exit()`.
 */
export class ControlledExecutor {
  readonly run: InProcessExecutor;
  /** Resolves with the environment the agent gave the executor. */
  readonly environment: Promise<Record<string, string>>;
  private finish: ((code: number) => void) | undefined;

  constructor() {
    let resolveEnvironment!: (env: Record<string, string>) => void;
    this.environment = new Promise((resolve) => (resolveEnvironment = resolve));
    this.run = (env) => {
      resolveEnvironment(env);
      return new Promise<void>((resolve, reject) => {
        this.finish = (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`)));
      });
    };
  }

  /** Ends the executor: code 0 returns, anything else throws (the agent reports wait status 256). */
  exit(code = 0): void {
    this.finish?.(code);
  }

  /** A raw HTTP executor client for this executor's environment. */
  async client(): Promise<RawExecutor> {
    return new RawExecutor(await this.environment);
  }
}

/** Executor calls over raw HTTP to `MESOS_AGENT_ENDPOINT`. */
export class RawExecutor {
  readonly url: URL;
  readonly frameworkId: string;
  readonly executorId: string;

  constructor(readonly env: Record<string, string>) {
    this.url = new URL(`http://${env.MESOS_AGENT_ENDPOINT}/api/v1/executor`);
    this.frameworkId = env.MESOS_FRAMEWORK_ID!;
    this.executorId = env.MESOS_EXECUTOR_ID!;
  }

  /** A call body with both ids. */
  body(type: string, payload?: Json): Json {
    const body: Json = {
      type,
      framework_id: { value: this.frameworkId },
      executor_id: { value: this.executorId },
    };
    if (payload !== undefined) body[type.toLowerCase()] = payload;
    return body;
  }

  /** SUBSCRIBE (`subscribe` defaults to `{}`); the stream is closed after the test. */
  async subscribe(subscribe: Json = {}): Promise<EventReader> {
    const reader = await openStream(this.url, this.body("SUBSCRIBE", subscribe));
    openReaders.add(reader);
    return reader;
  }

  call(type: string, payload?: Json): Promise<RawResponse> {
    return post(this.url, this.body(type, payload));
  }

  /** An UPDATE call's `update` payload for a task in `state` with a fresh valid uuid. */
  static update(taskId: string, state: string, extra: Json = {}): Json {
    return { status: { task_id: { value: taskId }, state, source: "SOURCE_EXECUTOR", uuid: randomUuid(), ...extra } };
  }
}

let uuidCounter = 0;

/** A fresh base64 version-4 UUID. */
export function randomUuid(): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUInt32BE(++uuidCounter, 12);
  bytes.writeUInt32BE(0xc0ffee00, 0);
  bytes[6] = 0x40;
  bytes[8] = 0x80;
  return bytes.toString("base64");
}

/** A status update the master made: the given fields, and no uuid (it must not be acknowledged). */
export function expectMasterUpdate(status: unknown, fields: Record<string, unknown>): void {
  expect(status).toMatchObject(fields);
  expect(status).not.toHaveProperty("uuid");
}
