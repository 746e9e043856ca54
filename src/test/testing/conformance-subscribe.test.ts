/**
 * Conformance of mini-mesos with mesos-protocol.md 9.2 (JSON mapping) and
 * 9.3 (SUBSCRIBE, failover, teardown), cases C034–C060 tagged [sim], over
 * real HTTP with raw requests: exact texts, JSON bytes and key order.
 */
import { conformanceCluster } from "./conformance-cluster.js";
import { describe, expect, it } from "vitest";
import { executor, type scheduler } from "../../generated/mesos-1.11.0/index.js";
import type { MiniMesos } from "../../testing/cluster.js";
import type { InProcessExecutor } from "../../testing/agent/agent.js";
import {
  EXECUTOR_PATH,
  FRAMEWORK_INFO,
  nextOffer,
  openStream,
  openSubscription,
  postJson,
  recordsBeforeSentinel,
  subscribeCall,
  subscribeFramework,
  type FrameworkInfoJson,
  type RecordStream,
  type StreamRecord,
  type Subscribed,
} from "./conformance-helpers.js";

/** "agent A" of section 9. */
const MULTI_ROLE = [{ type: "MULTI_ROLE" }];

const streams: RecordStream<unknown>[] = [];
const start = conformanceCluster(async () => {
  await Promise.all(streams.splice(0).map((s) => s.close()));
});

function track<E>(stream: RecordStream<E>): RecordStream<E> {
  streams.push(stream as RecordStream<unknown>);
  return stream;
}

/** "fw": a subscribed JSON framework. */
async function framework(
  c: MiniMesos,
  info: FrameworkInfoJson = FRAMEWORK_INFO,
  frameworkId?: string,
  extra?: Record<string, unknown>,
): Promise<Subscribed> {
  const fw = await subscribeFramework(c.masterUrl, info, frameworkId, extra);
  track(fw.stream);
  return fw;
}

/** A call of a subscribed framework, with its stream id. */
function call(c: MiniMesos, fw: Subscribed, body: string | Record<string, unknown>) {
  return postJson(c.masterUrl, body, { "Mesos-Stream-Id": fw.streamId });
}

/** Runs the first allocation round (virtual clock) and returns the framework's first offer. */
async function offerOf(c: MiniMesos, fw: Subscribed) {
  await c.advance(0);
  return nextOffer(fw.stream);
}

/** A SUBSCRIBE that fails on the stream: `200`, exactly one ERROR record, then the terminating chunk. */
async function subscribeError(c: MiniMesos, info: FrameworkInfoJson, extra?: Record<string, unknown>) {
  const stream = track(await openSubscription(c.masterUrl, subscribeCall(info, undefined, extra)));
  const record = await stream.next();
  const outcome = await stream.outcome();
  return { status: stream.status, record, outcome };
}

function errorEvent(message: string): scheduler.Event {
  return { type: "ERROR", error: { message } };
}

function launch(offerId: string, frameworkId: string, task: Record<string, unknown>) {
  return {
    type: "ACCEPT",
    framework_id: { value: frameworkId },
    accept: {
      offer_ids: [{ value: offerId }],
      operations: [{ type: "LAUNCH", launch: { task_infos: [task] } }],
    },
  };
}

/** Launches a task with a custom (in-process) executor `exec` on the first offer. */
async function launchCustomExecutor(c: MiniMesos, fw: Subscribed): Promise<void> {
  const { offerId, agentId } = await offerOf(c, fw);
  const response = await call(
    c,
    fw,
    launch(offerId, fw.frameworkId, {
      name: "t",
      task_id: { value: "t" },
      agent_id: { value: agentId },
      resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.5 } }],
      executor: {
        executor_id: { value: "exec" },
        command: { value: "in-process" },
        resources: [{ name: "mem", type: "SCALAR", scalar: { value: 32 } }],
      },
    }),
  );
  expect(response.status).toBe(202);
}

