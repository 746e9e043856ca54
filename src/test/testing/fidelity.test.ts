// Fidelity to recordings: mini-mesos, driven with the calls a real scheduler sent to a real Mesos
// (shared/fixtures/real-mesos-1.12.0-dev, see its README.md), must answer with event streams of the
// same SHAPE as the recorded ones.
//
// How a recording is replayed (fidelity-replay.ts): a mini-mesos with the recording's agents (same
// resources and attributes, in the agent flags' syntax) runs command tasks as real processes (the
// recorded commands are shell commands such as `env | grep ^MESOS_ | sort; sleep 2`, which only a
// shell runs faithfully) and the custom executor as a real process too. Its clock is virtual and
// moves only while the replay waits for an OFFERS event (allocation rounds, refusal filters): tasks
// and executors run in real time with the clock standing still, so their updates never race with
// the 1 s rounds and filters, and no status update is retried while the recorded scheduler was
// still to acknowledge it. The recorded calls are POSTed over raw HTTP in order, each on its own
// connection, bodies as recorded except for the ids mini-mesos assigns: before a call, the replay
// waits for the recorded event the scheduler was reacting to (the latest one that first showed an id
// the call uses, never earlier than for the previous call; the final TEARDOWN waits for every
// recorded event; a call that waited longer in the recording says so), lines that event up with its
// live counterpart and learns recorded → live ids from the pair (framework id, offer ids, uuids to
// acknowledge; agents are mapped by position up front). A call whose id has no live counterpart is
// not sent, and the divergence is reported.
//
// How streams are compared: every record is turned into its shape, a JSON text written from the
// record's own tokens (fidelity-json.ts), so key order, present keys, enum values, messages, resource
// layout, number formatting (`15.0`, `4096.0`) and defaults written out (`"shell":true`,
// `"checkpoint":false`) all count, and a record that is not compact JSON is flagged. Replaced by
// placeholders, because they differ from run to run or between hosts by nature:
//   - the master id, the framework id and agent ids (`<master id>`, `<framework id>`, `<agent S0>`),
//     also inside messages; offer ids, numbered in order of first appearance (`<offer 1>`), so the
//     reuse of an offer id would still show;
//   - `uuid` (a string, or the `value` of an OperationStatus uuid object), `timestamp`, `executor_pid`
//     and `pid`, every `container_id` value (parents included), `port` (the agents listen on ephemeral
//     ports here) and `hostname`;
//   - the executor's command line (the recorded `/usr/bin/node /opt/framework/fixture-exec.mjs` does
//     not exist here; it is replaced by fidelity-executor.ts, see the custom executor test).
// The offers inside one OFFERS event are put in agent order (then role) first: a real master shuffles
// the agents in every allocation round (recording 2 has both S0 first and S1 first).
// One version difference is normalised: the recordings come from the development head after 1.11.0,
// which reports `"version":"1.12.0"` and names the master capability `QUOTA_V2`; mini-mesos emulates
// 1.11.0, whose v1 enum lacks it, so a 1.11.0 master writes `{}` (mesos-protocol.md 2.4). Both
// sides get `<version>`, and a recorded `{"type":"QUOTA_V2"}` capability becomes `{}`.
//
// Order: events keep their order within a lane (one lane per task's UPDATEs, one per operation id,
// one for OFFERS/RESCIND, one for the rest; executor streams: one lane per task for LAUNCH, KILL and
// ACKNOWLEDGED), while lanes may interleave differently, as they do between runs on a real cluster
// (an offer after a refusal filter expires races with a task's updates). The live stream is lined up
// with the recorded one lane by lane (longest common subsequence of type and status state, reason
// and health), so a missing, extra or different event shows at its place in the diff. A FAILURE of
// an executor must also follow every UPDATE of its tasks. HEARTBEATs are timer-driven (every 15 s,
// and the first one races with the first OFFERS: both orders were recorded), so they are compared
// apart: same shape, and the first one comes right after subscribing.
// Responses: status and every recorded header but `date` (stream ids as placeholders); live headers
// the recording lacks are listed, except `connection` and `keep-alive`.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMiniMesos, type AgentSpec, type MiniMesos } from "../../testing/cluster.js";
import { scheduler } from "../../generated/mesos-1.11.0/index.js";
import {
  FIXTURES,
  LiveStream,
  comparableHead,
  compareStreams,
  decodeRecordBytes,
  decodeRecords,
  postRaw,
  readCalls,
  readRecords,
  replay,
  substituteIds,
  type Json,
  type RecordedCall,
  type ReplayPlan,
  type ReplayResult,
  type StreamComparison,
} from "./fidelity-replay.js";
import { ShapeNormaliser } from "./fidelity-json.js";

