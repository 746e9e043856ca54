/**
 * Replays a recorded scheduler against mini-mesos over raw HTTP and compares
 * the event stream it gets with the recorded one by shape (fidelity.test.ts
 * documents the comparison).
 *
 * The replay sends the recorded calls in order. Before each call it waits for
 * the recorded event the scheduler was reacting to — the latest event that
 * first showed an id the call uses (offer ids, framework id, agent ids, uuids
 * to acknowledge; see {@link introductions}), and never earlier than the
 * previous call's — and maps the
 * recorded ids to the live ones by lining that event up with its live
 * counterpart. Ids the recording never showed (a deliberately unknown offer
 * id) are sent as recorded.
 */
import { readFileSync } from "node:fs";
import { request, type IncomingMessage } from "node:http";
import { RecordIODecoder } from "../../recordio/index.js";
import { ShapeNormaliser } from "./fidelity-json.js";

/** The recordings of a real cluster (see its README.md). */
export const FIXTURES = new URL("../../../../shared/fixtures/real-mesos-1.12.0-dev/", import.meta.url);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded and live JSON, walked key by key
export type Json = any;

/** One line of a `*.calls.jsonl` file. */
export interface RecordedCall {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Json;
  readonly response?: { readonly status: number; readonly headers: Readonly<Record<string, string>> };
}

/** Reads a JSON-lines calls file of the fixtures. */
export function readCalls(file: string): RecordedCall[] {
  return readFileSync(new URL(file, FIXTURES), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RecordedCall);
}

/** Splits RecordIO bytes into records. */
export function decodeRecordBytes(bytes: Uint8Array): Uint8Array[] {
  return new RecordIODecoder().push(bytes).map((r) => Uint8Array.from(r));
}

/** Splits RecordIO bytes into record texts. */
export function decodeRecords(bytes: Uint8Array): string[] {
  return decodeRecordBytes(bytes).map((r) => Buffer.from(r).toString("utf8"));
}

/** Reads a `*.recordio` file of the fixtures as record texts. */
export function readRecords(file: string): string[] {
  return decodeRecords(readFileSync(new URL(file, FIXTURES)));
}

// ---------------------------------------------------------------------------
// Raw HTTP

/** Status and headers of a response, header names lowercased, in the order sent. */
export interface ResponseHead {
  readonly status: number;
  readonly headers: Record<string, string>;
}

function headOf(response: IncomingMessage): ResponseHead {
  const headers: Record<string, string> = {};
  for (let i = 0; i < response.rawHeaders.length; i += 2)
    headers[response.rawHeaders[i]!.toLowerCase()] = response.rawHeaders[i + 1]!;
  return { status: response.statusCode ?? 0, headers };
}

/** POSTs `body` on a connection of its own and resolves with the response head (the body left to read). */
export function post(url: URL, body: string, headers: Readonly<Record<string, string>>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      agent: false,
      headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
    });
    req.once("response", resolve);
    req.once("error", reject);
    req.end(body);
  });
}

/** POSTs a body on its own connection and reads the whole answer. */
export async function postRaw(
  url: URL,
  body: string,
  headers: Readonly<Record<string, string>>,
): Promise<ResponseHead & { body: string }> {
  const response = await post(url, body, headers);
  const chunks: Buffer[] = [];
  for await (const chunk of response as AsyncIterable<Buffer>) chunks.push(chunk);
  return { ...headOf(response), body: Buffer.concat(chunks).toString("utf8") };
}

