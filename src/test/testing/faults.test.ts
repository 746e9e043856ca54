/**
 * Our scheduler and executor clients on mini-mesos under faults: each fault
 * is survived with no lost and no unacknowledged status update.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { ExecutorClient } from "../../executor/client.js";
import { readExecutorEnvironment } from "../../executor/environment.js";
import { SchedulerClient } from "../../scheduler/index.js";
import { launchOn } from "../helpers/launch.js";
import { startMiniMesos, type MiniMesos, type MiniMesosOptions } from "../../testing/cluster.js";

let cluster: MiniMesos | undefined;
let driver: Driver | undefined;

afterEach(async () => {
  await driver?.client.close();
  driver = undefined;
  await cluster?.close();
  cluster = undefined;
});

const FRAMEWORK: mesos.FrameworkInfo = {
  user: "test",
  name: "faults",
  roles: ["*"],
  checkpoint: true,
  failover_timeout: 3600,
  capabilities: [{ type: "MULTI_ROLE" }, { type: "PARTITION_AWARE" }],
};

/** A scheduler that launches the given tasks on the first offer and records every update and notification. */
interface Driver {
  readonly client: SchedulerClient;
  readonly updates: mesos.TaskStatus[];
  readonly notifications: string[];
  states(task: string): mesos.TaskState[];
  until(predicate: () => boolean, timeoutMs?: number): Promise<void>;
}