/** One replayed recording: a test with room for real processes and waits. */
function fidelityIt(name: string, test: () => Promise<void>, timeoutMs = 60_000) {
  return it(name, test, timeoutMs);
}

/** Recording 1: one agent. */
const RECORDING_1_AGENTS: AgentSpec[] = [{ resources: "cpus:4;mem:4096;disk:10000;ports:[31000-32000]" }];

/** Recording 2: S0 on port 5051 and S1 (with the static `web` reservation) on 5052. */
const RECORDING_2_AGENTS: AgentSpec[] = [
  { resources: "cpus:4;mem:4096;disk:10000;ports:[31000-32000]", attributes: "rack:r0;zone:z1;cores:4;slots:[1-8]" },
  {
    resources: "cpus:2;mem:2048;disk:4000;ports:[32000-32100];cpus(web):1;mem(web):512;disk(web):1000",
    attributes: "rack:r1;zone:z1;tier:gold",
  },
];

const RECORDING_2_MASTER = "f3c3b837-46d6-4c80-a030-01e51a8db8fd";

/** Placeholder names of the ids of one side. */
function knownIds(
  masterId: string,
  frameworkId: string | undefined,
  agentIds: readonly string[],
  extra: Iterable<[string, string]> = [],
): Map<string, string> {
  const known = new Map<string, string>([[masterId, "master id"]]);
  if (frameworkId) known.set(frameworkId, "framework id");
  agentIds.forEach((id, i) => known.set(id, `agent S${i}`));
  for (const [value, name] of extra) known.set(value, name);
  return known;
}

