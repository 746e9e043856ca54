/**
 * Conformance of mini-mesos with mesos-protocol.md 9.3 (from C061) and 9.4
 * (C061–C100): subscription failover and teardown, offers, ACCEPT
 * validation, DECLINE, filters, REVIVE and SUPPRESS, over raw HTTP with a
 * JSON framework, on virtual time.
 */
import { AGENT_A, conformanceCluster } from "./conformance-cluster.js";
import { describe, expect, it } from "vitest";
import type { MiniMesos, MiniMesosOptions } from "../../testing/cluster.js";
import {
  ControlledExecutor,
  RawFramework,
  closeAllStreams,
  commandTask,
  executorTask,
  frameworkInfo,
  offered,
  post,
  scalar,
  subscribeRaw,
  type Json,
  expectMasterUpdate,
} from "./conformance-flow-helpers.js";

let cluster: MiniMesos | undefined;
const startCluster = conformanceCluster(() => closeAllStreams());
const start = async (options?: MiniMesosOptions): Promise<MiniMesos> => (cluster = await startCluster(options));

function subscribe(info: Json = frameworkInfo(), options: Parameters<typeof RawFramework.subscribe>[2] = {}) {
  return RawFramework.subscribe(cluster!.masterUrl, info, options);
}

/** Runs the allocation round a subscription triggered and returns the offers of the framework's next OFFERS event. */
async function offersNow(fw: RawFramework): Promise<Json[]> {
  await cluster!.advance(0);
  return fw.nextOffers();
}