function drive(tasks: (offer: mesos.Offer) => mesos.TaskInfo[], master = cluster!.masterUrl.href): Driver {
  const client = new SchedulerClient({
    master,
    framework: FRAMEWORK,
    backoff: { initialMs: 10, capMs: 50 },
  });
  const updates: mesos.TaskStatus[] = [];
  const notifications: string[] = [];
  for (const name of ["disconnected", "subscribed", "redirected"] as const)
    client.on(name, () => notifications.push(name));
  let launched = false;
  void (async () => {
    for await (const event of client.subscribe()) {
      if (event.type === "OFFERS" && !launched) {
        launched = true;
        const offer = event.offers.offers![0]!;
        await launchOn(client, offer, tasks(offer));
      } else if (event.type === "UPDATE") {
        updates.push(event.update.status);
      }
    }
  })().catch(() => undefined);
  return {
    client,
    updates,
    notifications,
    states: (task) => updates.filter((u) => u.task_id.value === task).map((u) => u.state),
    until: async (predicate, timeoutMs = 8000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline)
          throw new Error(`timed out; updates: ${updates.map((u) => `${u.task_id.value}:${u.state}`).join(", ")}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

function task(offer: mesos.Offer, id: string, command: string): mesos.TaskInfo {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
    command: { value: command },
  };
}

/** Every update with a uuid the agents made was acknowledged by the scheduler: nothing pending anywhere. */
function nothingPending(c: MiniMesos): boolean {
  return c.agents.every(
    (a) =>
      c.master.frameworks.size === 0 ||
      [...c.master.frameworks.keys()].every((f) => a.agent.statusUpdates.pending(f).length === 0),
  );
}

async function start(options: MiniMesosOptions = {}): Promise<MiniMesos> {
  cluster = await startMiniMesos({ taskMode: "inline", ...options });
  return cluster;
}

describe("mini-mesos faults with our clients", () => {
  it("a dropped event stream: the client resubscribes and still gets and acknowledges every update", async () => {
    const c = await start();
    driver = drive((offer) => [task(offer, "t1", "sleep 0.3")]);
    await driver.until(() => driver!.states("t1").includes("TASK_RUNNING"));
    c.faults.dropSubscriptions();
    await driver.until(() => driver!.states("t1").includes("TASK_FINISHED"));
    await driver.until(() => nothingPending(c));
    expect(driver.notifications.filter((n) => n === "subscribed").length).toBeGreaterThanOrEqual(2);
    expect(new Set(driver.states("t1"))).toEqual(new Set(["TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"]));
  });

  it("a stalled stream: the client's heartbeat watchdog notices and resubscribes", async () => {
    const c = await start({ heartbeatIntervalSeconds: 0.05 });
    driver = drive((offer) => [task(offer, "t1", "run-forever")]);
    await driver.until(() => driver!.states("t1").includes("TASK_RUNNING"));
    c.faults.stallSubscriptions(true);
    await driver.until(() => driver!.notifications.includes("disconnected"));
    c.faults.stallSubscriptions(false);
    await driver.until(() => driver!.notifications.filter((n) => n === "subscribed").length >= 2);
  });

  it("duplicated updates: each copy is acknowledged and nothing stays pending", async () => {
    const c = await start();
    c.faults.duplicateStatusUpdates();
    driver = drive((offer) => [task(offer, "t1", "true")]);
    await driver.until(() => driver!.states("t1").includes("TASK_FINISHED"));
    await driver.until(() => nothingPending(c));
    const finished = driver.updates.filter((u) => u.state === "TASK_FINISHED");
    expect(finished.length).toBe(2);
    expect(finished[0]!.uuid).toEqual(finished[1]!.uuid);
  });

  it("delayed updates and slow acknowledgements: everything arrives, in order per task", async () => {
    const c = await start();
    c.faults.delayStatusUpdates(50);
    c.faults.slowAcknowledgements(50);
    driver = drive((offer) => [task(offer, "a", "true"), task(offer, "b", "false")]);
    await driver.until(
      () => driver!.states("a").includes("TASK_FINISHED") && driver!.states("b").includes("TASK_FAILED"),
    );
    expect(driver.states("a")).toEqual(["TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"]);
    expect(driver.states("b")).toEqual(["TASK_STARTING", "TASK_RUNNING", "TASK_FAILED"]);
  });

  it("reordered updates across tasks still arrive in order per task", async () => {
    const c = await start();
    c.faults.reorderStatusUpdates();
    driver = drive((offer) => [task(offer, "a", "true"), task(offer, "b", "true")]);
    await driver.until(
      () => driver!.states("a").includes("TASK_FINISHED") && driver!.states("b").includes("TASK_FINISHED"),
      15_000,
    );
    expect(driver.states("a")).toEqual(["TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"]);
    expect(driver.states("b")).toEqual(["TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"]);
  }, 20_000);

  it("a master failover: the client follows the new leader (503 during the election, then 307 from the old one)", async () => {
    const c = await start({ masters: 2 });
    driver = drive((offer) => [task(offer, "t1", "sleep 0.5")], c.masterUrls.map((u) => u.host).join(","));
    await driver.until(() => driver!.states("t1").includes("TASK_RUNNING"));
    await c.faults.failoverMaster(100);
    expect(c.masterUrl.href).toBe(c.masterUrls[1]!.href);
    await driver.until(() => driver!.states("t1").includes("TASK_FINISHED"));
    await driver.until(() => nothingPending(c));
    expect(driver.notifications.filter((n) => n === "subscribed").length).toBeGreaterThanOrEqual(2);
  });

  it("a standby master redirects a new scheduler to the leader", async () => {
    const c = await start({ masters: 2 });
    driver = drive((offer) => [task(offer, "t1", "true")], c.masterUrls[1]!.href);
    await driver.until(() => driver!.states("t1").includes("TASK_FINISHED"));
    expect(driver.notifications).toContain("redirected");
  });

  it("a partitioned agent: TASK_UNREACHABLE with unreachable_time and FAILURE, then the task is back when it heals (C120)", async () => {
    const c = await start();
    driver = drive((offer) => [task(offer, "t1", "run-forever")]);
    await driver.until(() => driver!.states("t1").includes("TASK_RUNNING"));
    c.faults.partitionAgent(c.agents[0]!.id, 50);
    await driver.until(() => driver!.states("t1").includes("TASK_UNREACHABLE"));
    const unreachable = driver.updates.find((u) => u.state === "TASK_UNREACHABLE")!;
    expect(unreachable).toMatchObject({
      reason: "REASON_AGENT_REMOVED",
      source: "SOURCE_MASTER",
      message: "health check timed out",
    });
    expect(unreachable.unreachable_time?.nanoseconds).toBeGreaterThan(0n);
    expect(unreachable.uuid).toBeUndefined();
    await c.waitForEvent((e) => e.type === "FAILURE");
    c.faults.healAgent(c.agents[0]!.id);
    await driver.until(() => driver!.updates.some((u) => u.reason === "REASON_AGENT_REREGISTERED"));
    expect(driver.updates.find((u) => u.reason === "REASON_AGENT_REREGISTERED")).toMatchObject({
      state: "TASK_RUNNING",
      message: "Unreachable agent re-reregistered",
    });
  });

  it("an agent restart: an executor that does not re-subscribe in time is destroyed and its task is gone", async () => {
    let executor: ExecutorClient | undefined;
    const c = await start({
      executors: {
        slow: async (environment) => {
          // Re-subscribes only after a long random wait: too late for the agent.
          executor = new ExecutorClient({
            environment: readExecutorEnvironment({ ...environment, MESOS_SUBSCRIPTION_BACKOFF_MAX: "10mins" }),
            random: () => 0.99,
          });
          for await (const event of executor.subscribe()) {
            if (event.type === "LAUNCH")
              await executor.update({ task_id: event.launch.task.task_id, state: "TASK_RUNNING" });
          }
        },
      },
    });
    driver = drive((offer) => [
      {
        name: "s",
        task_id: { value: "s1" },
        agent_id: offer.agent_id,
        resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
        executor: { executor_id: { value: "slow" }, command: { value: "in-process" } },
      },
    ]);
    try {
      await driver.until(() => driver!.states("s1").includes("TASK_RUNNING"));
      await c.faults.restartAgent(c.agents[0]!.id, 50, 200);
      await driver.until(() => driver!.states("s1").includes("TASK_GONE"));
      expect(driver.updates.at(-1)).toMatchObject({
        state: "TASK_GONE",
        source: "SOURCE_AGENT",
        reason: "REASON_EXECUTOR_REREGISTRATION_TIMEOUT",
        message: "Executor did not reregister within 200ms",
      });
    } finally {
      await executor?.close();
    }
  });

  it("an agent restart: a custom executor (our ExecutorClient) re-subscribes and its update still reaches the scheduler", async () => {
    let executorDone!: () => void;
    const finished = new Promise<void>((r) => (executorDone = r));
    const c = await start({
      executors: {
        worker: async (environment) => {
          const executor = new ExecutorClient({ environment: readExecutorEnvironment({ ...environment }) });
          let launched: mesos.TaskInfo | undefined;
          let resubscribed = false;
          executor.on("subscribed", ({ resubscription }) => {
            if (resubscription && launched) {
              resubscribed = true;
              void executor.update({ task_id: launched.task_id, state: "TASK_FINISHED" });
            }
          });
          for await (const event of executor.subscribe()) {
            if (event.type === "LAUNCH") {
              launched = event.launch.task;
              await executor.update({ task_id: launched.task_id, state: "TASK_RUNNING" });
            }
            if (event.type === "ACKNOWLEDGED" && resubscribed && executor.pendingUpdates.length === 0) break;
          }
          executorDone();
        },
      },
    });
    driver = drive((offer) => [
      {
        name: "w",
        task_id: { value: "w1" },
        agent_id: offer.agent_id,
        resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
        executor: { executor_id: { value: "worker" }, command: { value: "in-process" } },
      },
    ]);
    await driver.until(() => driver!.states("w1").includes("TASK_RUNNING"));
    await c.faults.restartAgent(c.agents[0]!.id, 100);
    await driver.until(() => driver!.states("w1").includes("TASK_FINISHED"));
    await finished;
  });
});