/** A streaming response read record by record. */
export class LiveStream {
  /** The records as UTF-8 text. */
  readonly records: string[] = [];
  /** The records as bytes. */
  readonly binary: Uint8Array[] = [];
  ended = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly head: ResponseHead,
    private readonly response: IncomingMessage,
  ) {
    const decoder = new RecordIODecoder();
    response.on("data", (chunk: Buffer) => {
      for (const record of decoder.push(chunk)) {
        this.binary.push(Uint8Array.from(record));
        this.records.push(Buffer.from(record).toString("utf8"));
      }
      this.wake();
    });
    const end = (): void => {
      this.ended = true;
      this.wake();
    };
    response.once("end", end);
    response.once("close", end);
    response.once("error", end);
  }

  /** Opens a stream (SUBSCRIBE) and resolves once the response headers are in. */
  static async open(url: URL, body: string, headers: Readonly<Record<string, string>>): Promise<LiveStream> {
    const response = await post(url, body, headers);
    return new LiveStream(headOf(response), response);
  }

  /** Resolves true once `condition` holds, false after `timeoutMs` or when the stream ended without it. */
  until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (condition()) finish(true);
        else if (this.ended) finish(false);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(result);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Drops the connection (the client side of the stream). */
  close(): void {
    this.response.destroy();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

// ---------------------------------------------------------------------------
// Lanes: the order a stream must keep

/**
 * The lane of an event: events of one lane keep their order, events of
 * different lanes may interleave differently (their relative order depends on
 * timing on a real cluster too). `undefined` for HEARTBEAT, which is checked
 * apart. Scheduler streams: one lane per task (its UPDATEs), one per operation
 * id, one for offers (OFFERS, RESCIND), one for the rest (SUBSCRIBED, MESSAGE,
 * FAILURE, ERROR). Executor streams: one lane per task (LAUNCH, KILL,
 * ACKNOWLEDGED), one for the rest.
 */
export function laneOf(text: string): string | undefined {
  let event: Json;
  try {
    event = JSON.parse(text);
  } catch {
    return "unparsable";
  }
  switch (event.type) {
    case "HEARTBEAT":
      return undefined;
    case "UPDATE":
      return `task ${event.update?.status?.task_id?.value}`;
    case "UPDATE_OPERATION_STATUS":
      return `operation ${event.update_operation_status?.status?.operation_id?.value}`;
    case "OFFERS":
    case "RESCIND":
    case "INVERSE_OFFERS":
    case "RESCIND_INVERSE_OFFER":
      return "offers";
    case "LAUNCH":
      return `task ${event.launch?.task?.task_id?.value}`;
    case "KILL":
      return `task ${event.kill?.task_id?.value}`;
    case "ACKNOWLEDGED":
      return `task ${event.acknowledged?.task_id?.value}`;
    default:
      return "other";
  }
}

/** What must agree for two events of a lane to be counterparts (the rest is compared as shape). */
function matchKey(text: string): string {
  let event: Json;
  try {
    event = JSON.parse(text);
  } catch {
    return "unparsable";
  }
  if (event.type === "UPDATE") {
    const status = event.update?.status ?? {};
    return `UPDATE ${status.state} ${status.reason ?? ""} ${status.healthy ?? ""}`;
  }
  if (event.type === "UPDATE_OPERATION_STATUS")
    return `UPDATE_OPERATION_STATUS ${event.update_operation_status?.status?.state}`;
  return String(event.type);
}

function laneMembers(texts: readonly string[]): Map<string, number[]> {
  const lanes = new Map<string, number[]>();
  texts.forEach((text, i) => {
    const lane = laneOf(text);
    if (lane !== undefined) lanes.set(lane, [...(lanes.get(lane) ?? []), i]);
  });
  return lanes;
}

/**
 * Lines a live stream up with a recorded one: for each recorded event, the
 * index of its live counterpart (undefined for heartbeats and for events
 * without one). Within a lane the longest common subsequence of the events'
 * match keys (type, and a status update's state, reason and health) is taken,
 * earliest matches first, so a missing or extra event does not shift the rest.
 */
export function alignStreams(recorded: readonly string[], live: readonly string[]): (number | undefined)[] {
  const result: (number | undefined)[] = recorded.map(() => undefined);
  const liveLanes = laneMembers(live);
  for (const [lane, recordedIndices] of laneMembers(recorded)) {
    const liveIndices = liveLanes.get(lane) ?? [];
    const a = recordedIndices.map((i) => matchKey(recorded[i]!));
    const b = liveIndices.map((j) => matchKey(live[j]!));
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--)
      for (let j = b.length - 1; j >= 0; j--)
        lcs[i]![j] = a[i] === b[j] ? 1 + lcs[i + 1]![j + 1]! : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    for (let i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] === b[j] && lcs[i]![j] === 1 + lcs[i + 1]![j + 1]!) {
        result[recordedIndices[i]!] = liveIndices[j];
        i++;
        j++;
      } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
      else j++;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------
// Comparison

/** Known ids of one side (value → placeholder name), for {@link ShapeNormaliser}. */
export type KnownIds = ReadonlyMap<string, string>;

/** The two streams in comparable form. */
export interface StreamComparison {
  /** Normalised recorded events, heartbeats left out. */
  readonly recorded: string[];
  /**
   * Normalised live events lined up with the recorded ones (see
   * {@link alignStreams}): entry i is the counterpart of recorded event i
   * (`<missing: lane>` if there is none); live events the recording does not
   * have follow as `<extra> ...`.
   */
  readonly produced: string[];
  /** HEARTBEATs of each side: their distinct shapes and whether the first came right after subscribing. */
  readonly heartbeats: { readonly recorded: HeartbeatSummary; readonly produced: HeartbeatSummary };
  /** Causality the live stream breaks (a FAILURE for an executor before an UPDATE of one of its tasks). */
  readonly orderProblems: string[];
}

/** What the HEARTBEATs of a stream look like. */
export interface HeartbeatSummary {
  readonly shapes: string[];
  /** True if the first one came before any event but SUBSCRIBED and OFFERS (mesos-protocol.md 4.11). */
  readonly firstEarly: boolean | "none";
}

function normaliseAll(texts: readonly string[], known: KnownIds): string[] {
  const normaliser = new ShapeNormaliser(known);
  return texts.map((t) => normaliser.normalise(t));
}

function heartbeats(texts: readonly string[], shapes: readonly string[]): HeartbeatSummary {
  const indices = texts.flatMap((t, i) => (laneOf(t) === undefined ? [i] : []));
  if (indices.length === 0) return { shapes: [], firstEarly: "none" };
  const before = texts.slice(0, indices[0]).map((t) => (JSON.parse(t) as Json).type as string);
  return {
    shapes: [...new Set(indices.map((i) => shapes[i]!))],
    firstEarly: before.every((type) => type === "SUBSCRIBED" || type === "OFFERS"),
  };
}

/** FAILURE of an executor must follow every UPDATE of its tasks. */
function causality(texts: readonly string[]): string[] {
  const problems: string[] = [];
  texts.forEach((text, i) => {
    const event = JSON.parse(text) as Json;
    if (event.type !== "FAILURE" || !event.failure?.executor_id) return;
    const executorId = event.failure.executor_id.value;
    texts.slice(i + 1).forEach((later) => {
      const update = JSON.parse(later) as Json;
      if (update.type === "UPDATE" && update.update?.status?.executor_id?.value === executorId) {
        problems.push(`FAILURE of executor ${executorId} came before ${update.update.status.state} of its task`);
      }
    });
  });
  return problems;
}

/** Normalises both streams and lines the live one up with the recorded one lane by lane. */
export function compareStreams(
  recordedTexts: readonly string[],
  recordedIds: KnownIds,
  producedTexts: readonly string[],
  producedIds: KnownIds,
): StreamComparison {
  const recordedShapes = normaliseAll(recordedTexts, recordedIds);
  const producedShapes = normaliseAll(producedTexts, producedIds);
  const counterparts = alignStreams(recordedTexts, producedTexts);
  const used = new Set(counterparts.filter((j) => j !== undefined));
  const recorded: string[] = [];
  const produced: string[] = [];
  recordedTexts.forEach((text, i) => {
    const lane = laneOf(text);
    if (lane === undefined) return;
    recorded.push(recordedShapes[i]!);
    const match = counterparts[i];
    produced.push(match === undefined ? `<missing: ${lane}>` : producedShapes[match]!);
  });
  producedTexts.forEach((text, i) => {
    if (laneOf(text) !== undefined && !used.has(i)) produced.push(`<extra> ${producedShapes[i]!}`);
  });
  return {
    recorded,
    produced,
    heartbeats: {
      recorded: heartbeats(recordedTexts, recordedShapes),
      produced: heartbeats(producedTexts, producedShapes),
    },
    orderProblems: causality(producedTexts),
  };
}

/**
 * Response heads in comparable form: the status and every recorded header but
 * `date` (stream ids as `<stream id>`); live headers the recording lacks are
 * listed, except `connection` and `keep-alive`, which belong to the HTTP/1.1
 * connection rather than to the API.
 */
export function comparableHead(head: ResponseHead, names?: readonly string[]): Json {
  const headers: Record<string, string> = {};
  const wanted = names ?? Object.keys(head.headers);
  for (const name of [...wanted].sort()) {
    if (name === "date") continue;
    const value = head.headers[name];
    headers[name] = value === undefined ? "<absent>" : name === "mesos-stream-id" ? "<stream id>" : value;
  }
  const extra = Object.keys(head.headers)
    .filter((n) => !wanted.includes(n) && !["date", "connection", "keep-alive"].includes(n))
    .sort();
  return { status: head.status, headers, ...(extra.length > 0 ? { extraHeaders: extra } : {}) };
}

// ---------------------------------------------------------------------------
// Replay

/** Where a call's ids live: strings under these keys are assigned by the master or agent. */
const ID_KEYS = new Set(["framework_id", "agent_id", "offer_id", "offer_ids", "uuid"]);

function isIdPath(path: readonly string[]): boolean {
  return path.some((key) => ID_KEYS.has(key));
}

/** Every id string of a call body (see {@link ID_KEYS}). */
function idsOf(body: Json, path: string[] = []): string[] {
  if (typeof body === "string") return isIdPath(path) ? [body] : [];
  if (Array.isArray(body)) return body.flatMap((item) => idsOf(item, path));
  if (body && typeof body === "object")
    return Object.entries(body).flatMap(([key, value]) => idsOf(value, [...path, key]));
  return [];
}

/** Replaces the recorded ids of a call body by their live counterparts. */
export function substituteIds(body: Json, mapping: ReadonlyMap<string, string>, path: string[] = []): Json {
  if (typeof body === "string") return isIdPath(path) ? (mapping.get(body) ?? body) : body;
  if (Array.isArray(body)) return body.map((item) => substituteIds(item, mapping, path));
  if (body && typeof body === "object")
    return Object.fromEntries(
      Object.entries(body).map(([key, value]) => [key, substituteIds(value, mapping, [...path, key])]),
    );
  return body;
}

/** Replaces exact string values anywhere in a body (executor commands and the like). */
function substituteValues(body: Json, values: ReadonlyMap<string, string>): Json {
  if (typeof body === "string") return values.get(body) ?? body;
  if (Array.isArray(body)) return body.map((item) => substituteValues(item, values));
  if (body && typeof body === "object")
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, substituteValues(value, values)]));
  return body;
}