/** Waits (real time) until the master noticed that the framework's stream is gone. */
async function disconnected(fw: RawFramework): Promise<void> {
  for (let i = 0; i < 200 && cluster!.master.frameworks.get(fw.id)?.connected; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(cluster!.master.frameworks.get(fw.id)?.connected ?? false).toBe(false);
}

const MR = { roles: ["web"], capabilities: [{ type: "MULTI_ROLE" }] };
const MR_RR = { roles: ["web"], capabilities: [{ type: "MULTI_ROLE" }, { type: "RESERVATION_REFINEMENT" }] };
const PA = { capabilities: [{ type: "PARTITION_AWARE" }] };

describe("9.3 SUBSCRIBE, failover, teardown (C061–C070)", () => {
  it("C061 SUBSCRIBE with id a/b → ERROR 'a/b' contains invalid characters", async () => {
    await start();
    const stream = await subscribeRaw(cluster!.masterUrl, frameworkInfo(), { frameworkId: "a/b" });
    expect(stream.status).toBe(200);
    expect(await stream.take()).toEqual({ type: "ERROR", error: { message: "'a/b' contains invalid characters" } });
    await stream.waitEnd();
    expect(stream.events).toHaveLength(1);
  });

  it("C062 TEARDOWN → 202, stream ends without a further record; SUBSCRIBE with F → ERROR Framework has been removed", async () => {
    await start();
    const fw = await subscribe();
    await offersNow(fw);
    await fw.barrier();
    const seen = fw.stream.events.length;
    const response = await fw.call("TEARDOWN");
    expect(response.status).toBe(202);
    await fw.stream.waitEnd();
    expect(fw.stream.events.length).toBe(seen);
    const again = await subscribeRaw(cluster!.masterUrl, frameworkInfo(), { frameworkId: fw.id });
    expect(await again.take()).toEqual({ type: "ERROR", error: { message: "Framework has been removed" } });
  });

  it("C063 after TEARDOWN → DECLINE with F and old S → 400 Framework cannot be found", async () => {
    await start();
    const fw = await subscribe();
    await fw.call202("TEARDOWN");
    await fw.stream.waitEnd();
    const response = await fw.call("DECLINE", { offer_ids: [] });
    expect(response.status).toBe(400);
    expect(response.body).toBe("Framework cannot be found");
  });

  it("C064 re-SUBSCRIBE with user b, checkpoint true → SUBSCRIBED; later executors still see user a and MESOS_CHECKPOINT=0", async () => {
    const executor = new ControlledExecutor();
    await start({ executors: { e1: executor.run } });
    const fw = await subscribe(frameworkInfo({ user: "a", checkpoint: false }));
    const again = await subscribe(frameworkInfo({ user: "b", checkpoint: true }), { frameworkId: fw.id });
    expect(again.id).toBe(fw.id);
    const [offer] = await offersNow(again);
    await again.launch([offer.id.value], [executorTask(offer, "t1", "e1")]);
    const env = await executor.environment;
    expect(env.MESOS_CHECKPOINT).toBe("0");
    const raw = await executor.client();
    const stream = await raw.subscribe();
    const subscribed = await stream.next("SUBSCRIBED");
    expect(subscribed.subscribed.framework_info.user).toBe("a");
    expect(subscribed.subscribed.framework_info.checkpoint).toBe(false);
  });

  it("C065 re-SUBSCRIBE adding principal p → ERROR Changing framework's principal is not allowed. on the new stream; old stream stays subscribed", async () => {
    await start();
    const fw = await subscribe();
    const stream = await subscribeRaw(cluster!.masterUrl, frameworkInfo({ principal: "p" }), { frameworkId: fw.id });
    expect(await stream.take()).toEqual({
      type: "ERROR",
      error: { message: "Changing framework's principal is not allowed." },
    });
    await stream.waitEnd();
    // The old stream id is still the framework's current one and its stream still carries events.
    const between = await fw.barrier();
    expect(between.filter((e) => e.type === "ERROR")).toEqual([]);
    expect(fw.stream.ended).toBe(false);
  });

  it("C066 MR fw with web suppressed disconnects → re-SUBSCRIBE with suppressed_roles [] → OFFERS for web resume without REVIVE", async () => {
    await start();
    const info = frameworkInfo({ ...MR, failover_timeout: 3600 });
    const fw = await subscribe(info, { suppressedRoles: ["web"] });
    await cluster!.advance(2000);
    expect((await fw.barrier()).filter((e) => e.type === "OFFERS")).toEqual([]);
    fw.stream.close();
    await disconnected(fw);
    const again = await subscribe(info, { frameworkId: fw.id, suppressedRoles: [] });
    const offers = await offersNow(again);
    expect(offers).toHaveLength(1);
    expect(offers[0].allocation_info).toEqual({ role: "web" });
    expect(cluster!.log.some((e) => e.kind === "call" && e.call.type === "REVIVE")).toBe(false);
  });

  it("C067 SUBSCRIBE with top-level framework_id but no framework_info.id → 400 'framework_id' differs", async () => {
    await start();
    const response = await post(new URL("/api/v1/scheduler", cluster!.masterUrl), {
      type: "SUBSCRIBE",
      framework_id: { value: "F" },
      subscribe: { framework_info: frameworkInfo() },
    });
    expect(response.status).toBe(400);
    expect(response.body).toBe(
      "Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'",
    );
  });

  it("C068 default failover_timeout, running task, stream closed → task killed on the agent; re-SUBSCRIBE → Framework has been removed", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "run-until-killed")]);
    await fw.nextUpdate("t1", "TASK_STARTING");
    fw.stream.close();
    await disconnected(fw);
    await cluster!.advance(0);
    const runtime = cluster!.agents[0]!.agent.executors.get(`${fw.id}/t1`)!;
    expect(runtime.tasks.get("t1")!.state).toBe("TASK_KILLED");
    // Its resources are free again: a new framework is offered the whole agent.
    const other = await subscribe();
    expect(offered((await offersNow(other))[0], "cpus")).toBe(4);
    const again = await subscribeRaw(cluster!.masterUrl, frameworkInfo(), { frameworkId: fw.id });
    expect(await again.take()).toEqual({ type: "ERROR", error: { message: "Framework has been removed" } });
  });

  it("C069 failover_timeout 60, TASK_RUNNING unacked, re-SUBSCRIBE after 5 s → SUBSCRIBED then TASK_RUNNING redelivered at once (same uuid)", async () => {
    await start();
    const info = frameworkInfo({ failover_timeout: 60 });
    const fw = await subscribe(info);
    const [offer] = await offersNow(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "run-until-killed")]);
    await fw.ackNext("t1", "TASK_STARTING");
    const running = await fw.nextUpdate("t1", "TASK_RUNNING");
    expect(running.uuid).toBeDefined();
    fw.stream.close();
    await disconnected(fw);
    await cluster!.advance(5000);
    const again = await subscribe(info, { frameworkId: fw.id });
    expect(again.subscribed.framework_id.value).toBe(fw.id);
    // No clock movement: the resend does not wait for the retry interval (10 s after the first send).
    const redelivered = await again.nextUpdate("t1");
    expect(redelivered.state).toBe("TASK_RUNNING");
    expect(redelivered.uuid).toBe(running.uuid);
  });

  it("C070 disconnected with outstanding offer O → reconnect → O not valid; fresh OFFERS with new ids", async () => {
    await start();
    const info = frameworkInfo({ failover_timeout: 3600 });
    const fw = await subscribe(info);
    const [old] = await offersNow(fw);
    fw.stream.close();
    await disconnected(fw);
    const again = await subscribe(info, { frameworkId: fw.id });
    const fresh = await offersNow(again);
    expect(fresh).toHaveLength(1);
    expect(fresh[0].id.value).not.toBe(old.id.value);
    await again.launch([old.id.value], [commandTask(old, "t1", "true")]);
    const lost = await again.nextUpdate("t1");
    expect(lost.state).toBe("TASK_LOST");
    expect(lost.message).toBe(`Task launched with invalid offers: Offer ${old.id.value} is no longer valid`);
  });
});