function recordedAgentIds(masterId: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${masterId}-S${i}`);
}

interface RecordingRun {
  readonly comparison: StreamComparison;
  readonly result: ReplayResult;
  readonly calls: RecordedCall[];
}

interface RecordingSpec {
  readonly calls: string;
  readonly stream: string;
  readonly agents: readonly AgentSpec[];
  readonly waitFor?: ReplayPlan["waitFor"];
  readonly defaultHeaders?: Record<string, string>;
  /**
   * Agents in a shuffled order per allocation round, as the recorded master visited them; the
   * default seed's first order (S1, then S0) is the recorded one.
   */
  readonly shuffleAgents?: boolean;
  /**
   * Run the cluster on real time rather than a virtual clock that moves only while the replay waits
   * for offers and health checks: for recordings whose tasks' own durations (real processes) decide
   * what an allocation round sees.
   */
  readonly realTime?: boolean;
  /** Recorded → live values anywhere in the calls, and their placeholder name in the comparison. */
  readonly values?: readonly { readonly recorded: string; readonly live: string; readonly name: string }[];
}

/** Starts a cluster with the recording's agents, replays the calls, compares the streams. */
async function runRecording(spec: RecordingSpec): Promise<RecordingRun> {
  const recorded = readRecords(spec.stream);
  const calls = readCalls(spec.calls);
  const subscribed = JSON.parse(recorded[0]!) as Json;
  const recordedMaster = subscribed.subscribed.master_info.id as string;
  const recordedFramework = subscribed.subscribed.framework_id.value as string;
  const cluster = await startMiniMesos({
    agents: spec.agents,
    clock: spec.realTime ? "real" : "virtual",
    taskMode: "process",
    strict: false,
    ...(spec.shuffleAgents ? { shuffleAgents: true } : {}),
  });
  let result: ReplayResult;
  const values = spec.values ?? [];
  try {
    const recordedAgents = recordedAgentIds(recordedMaster, spec.agents.length);
    result = await replay({
      masterUrl: cluster.masterUrl,
      calls,
      recorded,
      ids: new Map(recordedAgents.map((id, i) => [id, cluster.agents[i]!.id])),
      values: new Map(values.map((v) => [v.recorded, v.live])),
      ...(spec.waitFor ? { waitFor: spec.waitFor } : {}),
      ...(spec.defaultHeaders ? { defaultHeaders: spec.defaultHeaders } : {}),
      ...(spec.realTime ? {} : { advance: (ms: number) => cluster.advance(ms) }),
    });
  } finally {
    await cluster.close();
  }
  const comparison = compareStreams(
    recorded,
    knownIds(
      recordedMaster,
      recordedFramework,
      recordedAgentIds(recordedMaster, spec.agents.length),
      values.map((v) => [v.recorded, v.name]),
    ),
    result.events,
    knownIds(
      cluster.master.id,
      result.frameworkId,
      cluster.agents.map((a) => a.id),
      values.map((v) => [v.live, v.name]),
    ),
  );
  return { comparison, result, calls };
}

/** The recorded call responses (status and headers) against the live ones. */
function expectResponses(calls: readonly RecordedCall[], result: ReplayResult): void {
  const recorded = calls.map((call, i) =>
    call.response
      ? {
          call: `#${i} ${call.body.type}`,
          ...comparableHead({ status: call.response.status, headers: call.response.headers }),
        }
      : undefined,
  );
  const live = calls.map((call, i) => {
    const head = result.responses[i];
    if (!call.response) return undefined;
    if (!head) return { call: `#${i} ${call.body.type}`, status: "<not sent>" };
    return { call: `#${i} ${call.body.type}`, ...comparableHead(head, Object.keys(call.response.headers)) };
  });
  expect.soft(live).toEqual(recorded);
}

/** Every check of a replayed recording, soft so that one run reports every difference. */
function expectSameShape(run: RecordingRun): void {
  expect.soft(run.comparison.produced).toEqual(run.comparison.recorded);
  expect.soft(run.comparison.heartbeats.produced).toEqual(run.comparison.heartbeats.recorded);
  expect.soft(run.comparison.orderProblems).toEqual([]);
  expect.soft(run.result.problems).toEqual([]);
}

describe("the shape of an event (what the comparison keeps)", () => {
  const shape = (text: string) => new ShapeNormaliser(knownIds("M", "M-0000", ["M-S0"])).normalise(text);
  const status = (fields: string) =>
    `{"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":"TASK_RUNNING",${fields}}}}`;

  it("replaces ids, uuids, timestamps and pids but keeps where they are", () => {
    const a = status(`"agent_id":{"value":"M-S0"},"timestamp":1.5,"uuid":"AAAA","container_status":{"executor_pid":7}`);
    expect(shape(a)).toBe(
      status(
        `"agent_id":{"value":"<agent S0>"},"timestamp":<timestamp>,"uuid":"<uuid>","container_status":{"executor_pid":<pid>}`,
      ),
    );
    expect(shape(a)).not.toBe(shape(status(`"agent_id":{"value":"M-S0"},"timestamp":1.5,"container_status":{}`)));
  });

  it("keeps number formatting, key order, defaults and layout", () => {
    const subscribed = (interval: string) =>
      `{"type":"SUBSCRIBED","subscribed":{"heartbeat_interval_seconds":${interval}}}`;
    expect(shape(subscribed("15.0"))).not.toBe(shape(subscribed("15")));
    expect(shape(status(`"source":"SOURCE_EXECUTOR","message":"m"`))).not.toBe(
      shape(status(`"message":"m","source":"SOURCE_EXECUTOR"`)),
    );
    expect(shape(`{"a":1}`)).not.toBe(shape(`{"a": 1}`));
  });

  it("orders the offers of one event by agent, numbering offer ids as they come", () => {
    const offer = (id: string, agent: string) => `{"id":{"value":"${id}"},"agent_id":{"value":"${agent}"}}`;
    const normaliser = new ShapeNormaliser(knownIds("M", undefined, ["M-S0", "M-S1"]));
    expect(
      normaliser.normalise(`{"type":"OFFERS","offers":{"offers":[${offer("M-O7", "M-S1")},${offer("M-O6", "M-S0")}]}}`),
    ).toBe(
      `{"type":"OFFERS","offers":{"offers":[${offer("<offer 1>", "<agent S0>")},${offer("<offer 2>", "<agent S1>")}]}}`,
    );
  });

  it("sorts resources by name only within a run of one type and reservation stack", () => {
    const r = (name: string, type = "SCALAR", reserved = false) =>
      `{"name":"${name}","type":"${type}"${reserved ? ',"reservations":[{"type":"STATIC","role":"web"}]' : ""}}`;
    const event = (...resources: string[]) =>
      `{"type":"OFFERS","offers":{"offers":[{"id":{"value":"M-O1"},"resources":[${resources.join(",")}]}]}}`;
    const normalise = (text: string) => new ShapeNormaliser(knownIds("M", undefined, [])).normalise(text);
    // mem and cpus of the reservation swap places; ports and the run order stay where they are.
    expect(normalise(event(r("ports", "RANGES"), r("mem", "SCALAR", true), r("cpus", "SCALAR", true), r("mem")))).toBe(
      normalise(event(r("ports", "RANGES"), r("cpus", "SCALAR", true), r("mem", "SCALAR", true), r("mem"))),
    );
    expect(normalise(event(r("mem"), r("ports", "RANGES")))).not.toBe(normalise(event(r("ports", "RANGES"), r("mem"))));
  });
});

