/**
 * Conformance of mini-mesos with mesos-protocol.md 9.5 and 9.6 (C101–C135):
 * KILL, SHUTDOWN, ACKNOWLEDGE, reconciliation, UPDATE_FRAMEWORK, MESSAGE,
 * agent loss and the executor API, over raw HTTP (a JSON framework and raw
 * executors driving the agents' executor endpoints), on virtual time.
 */
import { AGENT_A, conformanceCluster } from "./conformance-cluster.js";
import { describe, expect, it } from "vitest";
import type { MiniMesos, MiniMesosOptions } from "../../testing/cluster.js";
import {
  ControlledExecutor,
  RawExecutor,
  RawFramework,
  VALID_UUID,
  closeAllStreams,
  commandTask,
  executorTask,
  frameworkInfo,
  post,
  type Json,
  expectMasterUpdate,
} from "./conformance-flow-helpers.js";

let cluster: MiniMesos | undefined;
const startCluster = conformanceCluster(() => closeAllStreams());
const start = async (options?: MiniMesosOptions): Promise<MiniMesos> => (cluster = await startCluster(options));

function subscribe(info: Json = frameworkInfo()) {
  return RawFramework.subscribe(cluster!.masterUrl, info);
}

/** Runs the pending allocation round and returns the framework's first offer. */
async function firstOffer(fw: RawFramework): Promise<Json> {
  await cluster!.advance(0);
  return (await fw.nextOffers())[0];
}

const PA = { capabilities: [{ type: "PARTITION_AWARE" }] };

/** A framework with a custom executor `E` (in-process, driven by the test) that got task `t1`. */
async function withExecutor(info: Json = frameworkInfo()) {
  const executor = new ControlledExecutor();
  await start({ executors: { E: executor.run } });
  const fw = await subscribe(info);
  const offer = await firstOffer(fw);
  await fw.launch([offer.id.value], [executorTask(offer, "t1", "E")]);
  const raw = await executor.client();
  return { fw, offer, executor, raw };
}