/** An in-process executor `exec` that hands its environment out, then lets `body` speak to the agent. */
function capturingExecutor(body?: (environment: Record<string, string>) => Promise<void>) {
  let resolve!: (environment: Record<string, string>) => void;
  const environment = new Promise<Record<string, string>>((r) => (resolve = r));
  const run: InProcessExecutor = async (env) => {
    resolve(env);
    await body?.(env);
  };
  return { environment, executors: { exec: run } };
}

describe("mesos-protocol.md 9.2 JSON mapping (mini-mesos, raw HTTP)", () => {
  it("C034 LAUNCH of a task without resources → UPDATE status keys in Mesos' order, no uuid", async () => {
    const c = await start();
    const fw = await framework(c);
    const { offerId, agentId } = await offerOf(c, fw);
    const accepted = await call(
      c,
      fw,
      launch(offerId, fw.frameworkId, {
        name: "t",
        task_id: { value: "t" },
        agent_id: { value: agentId },
        command: { value: "true" },
      }),
    );
    expect(accepted.status).toBe(202);
    const update = (await fw.stream.until((r) => r.event.type === "UPDATE")).at(-1)!;
    const parsed = JSON.parse(update.text) as { update: { status: Record<string, unknown> } };
    expect(Object.keys(parsed)).toEqual(["type", "update"]);
    expect(Object.keys(parsed.update.status)).toEqual([
      "task_id",
      "state",
      "message",
      "source",
      "reason",
      "agent_id",
      "timestamp",
    ]);
    expect(parsed.update.status).not.toHaveProperty("uuid");
    expect(parsed.update.status).toMatchObject({
      state: "TASK_ERROR",
      message: "Task uses no resources",
      source: "SOURCE_MASTER",
      reason: "REASON_TASK_INVALID",
    });
  });

  it("C035 SUBSCRIBE with an extra top-level key → 200 and SUBSCRIBED", async () => {
    const c = await start();
    const stream = track(await openSubscription(c.masterUrl, { ...subscribeCall(), foo: 1 }));
    expect(stream.status).toBe(200);
    expect((await stream.next())!.event.type).toBe("SUBSCRIBED");
  });

  it('C036 TEARDOWN with "type":"TEARDOWN " (trailing space) → 400 Expecting \'type\' to be present', async () => {
    const c = await start();
    const fw = await framework(c);
    const response = await call(c, fw, { type: "TEARDOWN ", framework_id: { value: fw.frameworkId } });
    expect(response.status).toBe(400);
    expect(response.text).toBe("Failed to validate scheduler::Call: Expecting 'type' to be present");
  });

  it("C037 {\"type\":1} → 400 Not expecting a JSON number for field 'type'", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, '{"type":1}');
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      "Failed to convert JSON into Call protobuf: Not expecting a JSON number for field 'type'",
    );
  });

  it('C038 SUBSCRIBE with "checkpoint":"true" succeeds; a later executor gets MESOS_CHECKPOINT=1', async () => {
    const captured = capturingExecutor();
    const c = await start({ executors: captured.executors });
    const fw = await framework(c, { ...FRAMEWORK_INFO, checkpoint: "true" });
    expect(fw.subscribed.event.type).toBe("SUBSCRIBED");
    await launchCustomExecutor(c, fw);
    const environment = await captured.environment;
    expect(environment.MESOS_CHECKPOINT).toBe("1");
  });

  it('C039 DECLINE with "offer_ids" as an object (not an array) → 202, the offer is withdrawn', async () => {
    const c = await start();
    const fw = await framework(c);
    const { offerId, agentId } = await offerOf(c, fw);
    const response = await call(c, fw, {
      type: "DECLINE",
      framework_id: { value: fw.frameworkId },
      decline: { offer_ids: { value: offerId } },
    });
    expect(response.status).toBe(202);
    expect(c.master.offersOf(fw.frameworkId).map((o) => o.id)).not.toContain(offerId);
    // On the wire: the offer can no longer be used.
    await call(
      c,
      fw,
      launch(offerId, fw.frameworkId, {
        name: "t",
        task_id: { value: "t" },
        agent_id: { value: agentId },
        resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 1 } }],
        command: { value: "true" },
      }),
    );
    const update = (await fw.stream.until((r) => r.event.type === "UPDATE")).at(-1)!.event;
    expect(update).toMatchObject({
      update: {
        status: {
          state: "TASK_LOST",
          message: `Task launched with invalid offers: Offer ${offerId} is no longer valid`,
        },
      },
    });
  });

  it('C040 DECLINE with "refuse_seconds":"10" → 202; no offer from that agent for 10 s', async () => {
    const c = await start();
    const fw = await framework(c);
    const { offerId, agentId } = await offerOf(c, fw);
    const response = await call(c, fw, {
      type: "DECLINE",
      framework_id: { value: fw.frameworkId },
      decline: { offer_ids: [{ value: offerId }], filters: { refuse_seconds: "10" } },
    });
    expect(response.status).toBe(202);
    const offersFromAgent = (records: StreamRecord<scheduler.Event>[]) =>
      records.filter(
        (r) => r.event.type === "OFFERS" && (r.event.offers.offers ?? []).some((o) => o.agent_id.value === agentId),
      );
    // Ten allocation rounds (one per second) go by without an offer ...
    for (let second = 1; second < 10; second++) await c.advance(1000);
    await c.advance(999);
    expect(offersFromAgent(await recordsBeforeSentinel(c.masterUrl, fw))).toEqual([]);
    // ... and once the 10 s filter has expired the agent is offered again.
    await c.advance(1001);
    const again = (await fw.stream.until((r) => r.event.type === "OFFERS")).at(-1)!;
    expect(offersFromAgent([again])).toHaveLength(1);
  });

  it("C041 ACKNOWLEDGE with a URL-safe base64 uuid → 400 Failed to base64 decode bytes field 'uuid'", async () => {
    const c = await start();
    const fw = await framework(c);
    const response = await call(c, fw, {
      type: "ACKNOWLEDGE",
      framework_id: { value: fw.frameworkId },
      acknowledge: { agent_id: { value: c.agents[0]!.id }, task_id: { value: "t" }, uuid: "Hw5qUow9-3qeIV1MOyoZCA==" },
    });
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      "Failed to convert JSON into Call protobuf: Failed to base64 decode bytes field 'uuid': Invalid character '-'",
    );
  });

  it('C042 custom executor SUBSCRIBED: framework_info carries "failover_timeout":0.0 and "checkpoint":false', async () => {
    let subscribed: StreamRecord<executor.Event> | undefined;
    const captured = capturingExecutor(async (env) => {
      const stream = await openStream(
        new URL(`http://${env.MESOS_AGENT_ENDPOINT}`),
        EXECUTOR_PATH,
        JSON.stringify({
          type: "SUBSCRIBE",
          framework_id: { value: env.MESOS_FRAMEWORK_ID },
          executor_id: { value: env.MESOS_EXECUTOR_ID },
          subscribe: {},
        }),
        { "Content-Type": "application/json", Accept: "application/json" },
        executor.Event,
      );
      try {
        subscribed = await stream.next();
      } finally {
        await stream.close();
      }
    });
    const c = await start({ executors: captured.executors });
    const fw = await framework(c); // neither failover_timeout nor checkpoint
    await launchCustomExecutor(c, fw);
    await captured.environment;
    await c.waitForEvent((e) => e.type === "FAILURE"); // the executor returned after reading SUBSCRIBED
    expect(subscribed?.event.type).toBe("SUBSCRIBED");
    // Only FrameworkInfo has these fields in an executor SUBSCRIBED event.
    expect(subscribed!.text).toContain('"failover_timeout":0.0');
    expect(subscribed!.text).toContain('"checkpoint":false');
    const parsed = JSON.parse(subscribed!.text) as { subscribed: { framework_info: Record<string, unknown> } };
    expect(parsed.subscribed.framework_info).toMatchObject({ failover_timeout: 0, checkpoint: false });
  });

  // mini-mesos: cluster.ts (masterInfoProvider) advertises only AGENT_UPDATE and AGENT_DRAINING; Mesos 1.11.0
  // also advertises QUOTA_V2 (= 3), unknown to the v1 enum, which JSON renders as a trailing `{}` (2.4).
  it("C043 SUBSCRIBED master_info.capabilities is exactly the 1.11.0 list with the trailing {}", async () => {
    const c = await start();
    const fw = await framework(c);
    expect(fw.subscribed.text).toContain('"capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{}]');
  });

  it("C048 JSON with trailing characters → 400 Parsed JSON included non-whitespace trailing characters: x", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, '{"type":"TEARDOWN","framework_id":{"value":"F"}}x');
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      "Failed to parse body into JSON: Parsed JSON included non-whitespace trailing characters: x",
    );
  });

  it('C049 {"x":1e400} → 400 Failed to parse body into JSON: Value out of range', async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, '{"x":1e400}');
    expect(response.status).toBe(400);
    expect(response.text).toBe("Failed to parse body into JSON: Value out of range");
  });
});

