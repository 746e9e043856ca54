/**
 * System tests: our scheduler and executor clients run a full task lifecycle
 * on mini-mesos over real HTTP (subscribe → offers → launch → RUNNING →
 * FINISHED → acknowledged).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import { ExecutorClient } from "../../executor/client.js";
import { readExecutorEnvironment } from "../../executor/environment.js";
import { SchedulerClient } from "../../scheduler/index.js";
import { launchOn } from "../helpers/launch.js";
import { startMiniMesos, type MiniMesos } from "../../testing/cluster.js";

let cluster: MiniMesos | undefined;
const clients: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await cluster?.close();
  cluster = undefined;
});

const FRAMEWORK: mesos.FrameworkInfo = {
  user: "test",
  name: "system-test",
  roles: ["*"],
  capabilities: [{ type: "MULTI_ROLE" }],
};

function commandTask(offer: mesos.Offer, id: string, command: string): mesos.TaskInfo {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [
      { name: "cpus", type: "SCALAR", scalar: { value: 0.5 } },
      { name: "mem", type: "SCALAR", scalar: { value: 64 } },
    ],
    command: { value: command },
  };
}

/** Runs a scheduler that launches one task on the first offer and records the task's states until `until`. */
async function runOneTask(
  task: (offer: mesos.Offer) => mesos.TaskInfo,
  until: mesos.TaskState,
  encoding: "json" | "protobuf" = "protobuf",
) {
  const client = new SchedulerClient({ master: cluster!.masterUrl.href, framework: FRAMEWORK, encoding });
  clients.push(client);
  const states: mesos.TaskState[] = [];
  let launched = false;
  for await (const event of client.subscribe()) {
    if (event.type === "OFFERS" && !launched) {
      const offer = event.offers.offers![0]!;
      launched = true;
      await launchOn(client, offer, [task(offer)], { refuse_seconds: 3600 });
    } else if (event.type === "UPDATE") {
      states.push(event.update.status.state);
      if (event.update.status.state === until) {
        // Leaving the loop means "not handled", so the last update is acknowledged by hand.
        if (event.update.status.uuid) await client.acknowledge(event.update.status);
        break;
      }
    }
  }
  return states;
}