describe("9.5 KILL, SHUTDOWN, ACKNOWLEDGE, reconciliation (C101–C123)", () => {
  it("C101 non-PA fw → KILL unknown task x without agent_id → TASK_LOST, REASON_RECONCILIATION, Reconciliation: Task is unknown, no uuid", async () => {
    await start();
    const fw = await subscribe();
    await fw.call202("KILL", { task_id: { value: "x" } });
    const status = await fw.nextUpdate("x");
    expectMasterUpdate(status, {
      state: "TASK_LOST",
      reason: "REASON_RECONCILIATION",
      message: "Reconciliation: Task is unknown",
    });
  });

  it("C102 PA fw → KILL unknown task with registered agent A → TASK_GONE, Reconciliation: Task is unknown to the agent, agent_id A", async () => {
    await start();
    const fw = await subscribe(frameworkInfo(PA));
    const agentId = (await firstOffer(fw)).agent_id;
    await fw.call202("KILL", { task_id: { value: "x" }, agent_id: agentId });
    const status = await fw.nextUpdate("x");
    expect(status).toMatchObject({
      state: "TASK_GONE",
      message: "Reconciliation: Task is unknown to the agent",
      agent_id: agentId,
    });
  });

  it("C103 task t on A → KILL t with agent_id B → 202, no event", async () => {
    await start({ agents: [{ resources: AGENT_A }, { resources: AGENT_A }] });
    const fw = await subscribe();
    await cluster!.advance(0);
    const [onA, onB] = await fw.nextOffers();
    await fw.launch([onA.id.value], [commandTask(onA, "t", "run-until-killed")]);
    await fw.ackNext("t", "TASK_STARTING");
    await fw.ackNext("t", "TASK_RUNNING");
    await fw.barrier();
    const response = await fw.call("KILL", { task_id: { value: "t" }, agent_id: onB.agent_id });
    expect(response.status).toBe(202);
    expect(await fw.barrier()).toEqual([]);
  });

  it("C104 running command task t → KILL t → TASK_KILLED with source SOURCE_EXECUTOR and a uuid", async () => {
    await start();
    const fw = await subscribe();
    const offer = await firstOffer(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t", "run-until-killed")]);
    await fw.ackNext("t", "TASK_STARTING");
    await fw.ackNext("t", "TASK_RUNNING");
    await fw.call202("KILL", { task_id: { value: "t" } });
    const killed = await fw.nextUpdate("t");
    expect(killed.state).toBe("TASK_KILLED");
    expect(killed.source).toBe("SOURCE_EXECUTOR");
    expect(Buffer.from(killed.uuid, "base64")).toHaveLength(16);
  });

  it("C105 custom executor not yet subscribed, task t queued → KILL t → TASK_KILLED, SOURCE_AGENT, REASON_TASK_KILLED_DURING_LAUNCH, with uuid", async () => {
    const { fw, executor } = await withExecutor();
    await executor.environment;
    await fw.call202("KILL", { task_id: { value: "t1" } });
    const killed = await fw.nextUpdate("t1");
    expect(killed).toMatchObject({
      state: "TASK_KILLED",
      source: "SOURCE_AGENT",
      reason: "REASON_TASK_KILLED_DURING_LAUNCH",
      message: "Killed before delivery to the executor",
    });
    expect(Buffer.from(killed.uuid, "base64")).toHaveLength(16);
  });

  for (const [id, uuid, what] of [
    ["C106", Buffer.alloc(15, 0x41).toString("base64"), "a uuid of 15 bytes"],
    ["C107", "AAAAAAAAAAAAAAAAAAAAAA==", "16 zero bytes"],
  ] as const) {
    it(`${id} ACKNOWLEDGE with ${what} → 400 Failed to validate scheduler::Call: Not a valid UUID`, async () => {
      await start();
      const fw = await subscribe();
      const response = await fw.call("ACKNOWLEDGE", {
        agent_id: { value: cluster!.agents[0]!.id },
        task_id: { value: "t" },
        uuid,
      });
      expect(response.status).toBe(400);
      expect(response.body).toBe("Failed to validate scheduler::Call: Not a valid UUID");
    });
  }

  it("C108 TASK_STARTING never acknowledged → re-sent at ≈10 s and ≈30 s (same uuid), TASK_RUNNING never delivered; C109 ack → TASK_RUNNING at once", async () => {
    await start();
    const fw = await subscribe();
    const offer = await firstOffer(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t", "run-until-killed")]);
    const starting = await fw.nextUpdate("t", "TASK_STARTING");
    const updates = (events: Json[]) => events.filter((e) => e.type === "UPDATE").map((e) => e.update.status);
    await cluster!.advance(9_900);
    expect(updates(await fw.barrier())).toEqual([]);
    await cluster!.advance(200);
    const first = updates(await fw.barrier());
    expect(first.map((s) => [s.state, s.uuid])).toEqual([["TASK_STARTING", starting.uuid]]);
    await cluster!.advance(19_800);
    expect(updates(await fw.barrier())).toEqual([]);
    await cluster!.advance(200);
    const second = updates(await fw.barrier());
    expect(second.map((s) => [s.state, s.uuid])).toEqual([["TASK_STARTING", starting.uuid]]);
    // C109: acknowledging TASK_STARTING releases TASK_RUNNING without any clock movement.
    await fw.ack(starting);
    const running = await fw.nextUpdate("t");
    expect(running.state).toBe("TASK_RUNNING");
  });

  it("C109 after C108 → ACKNOWLEDGE TASK_STARTING → TASK_RUNNING delivered immediately", async () => {
    await start();
    const fw = await subscribe();
    const offer = await firstOffer(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t", "run-until-killed")]);
    const starting = await fw.nextUpdate("t", "TASK_STARTING");
    await cluster!.advance(31_000);
    await fw.barrier();
    await fw.ack(starting);
    const next = await fw.nextUpdate("t");
    expect(next.state).toBe("TASK_RUNNING");
    expect(next.uuid).not.toBe(starting.uuid);
  });

  it("C110 t1 RUNNING and t2 FINISHED unacked → RECONCILE {} → two UPDATEs, REASON_RECONCILIATION, Latest task state, SOURCE_MASTER, no uuid", async () => {
    await start();
    const fw = await subscribe();
    const offer = await firstOffer(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t1", "run-until-killed"), commandTask(offer, "t2", "true")]);
    await fw.ackNext("t1", "TASK_STARTING");
    await fw.ackNext("t1", "TASK_RUNNING");
    await fw.ackNext("t2", "TASK_STARTING");
    await fw.ackNext("t2", "TASK_RUNNING");
    await fw.nextUpdate("t2", "TASK_FINISHED");
    await fw.barrier();
    await fw.call202("RECONCILE", {});
    const answers = (await fw.barrier()).filter((e) => e.type === "UPDATE").map((e) => e.update.status);
    expect(answers.map((s) => [s.task_id.value, s.state]).sort()).toEqual([
      ["t1", "TASK_RUNNING"],
      ["t2", "TASK_FINISHED"],
    ]);
    for (const status of answers) {
      expectMasterUpdate(status, {
        reason: "REASON_RECONCILIATION",
        message: "Reconciliation: Latest task state",
        source: "SOURCE_MASTER",
      });
    }
  });

  it("C111 RECONCILE without the reconcile key → 400 Expecting 'reconcile' to be present", async () => {
    await start();
    const fw = await subscribe();
    const response = await fw.call("RECONCILE");
    expect(response.status).toBe(400);
    expect(response.body).toBe("Failed to validate scheduler::Call: Expecting 'reconcile' to be present");
  });

  it("C112 non-PA fw, task t finished and acked on A → explicit RECONCILE {t, A} → TASK_LOST, Reconciliation: Task is unknown to the agent", async () => {
    await start();
    const fw = await subscribe();
    const offer = await firstOffer(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t", "true")]);
    await fw.ackNext("t", "TASK_STARTING");
    await fw.ackNext("t", "TASK_RUNNING");
    await fw.ackNext("t", "TASK_FINISHED");
    await fw.call202("RECONCILE", { tasks: [{ task_id: { value: "t" }, agent_id: offer.agent_id }] });
    const status = await fw.nextUpdate("t");
    expect(status.state).toBe("TASK_LOST");
    expect(status.message).toBe("Reconciliation: Task is unknown to the agent");
  });

  it("C113 PA fw → explicit RECONCILE {x, agent Z never seen} → TASK_UNKNOWN, Reconciliation: Task is unknown", async () => {
    await start();
    const fw = await subscribe(frameworkInfo(PA));
    await fw.call202("RECONCILE", { tasks: [{ task_id: { value: "x" }, agent_id: { value: "Z" } }] });
    const status = await fw.nextUpdate("x");
    expect(status.state).toBe("TASK_UNKNOWN");
    expect(status.message).toBe("Reconciliation: Task is unknown");
  });

  it("C114 RECONCILE_OPERATIONS for an unknown op without agent → OPERATION_UNKNOWN, no 'agent_id' was provided, no uuid", async () => {
    await start();
    const fw = await subscribe();
    await fw.call202("RECONCILE_OPERATIONS", { operations: [{ operation_id: { value: "op-x" } }] });
    const status = (await fw.stream.next("UPDATE_OPERATION_STATUS")).update_operation_status.status;
    expect(status.operation_id).toEqual({ value: "op-x" });
    expect(status.state).toBe("OPERATION_UNKNOWN");
    expect(status.message).toBe("Reconciliation: Operation is unknown and no 'agent_id' was provided");
    expect(status).not.toHaveProperty("uuid");
  });

  it("C115 ACKNOWLEDGE_OPERATION_STATUS without agent_id → 400 Expecting 'agent_id' to be present", async () => {
    await start();
    const fw = await subscribe();
    const response = await fw.call("ACKNOWLEDGE_OPERATION_STATUS", {
      uuid: VALID_UUID,
      operation_id: { value: "op" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toBe("Failed to validate scheduler::Call: Expecting 'agent_id' to be present");
  });

  it("C116 fw user a → UPDATE_FRAMEWORK with user b → 400 Updating 'FrameworkInfo.user' is unsupported", async () => {
    await start();
    const info = frameworkInfo({ user: "a" });
    const fw = await subscribe(info);
    const response = await fw.call("UPDATE_FRAMEWORK", {
      framework_info: { ...info, user: "b", id: { value: fw.id } },
    });
    expect(response.status).toBe(400);
    expect(response.body).toBe(
      "FrameworkInfo update is not valid: Updating 'FrameworkInfo.user' is unsupported; attempted to update from 'a' to 'b'",
    );
  });

  it("C117 MR fw roles [a,b] holding an offer for b → UPDATE_FRAMEWORK roles [a] → 200 (empty body) and RESCIND for that offer", async () => {
    await start({ agents: [{ resources: "cpus:2;mem:512;cpus(b):1;mem(b):64" }] });
    const info = frameworkInfo({ roles: ["a", "b"], capabilities: [{ type: "MULTI_ROLE" }] });
    const fw = await subscribe(info);
    await cluster!.advance(0);
    const offers = await fw.nextOffers();
    const forB = offers.find((o: Json) => o.allocation_info.role === "b");
    expect(forB).toBeDefined();
    const response = await fw.call("UPDATE_FRAMEWORK", {
      framework_info: { ...info, roles: ["a"], id: { value: fw.id } },
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe("");
    const rescinds = (await fw.barrier()).filter((e) => e.type === "RESCIND");
    expect(rescinds).toEqual([{ type: "RESCIND", rescind: { offer_id: forB.id } }]);
  });

  it('C118 running executor E on A → MESSAGE(A, E, aGk=) → executor receives {"type":"MESSAGE","message":{"data":"aGk="}}', async () => {
    const { fw, offer, raw } = await withExecutor();
    const stream = await raw.subscribe();
    await stream.next("LAUNCH");
    await fw.call202("MESSAGE", { agent_id: offer.agent_id, executor_id: { value: "E" }, data: "aGk=" });
    await stream.next("MESSAGE");
    expect(stream.raw.filter((r) => r.includes('"MESSAGE"'))).toEqual(['{"type":"MESSAGE","message":{"data":"aGk="}}']);
  });

  for (const [id, info, state] of [
    ["C119", frameworkInfo(), "TASK_LOST"],
    ["C120", frameworkInfo(PA), "TASK_UNREACHABLE"],
  ] as const) {
    it(`${id} task on A, A marked unreachable → UPDATE ${state}, REASON_AGENT_REMOVED, unreachable_time, no uuid; then RESCIND; then FAILURE to every framework`, async () => {
      await start();
      const fw = await subscribe(info);
      const offer = await firstOffer(fw);
      await fw.launch([offer.id.value], [commandTask(offer, "t", "run-until-killed")], { refuse_seconds: 0 });
      await fw.ackNext("t", "TASK_STARTING");
      await fw.ackNext("t", "TASK_RUNNING");
      await cluster!.advance(1000);
      const [rest] = await fw.nextOffers();
      const other = await subscribe();
      await fw.barrier();
      await other.barrier();
      cluster!.master.markUnreachable(offer.agent_id.value);
      const events = await fw.barrier();
      expect(events.map((e) => e.type)).toEqual(["UPDATE", "RESCIND", "FAILURE"]);
      const status = events[0].update.status;
      expect(status).toMatchObject({ task_id: { value: "t" }, state, reason: "REASON_AGENT_REMOVED" });
      expect(status.unreachable_time).toBeDefined();
      expect(status).not.toHaveProperty("uuid");
      expect(events[1].rescind.offer_id).toEqual(rest.id);
      expect(events[2]).toEqual({ type: "FAILURE", failure: { agent_id: offer.agent_id } });
      expect(await other.barrier()).toEqual([{ type: "FAILURE", failure: { agent_id: offer.agent_id } }]);
    });
  }

  it("C121 custom executor exits with code 1 while running t → TASK_FAILED, REASON_EXECUTOR_TERMINATED, SOURCE_AGENT, uuid; FAILURE status 256", async () => {
    const { fw, executor, raw } = await withExecutor();
    const stream = await raw.subscribe();
    await stream.next("LAUNCH");
    expect((await raw.call("UPDATE", RawExecutor.update("t1", "TASK_RUNNING"))).status).toBe(202);
    await fw.ackNext("t1", "TASK_RUNNING");
    stream.close();
    executor.exit(1);
    const failed = await fw.nextUpdate("t1");
    expect(failed).toMatchObject({
      state: "TASK_FAILED",
      reason: "REASON_EXECUTOR_TERMINATED",
      source: "SOURCE_AGENT",
    });
    expect(Buffer.from(failed.uuid, "base64")).toHaveLength(16);
    const failure = await fw.stream.next("FAILURE");
    expect(failure.failure).toMatchObject({ executor_id: { value: "E" }, status: 256 });
  });

  it("C122 command task finishes → TASK_FINISHED with message Command exited with status 0; no FAILURE", async () => {
    await start();
    const fw = await subscribe();
    const offer = await firstOffer(fw);
    await fw.launch([offer.id.value], [commandTask(offer, "t", "true")]);
    await fw.ackNext("t", "TASK_STARTING");
    await fw.ackNext("t", "TASK_RUNNING");
    const finished = await fw.ackNext("t", "TASK_FINISHED");
    expect(finished.message).toBe("Command exited with status 0");
    await cluster!.advance(1000);
    await fw.barrier();
    expect(fw.stream.events.filter((e) => e.type === "FAILURE")).toEqual([]);
  });

  it("C123 SHUTDOWN(E) → executor receives SHUTDOWN; still running 5 s later → container destroyed, live tasks TASK_FAILED", async () => {
    const { fw, offer, raw } = await withExecutor();
    const stream = await raw.subscribe();
    await stream.next("LAUNCH");
    await raw.call("UPDATE", RawExecutor.update("t1", "TASK_RUNNING"));
    await fw.ackNext("t1", "TASK_RUNNING");
    await fw.call202("SHUTDOWN", { executor_id: { value: "E" }, agent_id: offer.agent_id });
    await stream.next("SHUTDOWN");
    await cluster!.advance(4900);
    expect((await fw.barrier()).filter((e) => e.type === "UPDATE")).toEqual([]);
    await cluster!.advance(100);
    const failed = await fw.nextUpdate("t1");
    expect(failed.state).toBe("TASK_FAILED");
  });
});

describe("9.6 executor API (C124–C135)", () => {
  it("C124 executor SUBSCRIBE → SUBSCRIBED (executor_info, framework_info, agent_info, container_id) then LAUNCH {task} without framework_info", async () => {
    const { raw } = await withExecutor();
    const stream = await raw.subscribe();
    expect(stream.status).toBe(200);
    const subscribed = await stream.take();
    expect(subscribed.type).toBe("SUBSCRIBED");
    expect(Object.keys(subscribed.subscribed)).toEqual([
      "executor_info",
      "framework_info",
      "agent_info",
      "container_id",
    ]);
    const launch = await stream.take();
    expect(launch.type).toBe("LAUNCH");
    expect(Object.keys(launch.launch)).toEqual(["task"]);
    expect(launch.launch.task.task_id).toEqual({ value: "t1" });
  });

  it("C125 subscribed executor → UPDATE without source → 400 invalid source, expecting 'SOURCE_EXECUTOR'", async () => {
    const { fw, raw } = await withExecutor();
    const stream = await raw.subscribe();
    await stream.next("LAUNCH");
    const update = RawExecutor.update("t1", "TASK_RUNNING");
    delete update.status.source;
    const response = await raw.call("UPDATE", update);
    expect(response.status).toBe(400);
    expect(response.body).toBe(
      `Failed to validate Executor::Call: Received Call from executor E of framework ${fw.id} with invalid source, expecting 'SOURCE_EXECUTOR'`,
    );
  });

  it("C126 subscribed executor → UPDATE with TASK_STAGING → 400 which is not allowed", async () => {
    const { fw, raw } = await withExecutor();
    const stream = await raw.subscribe();
    await stream.next("LAUNCH");
    const response = await raw.call("UPDATE", RawExecutor.update("t1", "TASK_STAGING"));
    expect(response.status).toBe(400);
    expect(response.body).toBe(
      `Failed to validate Executor::Call: Received TASK_STAGING from executor E of framework ${fw.id} which is not allowed`,
    );
  });

  it("C127 subscribed executor → valid UPDATE → 202; ACKNOWLEDGED {task_id, uuid} arrives without any scheduler ACKNOWLEDGE", async () => {
    const { raw } = await withExecutor();
    const stream = await raw.subscribe();
    await stream.next("LAUNCH");
    const update = RawExecutor.update("t1", "TASK_RUNNING");
    const response = await raw.call("UPDATE", update);
    expect(response.status).toBe(202);
    expect(response.body).toBe("");
    expect(await stream.next("ACKNOWLEDGED")).toEqual({
      type: "ACKNOWLEDGED",
      acknowledged: { task_id: { value: "t1" }, uuid: update.status.uuid },
    });
    expect(cluster!.log.some((e) => e.kind === "call" && e.call.type === "ACKNOWLEDGE")).toBe(false);
  });

  it("C128 executor not yet subscribed → UPDATE → 403 Executor is not subscribed", async () => {
    const { raw } = await withExecutor();
    const response = await raw.call("UPDATE", RawExecutor.update("t1", "TASK_RUNNING"));
    expect(response.status).toBe(403);
    expect(response.body).toBe("Executor is not subscribed");
  });

  it("C129 executor call with an unknown executor id → 400 Executor cannot be found", async () => {
    const { raw } = await withExecutor();
    const response = await post(raw.url, {
      type: "UPDATE",
      framework_id: { value: raw.frameworkId },
      executor_id: { value: "nope" },
      update: RawExecutor.update("t1", "TASK_RUNNING"),
    });
    expect(response.status).toBe(400);
    expect(response.body).toBe("Executor cannot be found");
  });

  it("C130 executor JSON call without framework_id → 400 Missing required fields: framework_id", async () => {
    await start();
    const response = await post(new URL("/api/v1/executor", cluster!.agents[0]!.url), {
      type: "HEARTBEAT",
      executor_id: { value: "unused" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toBe("Failed to convert JSON into Call protobuf: Missing required fields: framework_id");
  });

  it("C131 executor environment: checkpointing → MESOS_CHECKPOINT=1 and recovery variables; non-checkpointing → 0, recovery variables absent", async () => {
    const withCheckpoint = new ControlledExecutor();
    const without = new ControlledExecutor();
    await start({ executors: { cp: withCheckpoint.run, nocp: without.run } });
    const fw1 = await subscribe(frameworkInfo({ checkpoint: true }));
    const o1 = await firstOffer(fw1);
    await fw1.launch([o1.id.value], [executorTask(o1, "t1", "cp")]);
    // The leftovers are filtered for fw1 (5 s), so the next round offers them to fw2.
    const fw2 = await subscribe(frameworkInfo({ checkpoint: false }));
    const o2 = await firstOffer(fw2);
    await fw2.launch([o2.id.value], [executorTask(o2, "t2", "nocp")]);
    const agentOf = (offer: Json) => cluster!.agents.find((a) => a.id === offer.agent_id.value)!;
    const env1 = await withCheckpoint.environment;
    const port1 = agentOf(o1).url.port;
    expect(env1).toMatchObject({
      MESOS_FRAMEWORK_ID: fw1.id,
      MESOS_EXECUTOR_ID: "cp",
      MESOS_AGENT_ENDPOINT: `127.0.0.1:${port1}`,
      MESOS_SLAVE_PID: `slave(1)@127.0.0.1:${port1}`,
      MESOS_CHECKPOINT: "1",
      MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "5secs",
      MESOS_RECOVERY_TIMEOUT: "15mins",
      MESOS_SUBSCRIPTION_BACKOFF_MAX: "2secs",
    });
    const env2 = await without.environment;
    expect(env2.MESOS_CHECKPOINT).toBe("0");
    expect(env2).not.toHaveProperty("MESOS_RECOVERY_TIMEOUT");
    expect(env2).not.toHaveProperty("MESOS_SUBSCRIPTION_BACKOFF_MAX");
  });

  it("C132 executor never subscribes → after 60 s TASK_FAILED, REASON_EXECUTOR_REGISTRATION_TIMEOUT, Executor did not register within 1mins", async () => {
    const { fw, executor } = await withExecutor();
    await executor.environment;
    await cluster!.advance(59_900);
    expect((await fw.barrier()).filter((e) => e.type === "UPDATE")).toEqual([]);
    await cluster!.advance(100);
    const failed = await fw.nextUpdate("t1");
    expect(failed).toMatchObject({
      state: "TASK_FAILED",
      reason: "REASON_EXECUTOR_REGISTRATION_TIMEOUT",
      message: "Executor did not register within 1mins",
    });
  });

  it("C133 executor re-subscribes listing a stored update in unacknowledged_updates → SUBSCRIBED then ACKNOWLEDGED for it; scheduler gets no extra copy", async () => {
    const { fw, raw } = await withExecutor();
    const first = await raw.subscribe();
    const launch = await first.next("LAUNCH");
    const update = RawExecutor.update("t1", "TASK_RUNNING");
    await raw.call("UPDATE", update);
    await first.next("ACKNOWLEDGED");
    const delivered = await fw.nextUpdate("t1", "TASK_RUNNING");
    expect(delivered.uuid).toBe(update.status.uuid);
    first.close();
    const second = await raw.subscribe({
      unacknowledged_tasks: [launch.launch.task],
      unacknowledged_updates: [update],
    });
    expect((await second.take()).type).toBe("SUBSCRIBED");
    expect(await second.take()).toEqual({
      type: "ACKNOWLEDGED",
      acknowledged: { task_id: { value: "t1" }, uuid: update.status.uuid },
    });
    const more = (await fw.barrier()).filter((e) => e.type === "UPDATE");
    expect(more).toEqual([]);
  });

  it("C134 executor re-subscribes after agent restart omitting a STAGING task t → TASK_LOST, REASON_AGENT_RESTARTED, Task launched during agent restart", async () => {
    const { fw, offer, raw } = await withExecutor(frameworkInfo({ checkpoint: true }));
    const first = await raw.subscribe();
    await first.next("LAUNCH");
    const restart = cluster!.faults.restartAgent(offer.agent_id.value, 200);
    await cluster!.advance(200);
    await restart;
    const second = await raw.subscribe({ unacknowledged_tasks: [], unacknowledged_updates: [] });
    expect((await second.take()).type).toBe("SUBSCRIBED");
    const lost = await fw.nextUpdate("t1");
    expect(lost).toMatchObject({
      state: "TASK_LOST",
      reason: "REASON_AGENT_RESTARTED",
      message: "Task launched during agent restart",
    });
  });

  it("C135 executor HEARTBEAT with ids unused → 202", async () => {
    await start();
    const response = await post(new URL("/api/v1/executor", cluster!.agents[0]!.url), {
      type: "HEARTBEAT",
      framework_id: { value: "unused" },
      executor_id: { value: "unused" },
    });
    expect(response.status).toBe(202);
  });
});