/**
 * Whether a live agent id stands for a recorded one: as learnt, or before that (the first offers) by
 * the agent's number, which mini-mesos gives in registration order as Mesos does (`<master>-S<n>`).
 */
function sameAgent(
  recorded: string | undefined,
  live: string | undefined,
  mapping: ReadonlyMap<string, string>,
): boolean {
  if (recorded === undefined || live === undefined) return false;
  const learnt = mapping.get(recorded);
  if (learnt !== undefined) return learnt === live;
  const number = (id: string) => /-S\d+$/.exec(id)?.[0];
  return number(recorded) !== undefined && number(recorded) === number(live);
}

/** Learns recorded → live ids from a recorded event and its live counterpart. */
function learnIds(recorded: Json, live: Json, mapping: Map<string, string>, path: string[] = []): void {
  if (typeof recorded === "string" && typeof live === "string") {
    const key = path[path.length - 1];
    const offerId = key === "value" && path[path.length - 2] === "id" && path.includes("offers");
    if ((isIdPath(path) || offerId) && !mapping.has(recorded)) mapping.set(recorded, live);
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(live)) {
    const offers = path[path.length - 1] === "offers" && path[path.length - 2] === "offers";
    recorded.forEach((item: Json, i: number) => {
      // Offers of one event are matched by agent and role, the rest by position.
      const counterpart = offers
        ? (live.find(
            (o: Json) =>
              sameAgent(item?.agent_id?.value, o?.agent_id?.value, mapping) &&
              o?.allocation_info?.role === item?.allocation_info?.role,
          ) ?? live[i])
        : live[i];
      if (counterpart !== undefined) learnIds(item, counterpart, mapping, path);
    });
    return;
  }
  if (recorded && live && typeof recorded === "object" && typeof live === "object") {
    for (const [key, value] of Object.entries(recorded)) {
      if (key in live) learnIds(value, live[key], mapping, [...path, key]);
    }
  }
}