describe("mesos-protocol.md 9.3 SUBSCRIBE, failover, teardown (mini-mesos, raw HTTP)", () => {
  it("C050 two id-less SUBSCRIBEs on two connections → <M>-0000 and <M>-0001, both SUBSCRIBED", async () => {
    const c = await start();
    const first = await framework(c);
    const second = await framework(c);
    const masterId = (first.subscribed.event as Extract<scheduler.Event, { type: "SUBSCRIBED" }>).subscribed
      .master_info!.id;
    expect(first.frameworkId).toBe(`${masterId}-0000`);
    expect(second.frameworkId).toBe(`${masterId}-0001`);
    expect([first.subscribed.event.type, second.subscribed.event.type]).toEqual(["SUBSCRIBED", "SUBSCRIBED"]);
  });

  it("C051 non-MULTI_ROLE SUBSCRIBE with roles → 200, one ERROR, end of stream", async () => {
    const c = await start();
    const result = await subscribeError(c, { ...FRAMEWORK_INFO, roles: ["a"] });
    expect(result.status).toBe(200);
    expect(result.record?.event).toEqual(
      errorEvent("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable"),
    );
    expect(result.outcome).toBe("end");
  });

  it("C052 MULTI_ROLE SUBSCRIBE with role → ERROR", async () => {
    const c = await start();
    const result = await subscribeError(c, { ...FRAMEWORK_INFO, role: "a", capabilities: MULTI_ROLE });
    expect(result.record?.event).toEqual(
      errorEvent("'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable"),
    );
  });

  it("C053 MULTI_ROLE with duplicate roles → ERROR contains duplicate items", async () => {
    const c = await start();
    const result = await subscribeError(c, { ...FRAMEWORK_INFO, roles: ["a", "a"], capabilities: MULTI_ROLE });
    expect(result.record?.event).toEqual(errorEvent("'FrameworkInfo.roles' contains duplicate items: { a }"));
  });

  it("C054 MULTI_ROLE with role `a/` → ERROR invalid role", async () => {
    const c = await start();
    const result = await subscribeError(c, { ...FRAMEWORK_INFO, roles: ["a/"], capabilities: MULTI_ROLE });
    expect(result.record?.event).toEqual(
      errorEvent("'FrameworkInfo.roles' contains invalid role: Role 'a/' cannot end with a slash"),
    );
  });

  it("C055 suppressed role outside the roles → ERROR, then end of stream", async () => {
    const c = await start();
    const result = await subscribeError(
      c,
      { ...FRAMEWORK_INFO, roles: ["a"], capabilities: MULTI_ROLE },
      { suppressed_roles: ["b"] },
    );
    expect(result.record?.event).toEqual(errorEvent("Suppressed roles { b } are not contained in the set of roles"));
    expect(result.outcome).toBe("end");
  });

  it("C056 failover_timeout 1e10 → ERROR The framework failover_timeout (1e+10) is invalid", async () => {
    const c = await start();
    const result = await subscribeError(c, { ...FRAMEWORK_INFO, failover_timeout: 1e10 });
    expect(result.record?.event).toEqual(errorEvent("The framework failover_timeout (1e+10) is invalid"));
  });

  it("C057 re-SUBSCRIBE with id F → old stream gets ERROR Framework failed over and ends; new stream SUBSCRIBED F", async () => {
    const c = await start();
    const s1 = await framework(c);
    const s2 = await framework(c, FRAMEWORK_INFO, s1.frameworkId);
    expect(s2.streamId).not.toBe(s1.streamId);
    expect(s2.subscribed.event).toMatchObject({
      type: "SUBSCRIBED",
      subscribed: { framework_id: { value: s1.frameworkId } },
    });
    const old = await s1.stream.until((r) => r.event.type === "ERROR");
    expect(old.at(-1)!.event).toEqual(errorEvent("Framework failed over"));
    expect(await s1.stream.outcome()).toBe("end");
  });

  it("C058 after a failover, DECLINE with the old stream id → 400 stream id mismatch naming F", async () => {
    const c = await start();
    const s1 = await framework(c);
    await framework(c, FRAMEWORK_INFO, s1.frameworkId);
    const response = await postJson(
      c.masterUrl,
      { type: "DECLINE", framework_id: { value: s1.frameworkId }, decline: { offer_ids: [] } },
      { "Mesos-Stream-Id": s1.streamId },
    );
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      `The stream ID '${s1.streamId}' included in this request didn't match the stream ID currently associated with framework ID ${s1.frameworkId}`,
    );
  });

  it("C059 offer O held across a re-SUBSCRIBE: no RESCIND; ACCEPT(O) → TASK_LOST REASON_INVALID_OFFERS", async () => {
    const c = await start();
    const s1 = await framework(c);
    const { offerId, agentId } = await offerOf(c, s1);
    const s2 = await framework(c, FRAMEWORK_INFO, s1.frameworkId);
    const oldStream = await s1.stream.until((r) => r.event.type === "ERROR");
    expect(await s1.stream.outcome()).toBe("end");
    const accepted = await call(
      c,
      s2,
      launch(offerId, s1.frameworkId, {
        name: "t",
        task_id: { value: "t" },
        agent_id: { value: agentId },
        resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 1 } }],
        command: { value: "true" },
      }),
    );
    expect(accepted.status).toBe(202);
    const newStream = await s2.stream.until((r) => r.event.type === "UPDATE");
    await c.advance(2000); // a few allocation rounds: still no RESCIND anywhere
    const later = await recordsBeforeSentinel(c.masterUrl, s2);
    const rescinds = [...oldStream, ...newStream, ...later].filter((r) => r.event.type === "RESCIND");
    expect(rescinds).toEqual([]);
    expect(newStream.at(-1)!.event).toMatchObject({
      update: {
        status: {
          task_id: { value: "t" },
          state: "TASK_LOST",
          reason: "REASON_INVALID_OFFERS",
          message: `Task launched with invalid offers: Offer ${offerId} is no longer valid`,
        },
      },
    });
  });

  it("C060 SUBSCRIBE with a never-seen id fw-x (both fields) → SUBSCRIBED with framework_id fw-x", async () => {
    const c = await start();
    const fw = await framework(c, FRAMEWORK_INFO, "fw-x");
    expect(fw.subscribed.event).toMatchObject({ type: "SUBSCRIBED", subscribed: { framework_id: { value: "fw-x" } } });
    expect(fw.subscribed.text.startsWith('{"type":"SUBSCRIBED","subscribed":{"framework_id":{"value":"fw-x"}')).toBe(
      true,
    );
  });
});