describe("mini-mesos with our clients", () => {
  for (const encoding of ["protobuf", "json"] as const) {
    it(`runs a command task as a process to TASK_FINISHED, every update acknowledged (${encoding})`, async () => {
      cluster = await startMiniMesos({ agents: 2 });
      const states = await runOneTask((offer) => commandTask(offer, "t1", "sleep 0.1"), "TASK_FINISHED", encoding);
      expect(states).toEqual(["TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"]);
      const finished = await cluster.waitForTask("t1", "TASK_FINISHED");
      expect(finished.message).toBe("Command exited with status 0");
      expect(finished.source).toBe("SOURCE_EXECUTOR");
      expect(finished.uuid).toHaveLength(16);
      // The task's address, for frameworks that recover addresses after a failover.
      expect(finished.container_status?.network_infos?.[0]?.ip_addresses?.[0]?.ip_address).toBe("127.0.0.1");
      const acks = cluster.log.flatMap((e) =>
        e.kind === "call" && e.call.type === "ACKNOWLEDGE" ? [e.call.acknowledge] : [],
      );
      expect(acks).toHaveLength(3);
      expect(acks.map((a) => a.task_id.value)).toEqual(["t1", "t1", "t1"]);
      expect(acks[2]!.uuid).toEqual(finished.uuid);
    });
  }

  it("reports a failing command with its exit status", async () => {
    cluster = await startMiniMesos();
    const states = await runOneTask((offer) => commandTask(offer, "bad", "exit 3"), "TASK_FAILED");
    expect(states.at(-1)).toBe("TASK_FAILED");
    expect((await cluster.waitForTask("bad", "TASK_FAILED")).message).toBe("Command exited with status 3");
  });

  it("answers an over-committed task with Mesos' exact TASK_ERROR text (C078)", async () => {
    // Over-launching is protocol misuse: strict mode would fail the test at close(), so it is only recorded here.
    cluster = await startMiniMesos({ taskMode: "inline", strict: false });
    const states = await runOneTask(
      (offer) => ({
        ...commandTask(offer, "big", "true"),
        resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 8 } }],
      }),
      "TASK_ERROR",
    );
    expect(cluster.violations.map((v) => v.kind)).toEqual(["over-launch"]);
    expect(states).toEqual(["TASK_ERROR"]);
    const error = await cluster.waitForTask("big", "TASK_ERROR");
    expect(error).toMatchObject({ source: "SOURCE_MASTER", reason: "REASON_TASK_INVALID" });
    expect(error.uuid).toBeUndefined();
    expect(error.message).toBe(
      "Total resources cpus(allocated: *):8 required by task and its executor is more than available " +
        "ports(allocated: *):[31000-32000]; cpus(allocated: *):4; mem(allocated: *):4096; disk(allocated: *):10000",
    );
  });

  it("names the executors a framework runs on an agent in that agent's later offers", async () => {
    cluster = await startMiniMesos({
      agents: 1,
      executors: {
        "web-executor": async (environment) => {
          const executor = new ExecutorClient({ environment: readExecutorEnvironment({ ...environment }) });
          for await (const event of executor.subscribe()) {
            if (event.type === "LAUNCH") {
              await executor.update({ task_id: event.launch.task.task_id, state: "TASK_RUNNING" });
            }
          }
        },
      },
    });
    const client = new SchedulerClient({ master: cluster.masterUrl.href, framework: FRAMEWORK });
    clients.push(client);
    let launched = false;
    let later: mesos.Offer | undefined;
    for await (const event of client.subscribe()) {
      if (event.type !== "OFFERS") continue;
      const offer = event.offers.offers![0]!;
      if (launched) {
        later = offer;
        break;
      }
      launched = true;
      const task = {
        name: "web",
        task_id: { value: "web-1" },
        resources: [{ name: "cpus", type: "SCALAR" as const, scalar: { value: 0.5 } }],
        // No resources of its own: Mesos still names it in the offers.
        executor: { executor_id: { value: "web-executor" }, command: { value: "unused-in-process" } },
      };
      await launchOn(client, offer, [task], { refuse_seconds: 0 });
    }
    expect(later!.executor_ids).toEqual([{ value: "web-executor" }]);
  });

  it("runs a custom executor (our ExecutorClient, in-process) that gets LAUNCH and reports RUNNING then FINISHED", async () => {
    const seenByExecutor: string[] = [];
    cluster = await startMiniMesos({
      executors: {
        "my-executor": async (environment) => {
          const executor = new ExecutorClient({
            environment: readExecutorEnvironment({ ...environment }),
            encoding: "json",
          });
          for await (const event of executor.subscribe()) {
            seenByExecutor.push(event.type ?? "?");
            if (event.type === "LAUNCH") {
              await executor.update({ task_id: event.launch.task.task_id, state: "TASK_RUNNING" });
              await executor.update({ task_id: event.launch.task.task_id, state: "TASK_FINISHED" });
            }
            if (event.type === "ACKNOWLEDGED" && executor.pendingUpdates.length === 0) break;
          }
        },
      },
    });
    const states = await runOneTask(
      (offer) => ({
        name: "custom",
        task_id: { value: "c1" },
        agent_id: offer.agent_id,
        resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.5 } }],
        executor: {
          executor_id: { value: "my-executor" },
          command: { value: "unused-in-process" },
          resources: [{ name: "mem", type: "SCALAR", scalar: { value: 32 } }],
        },
      }),
      "TASK_FINISHED",
    );
    expect(states).toEqual(["TASK_RUNNING", "TASK_FINISHED"]);
    expect(seenByExecutor.slice(0, 2)).toEqual(["SUBSCRIBED", "LAUNCH"]);
    const failure = await cluster.waitForEvent((e) => e.type === "FAILURE");
    expect((failure as Extract<scheduler.Event, { type: "FAILURE" }>).failure.executor_id).toEqual({
      value: "my-executor",
    });
  });
});