/** What to replay. */
export interface ReplayPlan {
  readonly masterUrl: URL;
  readonly calls: readonly RecordedCall[];
  /** The recorded event texts (the SUBSCRIBE response's records). */
  readonly recorded: readonly string[];
  /** Recorded → live ids known before the replay starts (the agents). */
  readonly ids: ReadonlyMap<string, string>;
  /** Recorded → live values replaced anywhere in the calls (e.g. an executor's command). */
  readonly values?: ReadonlyMap<string, string>;
  /**
   * Call index → recorded event index it waits for, where the ids do not tell
   * (`end`: every recorded event; the default of a final TEARDOWN).
   */
  readonly waitFor?: Readonly<Record<number, number | "end">>;
  /** Headers every non-SUBSCRIBE call gets unless the recording has them (recording 1 lists only the stream id). */
  readonly defaultHeaders?: Readonly<Record<string, string>>;
  /** Longest wait for one recorded event's live counterpart (default 15 s). */
  readonly timeoutMs?: number;
  /** Moves the cluster's virtual clock (see {@link replay}); without it the cluster runs on real time. */
  readonly advance?: (ms: number) => Promise<void>;
}

/** Step and limit of virtual time moved while waiting for one OFFERS (below the 10 s status update retry). */
const ADVANCE_STEP_MS = 100;
const MAX_ADVANCE_MS = 8000;
/** Wait for one event once the live stream went without a recorded event. */
const DIVERGED_TIMEOUT_MS = 3000;