describe("fidelity to the recordings of a real Mesos (shared/fixtures/real-mesos-1.12.0-dev)", () => {
  // Recording 1: SUBSCRIBED, OFFERS, a command task's STARTING/RUNNING/FINISHED (each acknowledged),
  // the leftovers offered again after the 1 s filter and declined, an explicit RECONCILE of the
  // finished task (TASK_UNKNOWN), the freed agent offered again, TEARDOWN.
  fidelityIt("scheduler-stream.json: command task lifecycle, reconcile, teardown", async () => {
    const run = await runRecording({
      calls: "scheduler-calls.json.jsonl",
      stream: "scheduler-stream.json.recordio",
      agents: RECORDING_1_AGENTS,
      // The calls file of recording 1 lists only the stream id header of each call; they were JSON.
      defaultHeaders: { "Content-Type": "application/json" },
    });
    expectSameShape(run);
    // The SUBSCRIBE response of this recording is in its own file.
    const recordedHead = JSON.parse(readFileSync(new URL("subscribe-response.json.headers.json", FIXTURES), "utf8"));
    expect
      .soft(comparableHead(run.result.subscribeHead, Object.keys(recordedHead.headers)))
      .toEqual(comparableHead(recordedHead));
    // Non-SUBSCRIBE calls of recording 1 have no recorded response: they must be accepted.
    expect.soft(run.result.responses.slice(1).map((r) => r?.status)).toEqual(run.calls.slice(1).map(() => 202));
  });

  // Recording 2, framework -0002: a CUSTOM executor gets two tasks, a framework message each way,
  // a KILL and a SHUTDOWN. The executor is a real process (fidelity-executor.ts) that replays
  // executor-api.calls.jsonl; its own event stream is compared with executor-api.json.recordio.
  describe("custom executor (JSON)", () => {
    let outDir: string;
    let run: RecordingRun;
    let command: string;
    const RECORDED_COMMAND = "/usr/bin/node /opt/framework/fixture-exec.mjs";
    beforeAll(async () => {
      outDir = mkdtempSync(join(tmpdir(), "fidelity-executor-"));
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
      const script = fileURLToPath(new URL("./fidelity-executor.ts", import.meta.url));
      const callsFile = fileURLToPath(new URL("executor-api.calls.jsonl", FIXTURES));
      command = [process.execPath, "--import", tsx, script, callsFile, outDir].map((a) => `'${a}'`).join(" ");
      run = await runRecording({
        calls: "custom-executor-scheduler.calls.jsonl",
        stream: "custom-executor-scheduler.json.recordio",
        agents: RECORDING_2_AGENTS,
        // The recorded SHUTDOWN (call #10) came after the offer of exec-task-2's freed resources
        // (event #9), which still lists the executor: the ids alone would send it right after the
        // acknowledgement of TASK_KILLED.
        waitFor: { 10: 9 },
        values: [{ recorded: RECORDED_COMMAND, live: command, name: "executor command" }],
      });
    }, 90_000);
    afterAll(() => {
      if (outDir) rmSync(outDir, { recursive: true, force: true });
    });

    fidelityIt("custom-executor-scheduler.json: the scheduler's stream", async () => {
      expectSameShape(run);
      expectResponses(run.calls, run.result);
    });

    fidelityIt("executor-api.json: the executor's stream and answers", async () => {
      const recorded = readRecords("executor-api.json.recordio");
      const live = decodeRecords(readFileSync(join(outDir, "events.recordio")));
      const recordedFramework = JSON.parse(recorded[0]!).subscribed.framework_info.id.value as string;
      const liveFramework = run.result.frameworkId;
      const liveAgents = [...run.result.ids.entries()]
        .filter(([recordedId]) => /-S\d+$/.test(recordedId) && recordedId.startsWith(RECORDING_2_MASTER))
        .map(([, liveId]) => liveId);
      const liveMaster = liveAgents[0]!.replace(/-S\d+$/, "");
      const comparison = compareStreams(
        recorded,
        knownIds(RECORDING_2_MASTER, recordedFramework, recordedAgentIds(RECORDING_2_MASTER, 2), [
          [RECORDED_COMMAND, "executor command"],
        ]),
        live,
        knownIds(liveMaster, liveFramework, liveAgents, [[command, "executor command"]]),
      );
      expect.soft(comparison.produced).toEqual(comparison.recorded);
      const recordedCalls = readCalls("executor-api.calls.jsonl");
      const liveCalls = readFileSync(join(outDir, "calls.jsonl"), "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as RecordedCall);
      expect
        .soft(
          liveCalls.map((c, i) => ({
            call: c.body.type,
            ...comparableHead(c.response!, Object.keys(recordedCalls[i]?.response?.headers ?? {})),
          })),
        )
        .toEqual(recordedCalls.map((c) => ({ call: c.body.type, ...comparableHead(c.response!) })));
    });
  });

  // Recording 2, framework -0001: LAUNCH_GROUP with the default executor, a health-checked task, a
  // failing task that makes the executor kill the rest of the group, FAILURE at the end.
  fidelityIt(
    "task-group.json: LAUNCH_GROUP with the default executor",
    async () => {
      const run = await runRecording({
        calls: "task-group.calls.jsonl",
        stream: "task-group.json.recordio",
        agents: RECORDING_2_AGENTS,
        // tg-ok ends 4 s in, tg-fail 7 s in: the offer of what tg-ok left must come from a round in between.
        realTime: true,
      });
      expectSameShape(run);
      expectResponses(run.calls, run.result);
    },
    90_000,
  );

  // Recording 2, frameworks -0000 and -0005: reservations, volumes and operation feedback.
  fidelityIt(
    "multirole-reservations.json: RESERVE, CREATE, a task on the volume, DESTROY, UNRESERVE",
    async () => {
      const run = await runRecording({
        calls: "multirole-reservations.calls.jsonl",
        stream: "multirole-reservations.json.recordio",
        agents: RECORDING_2_AGENTS,
        shuffleAgents: true,
        // SUPPRESS of `*` was sent after the first OFFERS (recorded event #2), which still had a `*` offer;
        // the KILL (call #11) after the offer of what the running task left (event #10).
        waitFor: { 1: 2, 11: 10 },
      });
      expectSameShape(run);
      expectResponses(run.calls, run.result);
    },
    240_000,
  );
  fidelityIt(
    "refined-reservation.json: a refined reservation pushed and popped",
    async () => {
      const run = await runRecording({
        calls: "refined-reservation.calls.jsonl",
        stream: "refined-reservation.json.recordio",
        agents: RECORDING_2_AGENTS,
      });
      expectSameShape(run);
      expectResponses(run.calls, run.result);
    },
    240_000,
  );

  // Recording 1's protobuf stream: the same subscription with `Accept: application/x-protobuf`.
  // The records are decoded with the 1.11.0 bindings and written as JSON before normalising, so
  // this compares which fields are set and their values (the protobuf leaves defaults out, and so
  // does the decoded message), not the bytes.
  fidelityIt("scheduler-stream.protobuf: SUBSCRIBED and OFFERS in protobuf", async () => {
    const recordedBinary = new URL("scheduler-stream.protobuf.recordio", FIXTURES);
    const asJson = (records: readonly Uint8Array[]) =>
      records.map((r) => scheduler.Event.toJson(scheduler.Event.fromBinary(r)));
    const recorded = asJson(decodeRecordBytes(readFileSync(recordedBinary)));
    const cluster = await startMiniMesos({ agents: RECORDING_1_AGENTS, clock: "real", strict: false });
    let live: string[];
    try {
      const subscribe = readCalls("scheduler-calls.json.jsonl")[0]!;
      const stream = await LiveStream.open(
        new URL("/api/v1/scheduler", cluster.masterUrl),
        JSON.stringify(subscribe.body),
        { "Content-Type": "application/json", Accept: "application/x-protobuf" },
      );
      await stream.until(() => stream.binary.some((r) => scheduler.Event.fromBinary(r).type === "OFFERS"), 10_000);
      stream.close();
      live = asJson(stream.binary);
      expect.soft(stream.head.headers["content-type"]).toBe("application/x-protobuf");
    } finally {
      await cluster.close();
    }
    const recordedMaster = (JSON.parse(recorded[0]!) as Json).subscribed.master_info.id as string;
    const recordedFramework = (JSON.parse(recorded[0]!) as Json).subscribed.framework_id.value as string;
    const liveSubscribed = JSON.parse(live[0]!) as Json;
    const comparison = compareStreams(
      recorded,
      knownIds(recordedMaster, recordedFramework, recordedAgentIds(recordedMaster, 1)),
      live,
      knownIds(
        liveSubscribed.subscribed.master_info.id,
        liveSubscribed.subscribed.framework_id.value,
        cluster.agents.map((a) => a.id),
      ),
    );
    expect.soft(comparison.produced).toEqual(comparison.recorded);
    expect.soft(comparison.heartbeats.produced.shapes).toEqual(comparison.heartbeats.recorded.shapes);
  });

  // errors.json, framework -0004: the ACCEPTs that are answered 202 and fail on the stream.
  describe("errors.json: failures answered on the stream", () => {
    interface ErrorEntry {
      name: string;
      request: { path: string; headers: Record<string, string>; body: string };
      response: { status: number; headers: Record<string, string>; body: string };
      resulting_events?: Json[];
    }
    const entries = (JSON.parse(readFileSync(new URL("errors.json", FIXTURES), "utf8")) as ErrorEntry[]).filter(
      (e) => e.resulting_events,
    );
    /** The recorded offers of these entries and the agent each was for (the task's agent; S1 holds `web`'s static reservation). */
    const RECORDED_OFFERS: Record<string, number> = {
      [`${RECORDING_2_MASTER}-O21`]: 0,
      [`${RECORDING_2_MASTER}-O22`]: 1,
    };
    const RECORDED_FRAMEWORK = `${RECORDING_2_MASTER}-0004`;
    let cluster: MiniMesos;
    let stream: LiveStream;
    let frameworkId: string;

    beforeAll(async () => {
      cluster = await startMiniMesos({ agents: RECORDING_2_AGENTS, clock: "real", taskMode: "inline", strict: false });
      // The recording has no SUBSCRIBE of -0004: a framework of role `web` with the principal of the
      // recorded reservations; PARTITION_AWARE, as TASK_DROPPED shows.
      const info = {
        user: "root",
        name: "fixture-errors",
        roles: ["web"],
        principal: "fixture-principal",
        capabilities: [{ type: "MULTI_ROLE" }, { type: "PARTITION_AWARE" }, { type: "RESERVATION_REFINEMENT" }],
      };
      stream = await LiveStream.open(
        new URL("/api/v1/scheduler", cluster.masterUrl),
        JSON.stringify({ type: "SUBSCRIBE", subscribe: { framework_info: info } }),
        { "Content-Type": "application/json", Accept: "application/json" },
      );
      await stream.until(() => stream.records.some((r) => r.includes('"type":"SUBSCRIBED"')), 10_000);
      frameworkId = (JSON.parse(stream.records[0]!) as Json).subscribed.framework_id.value;
    }, 30_000);
    afterAll(async () => {
      stream?.close();
      await cluster?.close();
    });

    /** The latest outstanding live offer of an agent (offers consumed by earlier entries are skipped). */
    const offerFor = async (agentIndex: number, used: Set<string>): Promise<string | undefined> => {
      let found: string | undefined;
      await stream.until(() => {
        for (const record of stream.records) {
          const event = JSON.parse(record) as Json;
          for (const offer of event.type === "OFFERS" ? event.offers.offers : []) {
            if (offer.agent_id.value === cluster.agents[agentIndex]!.id && !used.has(offer.id.value))
              found = offer.id.value;
          }
        }
        return found !== undefined;
      }, 10_000);
      return found;
    };
    const usedOffers = new Set<string>();

    for (const entry of entries) {
      fidelityIt(entry.name, async () => {
        const body = JSON.parse(entry.request.body) as Json;
        const ids = new Map<string, string>([[RECORDED_FRAMEWORK, frameworkId]]);
        recordedAgentIds(RECORDING_2_MASTER, 2).forEach((id, i) => ids.set(id, cluster.agents[i]!.id));
        for (const { value } of body.accept.offer_ids as { value: string }[]) {
          const agentIndex = RECORDED_OFFERS[value];
          if (agentIndex === undefined) continue; // an offer id that never existed: sent as recorded
          const live = await offerFor(agentIndex, usedOffers);
          if (live) {
            ids.set(value, live);
            usedOffers.add(live);
          }
        }
        const before = stream.records.length;
        const headers = { ...entry.request.headers, "Mesos-Stream-Id": stream.head.headers["mesos-stream-id"]! };
        const response = await postRaw(
          new URL(entry.request.path, cluster.masterUrl),
          JSON.stringify(substituteIds(body, ids)),
          headers,
        );
        const expected = entry.resulting_events!.length;
        const answers = (): string[] =>
          stream.records.slice(before).filter((r) => /^\{"type":"(UPDATE|UPDATE_OPERATION_STATUS)"/.test(r));
        await stream.until(() => answers().length >= expected, 5000);
        await new Promise((resolve) => setTimeout(resolve, 300)); // room for an extra answer to show
        const recordedShape = new ShapeNormaliser(
          knownIds(
            RECORDING_2_MASTER,
            RECORDED_FRAMEWORK,
            recordedAgentIds(RECORDING_2_MASTER, 2),
            Object.keys(RECORDED_OFFERS).map((id) => [id, "offer"]),
          ),
        );
        const liveShape = new ShapeNormaliser(
          knownIds(
            cluster.master.id,
            frameworkId,
            cluster.agents.map((a) => a.id),
            [...ids].filter(([recorded]) => recorded in RECORDED_OFFERS).map(([, live]) => [live, "offer"]),
          ),
        );
        // resulting_events were parsed from the stream: their JSON is rewritten from the parsed value
        // (only `timestamp` is a number in them, and it is a placeholder anyway).
        expect
          .soft(answers().map((r) => liveShape.normalise(r)))
          .toEqual(entry.resulting_events!.map((e) => recordedShape.normalise(JSON.stringify(e))));
        expect
          .soft(comparableHead(response, Object.keys(entry.response.headers)))
          .toEqual(comparableHead(entry.response));
        expect.soft(response.body).toBe(entry.response.body);
      });
    }
  });
});