describe("9.4 offers, ACCEPT, DECLINE, filters (C071–C100)", () => {
  it("C071 non-MR non-RR fw → one offer, resources with role * and no allocation_info; exact OFFERS shape", async () => {
    await start();
    const fw = await subscribe();
    await cluster!.advance(0);
    const event = await fw.stream.next("OFFERS");
    expect(Object.keys(event)).toEqual(["type", "offers"]);
    expect(Object.keys(event.offers)).toEqual(["offers"]);
    expect(event.offers.offers).toHaveLength(1);
    const offer = event.offers.offers[0];
    expect(offer).not.toHaveProperty("allocation_info");
    expect(offer.resources.length).toBeGreaterThan(0);
    for (const resource of offer.resources) {
      expect(resource.role).toBe("*");
      expect(resource).not.toHaveProperty("allocation_info");
    }
  });

  it("C072 MR+RR fw role web → offer and every resource carry allocation_info {role: web}; no role key", async () => {
    await start();
    const fw = await subscribe(frameworkInfo(MR_RR));
    const [offer] = await offersNow(fw);
    expect(offer.allocation_info).toEqual({ role: "web" });
    for (const resource of offer.resources) {
      expect(resource.allocation_info).toEqual({ role: "web" });
      expect(resource).not.toHaveProperty("role");
    }
  });

  for (const [id, info, state] of [
    ["C073", frameworkInfo(), "TASK_LOST"],
    ["C074", frameworkInfo(PA), "TASK_DROPPED"],
  ] as const) {
    it(`${id} ${id === "C074" ? "PA" : "non-PA"} fw → ACCEPT with offer_ids [] → ${state}, SOURCE_MASTER, REASON_INVALID_OFFERS, No offers specified, no uuid`, async () => {
      await start();
      const fw = await subscribe(info);
      const [offer] = await offersNow(fw);
      await fw.launch([], [commandTask(offer, "t1", "true")]);
      const status = await fw.nextUpdate("t1");
      expectMasterUpdate(status, {
        state,
        source: "SOURCE_MASTER",
        reason: "REASON_INVALID_OFFERS",
        message: "Task launched with invalid offers: No offers specified",
      });
    });
  }

  it("C075 ACCEPT listing O twice → TASK_LOST Duplicate offer O; O withdrawn and re-offered on a later round without waiting 5 s", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    const o = offer.id.value;
    await fw.launch([o, o], [commandTask(offer, "t1", "true")]);
    const status = await fw.nextUpdate("t1");
    expect(status.state).toBe("TASK_LOST");
    expect(status.message).toBe(`Task launched with invalid offers: Duplicate offer ${o} in offer list`);
    await cluster!.advance(1000);
    const [again] = await fw.nextOffers();
    expect(again.agent_id).toEqual(offer.agent_id);
    expect(again.id.value).not.toBe(o);
    expect(offered(again, "cpus")).toBe(4);
  });

  it("C076 ACCEPT [O1 (A1), O2 (A2)] → Aggregated offers must belong to one single agent. Offer O2 uses agent A2 and agent A1", async () => {
    await start({ agents: [{ resources: AGENT_A }, { resources: AGENT_A }] });
    const fw = await subscribe();
    const offers = await offersNow(fw);
    expect(offers).toHaveLength(2);
    const [o1, o2] = offers;
    expect(o1.agent_id.value).not.toBe(o2.agent_id.value);
    await fw.launch([o1.id.value, o2.id.value], [commandTask(o1, "t1", "true")]);
    const status = await fw.nextUpdate("t1");
    expect(status.state).toBe("TASK_LOST");
    expect(status.message).toBe(
      `Task launched with invalid offers: Aggregated offers must belong to one single agent. Offer ${o2.id.value} uses agent ${o2.agent_id.value} and agent ${o1.agent_id.value}`,
    );
  });

  it("C077 LAUNCH a task without resources → TASK_ERROR, REASON_TASK_INVALID, Task uses no resources, no uuid", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "true", [])]);
    const status = await fw.nextUpdate("t1");
    expectMasterUpdate(status, {
      state: "TASK_ERROR",
      reason: "REASON_TASK_INVALID",
      message: "Task uses no resources",
    });
  });

  it("C078 non-MR fw, 4-cpu offer → task with cpus:8 → TASK_ERROR with the whole remaining pool, ports first", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "true", [scalar("cpus", 8)])]);
    const status = await fw.nextUpdate("t1");
    expect(status.state).toBe("TASK_ERROR");
    expect(status.message).toBe(
      "Total resources cpus(allocated: *):8 required by task and its executor is more than available " +
        "ports(allocated: *):[31000-32000]; cpus(allocated: *):4; mem(allocated: *):1024; disk(allocated: *):2048",
    );
  });

  it("C079 task with both command and executor → TASK_ERROR at least one (but not both)", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    const task = { ...executorTask(offer, "t1", "e1"), command: { value: "true" } };
    await fw.launch([offer.id.value], [task]);
    const status = await fw.nextUpdate("t1");
    expect(status.state).toBe("TASK_ERROR");
    expect(status.message).toBe("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
  });

  it("C080 offer on A1, task with agent_id A2 → TASK_ERROR Task uses invalid agent A2 while agent A1 is expected", async () => {
    await start({ agents: [{ resources: AGENT_A }, { resources: AGENT_A }] });
    const fw = await subscribe();
    const [o1, o2] = await offersNow(fw);
    const a1 = o1.agent_id.value;
    const a2 = o2.agent_id.value;
    await fw.launch([o1.id.value], [{ ...commandTask(o1, "t1", "true"), agent_id: { value: a2 } }]);
    const status = await fw.nextUpdate("t1");
    expect(status.state).toBe("TASK_ERROR");
    expect(status.message).toBe(`Task uses invalid agent ${a2} while agent ${a1} is expected`);
  });

  it("C081 one LAUNCH with two tasks t1 → second TASK_ERROR Task has duplicate ID: t1; first proceeds (TASK_STARTING later)", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    const task = commandTask(offer, "t1", "run-until-killed");
    await fw.launch([offer.id.value], [task, task]);
    const first = await fw.nextUpdate("t1");
    expect(first.state).toBe("TASK_ERROR");
    expect(first.message).toBe("Task has duplicate ID: t1");
    const second = await fw.nextUpdate("t1");
    expect(second.state).toBe("TASK_STARTING");
  });

  it("C082 t1 FINISHED unacked → LAUNCH t1 duplicate; after ack: at once TASK_LOST Cannot reuse..., a second later TASK_STARTING", async () => {
    await start();
    const fw = await subscribe();
    let [offer] = await offersNow(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "true")], { refuse_seconds: 0 });
    await fw.ackNext("t1", "TASK_STARTING");
    await fw.ackNext("t1", "TASK_RUNNING");
    const finished = await fw.nextUpdate("t1", "TASK_FINISHED");
    await cluster!.advance(1000);
    [offer] = await fw.nextOffers();
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "true")], { refuse_seconds: 0 });
    const duplicate = await fw.nextUpdate("t1");
    expect(duplicate.state).toBe("TASK_ERROR");
    expect(duplicate.message).toBe("Task has duplicate ID: t1");
    await fw.ack(finished);
    // At once: a REVIVE round at the same instant provides the offer.
    await fw.call202("REVIVE");
    [offer] = await offersNow(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "true")], { refuse_seconds: 0 });
    const lost = await fw.nextUpdate("t1");
    expect(lost).toMatchObject({
      state: "TASK_LOST",
      source: "SOURCE_AGENT",
      reason: "REASON_TASK_INVALID",
      message: "Cannot reuse an already existing executor for a command task",
    });
    expect(lost.uuid).toBeDefined();
    await fw.ack(lost);
    await cluster!.advance(1000);
    [offer] = await fw.nextOffers();
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "true")]);
    expect((await fw.nextUpdate("t1")).state).toBe("TASK_STARTING");
  });

  /** A LAUNCH_GROUP operation with the default executor `E` and two tasks. */
  function launchGroup(offer: Json, executor: Json): Json {
    const task = (id: string): Json => ({
      name: id,
      task_id: { value: id },
      agent_id: offer.agent_id,
      resources: [scalar("cpus", 0.5), scalar("mem", 64)],
      command: { value: "true" },
    });
    return {
      type: "LAUNCH_GROUP",
      launch_group: {
        executor: { type: "DEFAULT", executor_id: { value: "E" }, ...executor },
        task_group: { tasks: [task("g1"), task("g2")] },
      },
    };
  }

  for (const [id, title, executor, message] of [
    [
      "C083",
      "default executor lacking framework_id",
      { resources: [scalar("cpus", 0.1), scalar("mem", 32), scalar("disk", 32)] },
      "'ExecutorInfo.framework_id' must be set",
    ],
    [
      "C084",
      "executor E with cpus:0.1;mem:32 and no disk",
      { resources: [scalar("cpus", 0.1), scalar("mem", 32)] },
      "Executor 'E' uses no disk",
    ],
    [
      "C085",
      "executor E with mem:16",
      { resources: [scalar("cpus", 0.1), scalar("mem", 16), scalar("disk", 32)] },
      "Executor 'E' uses less memory (16MB) than the minimum required (32MB)",
    ],
  ] as const) {
    it(`${id} LAUNCH_GROUP, ${title} → every task TASK_ERROR, REASON_TASK_GROUP_INVALID, ${message}`, async () => {
      await start();
      const fw = await subscribe();
      const [offer] = await offersNow(fw);
      const withFramework = id === "C083" ? executor : { ...executor, framework_id: { value: fw.id } };
      await fw.accept([offer.id.value], [launchGroup(offer, withFramework)]);
      for (const task of ["g1", "g2"]) {
        const status = await fw.nextUpdate(task);
        expect(status).toMatchObject({ state: "TASK_ERROR", reason: "REASON_TASK_GROUP_INVALID", message });
      }
    });
  }

  it("C086 LAUNCH operation with id → each task TASK_ERROR, REASON_TASK_INVALID, The `id` field cannot be set on LAUNCH operations", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    await fw.accept(
      [offer.id.value],
      [
        {
          type: "LAUNCH",
          id: { value: "op" },
          launch: { task_infos: [commandTask(offer, "t1", "true"), commandTask(offer, "t2", "true")] },
        },
      ],
    );
    for (const task of ["t1", "t2"]) {
      expect(await fw.nextUpdate(task)).toMatchObject({
        state: "TASK_ERROR",
        reason: "REASON_TASK_INVALID",
        message: "The `id` field cannot be set on LAUNCH operations",
      });
    }
  });

  it("C087 ACCEPT(O) with one operation without type → 202, no events; O consumed; not re-offered for ≥ 5 s", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    const response = await fw.call("ACCEPT", { offer_ids: [offer.id], operations: [{}] });
    expect(response.status).toBe(202);
    expect(await fw.barrier()).toEqual([]);
    await cluster!.advance(4900);
    expect(await fw.barrier()).toEqual([]);
    await cluster!.advance(1100);
    const [again] = await fw.nextOffers();
    expect(again.agent_id).toEqual(offer.agent_id);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "true")]);
    expect((await fw.nextUpdate("t1")).message).toBe(
      `Task launched with invalid offers: Offer ${offer.id.value} is no longer valid`,
    );
  });

  it("C088 ACCEPT launching 1 of 4 cpus without filters → the 3 cpus left are not offered for ≥ 5 s, then offered", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "run-until-killed")]);
    await cluster!.advance(4900);
    expect((await fw.barrier()).filter((e) => e.type === "OFFERS")).toEqual([]);
    await cluster!.advance(1100);
    const [again] = await fw.nextOffers();
    expect(offered(again, "cpus")).toBe(3);
  });

  it("C089 same with refuse_seconds 0 → the remainder is offered on the next allocation tick (≈1 s)", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "run-until-killed")], { refuse_seconds: 0 });
    await cluster!.advance(1000);
    const [again] = await fw.nextOffers();
    expect(offered(again, "cpus")).toBe(3);
  });

  it("C090 DECLINE with refuse_seconds 0 → new offer for the same agent within ≈1 s", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    await fw.call202("DECLINE", { offer_ids: [offer.id], filters: { refuse_seconds: 0 } });
    await cluster!.advance(1000);
    const [again] = await fw.nextOffers();
    expect(again.agent_id).toEqual(offer.agent_id);
  });

  it("C091 DECLINE without filters → no offer for that agent/role during the next 5 s", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    await fw.call202("DECLINE", { offer_ids: [offer.id] });
    await cluster!.advance(4900);
    expect((await fw.barrier()).filter((e) => e.type === "OFFERS")).toEqual([]);
  });

  it("C092 after C091 → REVIVE → new offer for that agent immediately", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    await fw.call202("DECLINE", { offer_ids: [offer.id] });
    await cluster!.advance(1000);
    await fw.call202("REVIVE");
    await cluster!.advance(0);
    const [again] = await fw.nextOffers();
    expect(again.agent_id).toEqual(offer.agent_id);
    expect(offered(again, "cpus")).toBe(4);
  });

  it("C093 SUPPRESS → outstanding O not rescinded, no new OFFERS; REVIVE → OFFERS resume", async () => {
    await start({ agents: [{ resources: AGENT_A }, { resources: AGENT_A }] });
    const fw = await subscribe();
    const [o1, o2] = await offersNow(fw);
    await fw.call202("SUPPRESS");
    await fw.call202("DECLINE", { offer_ids: [o2.id], filters: { refuse_seconds: 0 } });
    await cluster!.advance(3000);
    const quiet = await fw.barrier();
    expect(quiet.filter((e) => e.type === "OFFERS" || e.type === "RESCIND")).toEqual([]);
    // O1 is still valid: a task launched on it starts.
    await fw.launch([o1.id.value], [commandTask(o1, "t1", "run-until-killed")], { refuse_seconds: 0 });
    expect((await fw.nextUpdate("t1")).state).toBe("TASK_STARTING");
    await fw.call202("REVIVE");
    const offers = await offersNow(fw);
    expect(offers.map((o: Json) => o.agent_id.value)).toContain(o2.agent_id.value);
  });

  it("C094 MR fw roles [web] → SUPPRESS {roles:[nope]} → 202; offers keep coming", async () => {
    await start();
    const fw = await subscribe(frameworkInfo(MR));
    const [offer] = await offersNow(fw);
    const response = await fw.call("SUPPRESS", { roles: ["nope"] });
    expect(response.status).toBe(202);
    await fw.call202("DECLINE", { offer_ids: [offer.id], filters: { refuse_seconds: 0 } });
    await cluster!.advance(1000);
    const [again] = await fw.nextOffers();
    expect(again.allocation_info).toEqual({ role: "web" });
  });

  it("C095 MR+RR fw → RESERVE 1 cpu with id op1 → OPERATION_FINISHED with uuid and agent_id; next OFFERS hold the DYNAMIC reservation", async () => {
    await start();
    const fw = await subscribe(frameworkInfo(MR_RR));
    const [offer] = await offersNow(fw);
    const reserved = scalar("cpus", 1, {
      allocation_info: { role: "web" },
      reservations: [{ type: "DYNAMIC", role: "web" }],
    });
    await fw.accept([offer.id.value], [{ type: "RESERVE", id: { value: "op1" }, reserve: { resources: [reserved] } }]);
    const update = await fw.stream.next("UPDATE_OPERATION_STATUS");
    const status = update.update_operation_status.status;
    expect(status.operation_id).toEqual({ value: "op1" });
    expect(status.state).toBe("OPERATION_FINISHED");
    expect(typeof status.uuid.value).toBe("string");
    expect(status.agent_id).toEqual(offer.agent_id);
    await cluster!.advance(1000);
    const [again] = await fw.nextOffers();
    const cpus = again.resources.find((r: Json) => r.name === "cpus" && r.reservations);
    expect(cpus.scalar.value).toBe(1);
    expect(cpus.reservations).toHaveLength(1);
    expect(cpus.reservations[0]).toMatchObject({ type: "DYNAMIC", role: "web" });
  });

  it("C096 RESERVE with id of resources not in the offers → OPERATION_ERROR <pool> does not contain <resources>, no uuid, no agent_id", async () => {
    await start();
    const fw = await subscribe(frameworkInfo(MR_RR));
    const [offer] = await offersNow(fw);
    const tooMuch = scalar("cpus", 100, {
      allocation_info: { role: "web" },
      reservations: [{ type: "DYNAMIC", role: "web" }],
    });
    await fw.accept([offer.id.value], [{ type: "RESERVE", id: { value: "op1" }, reserve: { resources: [tooMuch] } }]);
    const status = (await fw.stream.next("UPDATE_OPERATION_STATUS")).update_operation_status.status;
    expect(status.state).toBe("OPERATION_ERROR");
    expect(status.message).toMatch(/^.+ does not contain .+$/);
    expect(status).not.toHaveProperty("uuid");
    expect(status).not.toHaveProperty("agent_id");
  });

  it("C097 RESERVE with id of a role * resource with reservation {} → OPERATION_ERROR invalid reservation", async () => {
    await start();
    const fw = await subscribe();
    const [offer] = await offersNow(fw);
    const star = scalar("cpus", 1, { role: "*", reservation: {} });
    await fw.accept([offer.id.value], [{ type: "RESERVE", id: { value: "op1" }, reserve: { resources: [star] } }]);
    const status = (await fw.stream.next("UPDATE_OPERATION_STATUS")).update_operation_status.status;
    expect(status.state).toBe("OPERATION_ERROR");
    expect(status.message.startsWith("Operation attempted with invalid resources: Resource '")).toBe(true);
    expect(status.message.endsWith('is invalid: Invalid reservation: role "*" cannot be dynamically reserved')).toBe(
      true,
    );
  });

  it("C098 persistent volume offered → UNRESERVE of the volume with id → OPERATION_ERROR cannot be unreserved directly", async () => {
    await start();
    const fw = await subscribe(frameworkInfo(MR_RR));
    const [offer] = await offersNow(fw);
    const reservedDisk = scalar("disk", 512, {
      allocation_info: { role: "web" },
      reservations: [{ type: "DYNAMIC", role: "web" }],
    });
    const volume = {
      ...reservedDisk,
      disk: { persistence: { id: "vol-1" }, volume: { mode: "RW", container_path: "data" } },
    };
    await fw.accept(
      [offer.id.value],
      [
        { type: "RESERVE", reserve: { resources: [reservedDisk] } },
        { type: "CREATE", create: { volumes: [volume] } },
      ],
      { refuse_seconds: 0 },
    );
    await cluster!.advance(1000);
    const [again] = await fw.nextOffers();
    const offeredVolume = again.resources.find((r: Json) => r.disk?.persistence?.id === "vol-1");
    expect(offeredVolume).toBeDefined();
    await fw.accept(
      [again.id.value],
      [{ type: "UNRESERVE", id: { value: "op2" }, unreserve: { resources: [offeredVolume] } }],
    );
    const status = (await fw.stream.next("UPDATE_OPERATION_STATUS")).update_operation_status.status;
    expect(status.state).toBe("OPERATION_ERROR");
    expect(status.message).toContain("cannot be unreserved directly");
  });

  it("C099 CREATE volume on unreserved disk with id → OPERATION_ERROR Persistent volumes cannot be created from unreserved resources", async () => {
    await start();
    const fw = await subscribe(frameworkInfo(MR_RR));
    const [offer] = await offersNow(fw);
    const volume = scalar("disk", 512, {
      allocation_info: { role: "web" },
      disk: { persistence: { id: "vol-1" }, volume: { mode: "RW", container_path: "data" } },
    });
    await fw.accept([offer.id.value], [{ type: "CREATE", id: { value: "op1" }, create: { volumes: [volume] } }]);
    const status = (await fw.stream.next("UPDATE_OPERATION_STATUS")).update_operation_status.status;
    expect(status.state).toBe("OPERATION_ERROR");
    expect(status.message).toContain("Persistent volumes cannot be created from unreserved resources");
  });

  it("C100 F2 DECLINEs F1's offer O → 202; O disappears for F1 without RESCIND and is not re-offered to F1 for ≥ 5 s", async () => {
    await start();
    const f1 = await subscribe();
    const [offer] = await offersNow(f1);
    const f2 = await subscribe();
    await f2.call202("SUPPRESS");
    const response = await f2.call("DECLINE", { offer_ids: [offer.id] });
    expect(response.status).toBe(202);
    await cluster!.advance(4900);
    expect((await f1.barrier()).filter((e) => e.type === "OFFERS" || e.type === "RESCIND")).toEqual([]);
    await cluster!.advance(1100);
    const [again] = await f1.nextOffers();
    expect(again.agent_id).toEqual(offer.agent_id);
    expect(again.id.value).not.toBe(offer.id.value);
    await f1.launch([offer.id.value], [commandTask(offer, "t1", "true")]);
    expect((await f1.nextUpdate("t1")).message).toBe(
      `Task launched with invalid offers: Offer ${offer.id.value} is no longer valid`,
    );
    expect(f2.stream.events.filter((e) => e.type === "OFFERS")).toEqual([]);
  });
});