/** What the replay did and saw. */
export interface ReplayResult {
  /** Every record of the live stream. */
  readonly events: string[];
  /** The live SUBSCRIBE response's head. */
  readonly subscribeHead: ResponseHead;
  /** The head of each call's response, by call index (SUBSCRIBE at 0; undefined: not sent). */
  readonly responses: (ResponseHead | undefined)[];
  /** Recorded → live ids learnt (and given). */
  readonly ids: Map<string, string>;
  /** Waits that timed out, ids without a live counterpart, non-2xx answers. */
  readonly problems: string[];
  /** The live framework id. */
  readonly frameworkId: string | undefined;
}

/**
 * Where the recording first showed each id the master or an agent assigned:
 * framework ids in SUBSCRIBED, offer and agent ids in OFFERS, uuids in UPDATE
 * and UPDATE_OPERATION_STATUS. Ids a call makes up (an unknown agent for
 * RECONCILE_OPERATIONS) may appear later in answers, but never there.
 */
export function introductions(recorded: readonly string[]): Map<string, number> {
  const first = new Map<string, number>();
  const note = (value: unknown, index: number): void => {
    if (typeof value === "string" && !first.has(value)) first.set(value, index);
  };
  recorded.forEach((text, index) => {
    const event = JSON.parse(text) as Json;
    if (event.type === "SUBSCRIBED") note(event.subscribed?.framework_id?.value, index);
    for (const offer of event.type === "OFFERS" ? (event.offers?.offers ?? []) : []) {
      note(offer.id?.value, index);
      note(offer.agent_id?.value, index);
    }
    if (event.type === "UPDATE") note(event.update?.status?.uuid, index);
    if (event.type === "UPDATE_OPERATION_STATUS") note(event.update_operation_status?.status?.uuid?.value, index);
  });
  return first;
}

/** For each call, the recorded event it waits for (see the module comment). */
export function triggers(plan: Pick<ReplayPlan, "calls" | "recorded" | "waitFor">): (number | "end" | undefined)[] {
  const result: (number | "end" | undefined)[] = [];
  const introduced = introductions(plan.recorded);
  let previous: number | undefined;
  plan.calls.forEach((call, i) => {
    if (i === 0) {
      result.push(undefined);
      return;
    }
    let trigger = previous;
    for (const id of idsOf(call.body)) {
      const first = introduced.get(id);
      if (first !== undefined && (trigger === undefined || first > trigger)) trigger = first;
    }
    // The final TEARDOWN came once the recorded stream was complete.
    const last = i === plan.calls.length - 1 && call.body.type === "TEARDOWN";
    const override = plan.waitFor?.[i] ?? (last ? "end" : undefined);
    if (override === "end") result.push("end");
    else {
      if (override !== undefined) trigger = override;
      result.push(trigger);
      previous = trigger;
    }
  });
  return result;
}

/** Runs the replay; never throws for a divergence (it is reported in `problems`). */
export async function replay(plan: ReplayPlan): Promise<ReplayResult> {
  let timeoutMs = plan.timeoutMs ?? 15_000;
  const ids = new Map(plan.ids);
  const problems: string[] = [];
  const responses: (ResponseHead | undefined)[] = plan.calls.map(() => undefined);
  const url = new URL("/api/v1/scheduler", plan.masterUrl);
  const [subscribe, ...rest] = plan.calls;
  if (subscribe?.body?.type !== "SUBSCRIBE") throw new Error("a replay starts with SUBSCRIBE");
  const stream = await LiveStream.open(url, JSON.stringify(subscribe.body), subscribe.headers);
  responses[0] = stream.head;
  const streamId = stream.head.headers["mesos-stream-id"] ?? "";
  const learnt = new Set<number>();

  /** The live counterpart of recorded event `index`, if it has arrived. */
  const counterpart = (index: number): string | undefined => {
    const live = alignStreams(plan.recorded, stream.records)[index];
    return live === undefined ? undefined : stream.records[live];
  };
  const learnUpTo = (last: number): void => {
    const counterparts = alignStreams(plan.recorded, stream.records);
    for (let i = 0; i <= last; i++) {
      const live = counterparts[i];
      if (learnt.has(i) || live === undefined) continue;
      learnt.add(i);
      learnIds(JSON.parse(plan.recorded[i]!), JSON.parse(stream.records[live]!), ids);
    }
  };
  /** Waits for the live counterpart of one recorded event, moving a virtual clock where time must pass. */
  const arrival = async (index: number): Promise<boolean> => {
    const here = (): boolean => counterpart(index) !== undefined;
    const advance = plan.advance;
    if (!advance) return stream.until(here, timeoutMs);
    // Offers come from allocation rounds and expiring filters: time has to pass for them. Anything
    // else comes from calls and processes, which run in real time while the cluster's clock stands
    // still, so that a task's updates never race with the rounds (nor with status update retries:
    // the clock never moves while an update waits for its acknowledgement in the recording).
    const event = JSON.parse(plan.recorded[index]!) as Json;
    // Health checks run on the cluster's clock too (every `interval_seconds`).
    const timed =
      ["OFFERS", "RESCIND"].includes(event.type as string) ||
      event.update?.status?.reason === "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED";
    if (!timed) return stream.until(here, timeoutMs);
    for (let moved = 0; moved <= MAX_ADVANCE_MS; moved += ADVANCE_STEP_MS) {
      if (await stream.until(here, 20)) return true;
      if (stream.ended) return false;
      await advance(ADVANCE_STEP_MS);
    }
    return stream.until(here, 20);
  };
  const missed = new Set<number>();
  const awaitRecorded = async (indices: readonly number[]): Promise<void> => {
    for (const index of indices) {
      const lane = laneOf(plan.recorded[index]!);
      if (lane === undefined || missed.has(index) || (await arrival(index))) continue;
      missed.add(index);
      problems.push(
        `no live counterpart of recorded event #${index} (${lane}) ` +
          `${stream.ended ? "before the stream ended" : `within ${timeoutMs} ms`}: ${plan.recorded[index]}`,
      );
      // Once the live stream has diverged, later waits are kept short.
      timeoutMs = Math.min(timeoutMs, DIVERGED_TIMEOUT_MS);
    }
  };

  const waits = triggers(plan);
  const introduced = introductions(plan.recorded);
  for (const [offset, call] of rest.entries()) {
    const i = offset + 1;
    const trigger = waits[i];
    const last = trigger === "end" ? plan.recorded.length - 1 : (trigger ?? -1);
    if (!stream.ended)
      await awaitRecorded(trigger === "end" ? plan.recorded.map((_, j) => j) : last >= 0 ? [last] : []);
    learnUpTo(last);
    let body = substituteIds(call.body, ids);
    if (plan.values) body = substituteValues(body, plan.values);
    const unmapped = idsOf(call.body).filter((id) => !ids.has(id) && introduced.has(id));
    if (unmapped.length > 0) {
      // The event that showed the id has no live counterpart: the call cannot be made.
      problems.push(`call #${i} (${call.body.type}) not sent: no live counterpart for ${unmapped.join(", ")}`);
      continue;
    }
    const headers: Record<string, string> = { ...plan.defaultHeaders, ...call.headers };
    if (headers["Mesos-Stream-Id"] === "<stream id>") headers["Mesos-Stream-Id"] = streamId;
    const response = await postRaw(url, JSON.stringify(body), headers);
    responses[i] = { status: response.status, headers: response.headers };
    if (response.status >= 300)
      problems.push(`call #${i} (${call.body.type}) answered ${response.status}: ${response.body}`);
  }
  // The stream ends at TEARDOWN; give it a moment, then drop it.
  await stream.until(() => stream.ended, 2000);
  if (!stream.ended) problems.push("the stream did not end after the last call");
  stream.close();
  const subscribed = stream.records.map((t) => JSON.parse(t) as Json).find((e) => e.type === "SUBSCRIBED");
  return {
    events: [...stream.records],
    subscribeHead: stream.head,
    responses,
    ids,
    problems,
    frameworkId: subscribed?.subscribed?.framework_id?.value,
  };
}
