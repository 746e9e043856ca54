/**
 * The executor client over real HTTP against the fake agent: subscription
 * from the agent's environment, reliable updates, re-subscription with what
 * is unacknowledged (C137), and the end of an executor (C136).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { executor, mesos } from "../../generated/mesos-1.11.0/index.js";
import { ExecutorClient, type ExecutorNotifications } from "../../executor/client.js";
import { readExecutorEnvironment } from "../../executor/environment.js";
import { startFakeAgent, type FakeAgent } from "../helpers/fake-agent.js";

let agent: FakeAgent | undefined;
const clients: ExecutorClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await agent?.close();
  agent = undefined;
});

interface Run {
  readonly client: ExecutorClient;
  readonly events: executor.Event[];
  readonly notifications: { name: string; payload: unknown }[];
  readonly done: Promise<unknown>;
  next(type: string, index?: number): Promise<executor.Event>;
}

function startExecutor(env: Record<string, string>, options: { encoding?: "json" | "protobuf" } = {}): Run {
  const client = new ExecutorClient({ environment: readExecutorEnvironment({ ...env }), ...options });
  clients.push(client);
  const events: executor.Event[] = [];
  const notifications: Run["notifications"] = [];
  for (const name of [
    "subscribed",
    "disconnected",
    "reconnecting",
    "shutdown",
    "closed",
  ] as (keyof ExecutorNotifications)[]) {
    client.on(name, (payload) => notifications.push({ name, payload }));
  }
  const done = (async () => {
    for await (const event of client.subscribe()) events.push(event);
  })().catch((error: unknown) => error);
  const next = async (type: string, index = 0): Promise<executor.Event> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = events.filter((e) => e.type === type)[index];
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} #${index}; got ${events.map((e) => e.type).join(", ")}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { client, events, notifications, done, next };
}

const TASK: mesos.TaskInfo = {
  name: "task one",
  task_id: { value: "t1" },
  agent_id: { value: "agent" },
  resources: [],
};

describe("executor client", () => {
  for (const encoding of ["protobuf", "json"] as const) {
    it(`subscribes from the agent's environment and gets its updates acknowledged (${encoding})`, async () => {
      agent = await startFakeAgent();
      const run = startExecutor(agent.environment(), { encoding });
      const subscribed = await run.next("SUBSCRIBED");
      expect(subscribed).toMatchObject({ subscribed: { container_id: { value: agent.containerId } } });
      const request = await agent.waitForCall("SUBSCRIBE");
      expect(request.call).toMatchObject({
        executor_id: { value: agent.executorId },
        framework_id: { value: agent.frameworkId },
      });
      expect(request.path).toBe("/api/v1/executor");

      const status = await run.client.update({ task_id: { value: "t1" }, state: "TASK_RUNNING" });
      expect(status.uuid).toHaveLength(16);
      expect(status.source).toBe("SOURCE_EXECUTOR");
      expect(status.executor_id).toEqual({ value: agent.executorId });
      const sent = (await agent.waitForCall("UPDATE")).call!;
      expect(sent.update?.status.uuid).toEqual(status.uuid);
      expect((await run.next("ACKNOWLEDGED")).acknowledged?.uuid).toEqual(status.uuid);
      expect(run.client.pendingUpdates).toHaveLength(0);
    });
  }

  it("keeps updates until ACKNOWLEDGED and re-subscribes with them and the unacknowledged tasks (C137)", async () => {
    agent = await startFakeAgent({ autoAcknowledge: false });
    const run = startExecutor(agent.environment({ MESOS_SUBSCRIPTION_BACKOFF_MAX: "20ms" }));
    await run.next("SUBSCRIBED");
    agent.subscriptions[0]!.send({ type: "LAUNCH", launch: { task: TASK } });
    await run.next("LAUNCH");
    const status = await run.client.update({ task_id: { value: "t1" }, state: "TASK_RUNNING" });
    expect(run.client.pendingUpdates).toHaveLength(1);

    // The agent restarts: the stream drops and the agent answers 503 while it recovers.
    agent.unavailable();
    agent.subscriptions[0]!.destroy();
    await new Promise((r) => setTimeout(r, 60));
    agent.available();
    await run.next("SUBSCRIBED", 1);
    const resubscribe = (await agent.waitForCall("SUBSCRIBE", 1)).call!;
    expect(resubscribe.subscribe?.unacknowledged_updates).toEqual([{ status }]);
    expect(resubscribe.subscribe?.unacknowledged_tasks?.map((t) => t.task_id.value)).toEqual(["t1"]);
    expect(
      run.notifications.find(
        (n) => n.name === "subscribed" && (n.payload as { resubscription: boolean }).resubscription,
      ),
    ).toBeDefined();

    agent.acknowledge(status);
    await run.next("ACKNOWLEDGED");
    expect(run.client.pendingUpdates).toHaveLength(0);
  });

  it("shuts down on disconnection when the framework does not checkpoint (C136)", async () => {
    agent = await startFakeAgent({ checkpoint: false });
    const run = startExecutor(agent.environment());
    await run.next("SUBSCRIBED");
    agent.subscriptions[0]!.destroy();
    await run.next("SHUTDOWN");
    await run.done;
    expect(agent.requests.filter((r) => r.call?.type === "SUBSCRIBE")).toHaveLength(1);
    expect(run.notifications.find((n) => n.name === "shutdown")?.payload).toMatchObject({ gracePeriodMs: 5000 });
  });

  it("retries within the recovery timeout, each after at most the backoff maximum, then shuts down (C136)", async () => {
    agent = await startFakeAgent();
    const run = startExecutor(
      agent.environment({ MESOS_RECOVERY_TIMEOUT: "300ms", MESOS_SUBSCRIPTION_BACKOFF_MAX: "30ms" }),
    );
    await run.next("SUBSCRIBED");
    agent.unavailable();
    const started = Date.now();
    agent.subscriptions[0]!.destroy();
    await run.next("SHUTDOWN");
    await run.done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const delays = run.notifications
      .filter((n) => n.name === "reconnecting")
      .map((n) => (n.payload as { delayMs: number }).delayMs);
    expect(delays.length).toBeGreaterThan(2);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(30);
    expect(agent.requests.filter((r) => r.status === 503).length).toBeGreaterThan(2);
  });

  it("ends after the agent's SHUTDOWN", async () => {
    agent = await startFakeAgent();
    const run = startExecutor(agent.environment());
    await run.next("SUBSCRIBED");
    agent.subscriptions[0]!.send({ type: "SHUTDOWN" });
    await run.done;
    expect(run.events.filter((e) => e.type === "SHUTDOWN")).toHaveLength(1);
  });

  it("sends its bearer token and messages", async () => {
    agent = await startFakeAgent({ token: "jwt-token" });
    const run = startExecutor(agent.environment());
    await run.next("SUBSCRIBED");
    await run.client.message(new Uint8Array([104, 105]));
    const message = await agent.waitForCall("MESSAGE");
    expect(message.headers.authorization).toBe("Bearer jwt-token");
    expect(message.call?.message?.data).toEqual(new Uint8Array([104, 105]));
  });

  it("sends HEARTBEAT calls at the configured interval while subscribed", async () => {
    agent = await startFakeAgent();
    const client = new ExecutorClient({
      environment: readExecutorEnvironment(agent.environment()),
      heartbeatCallIntervalMs: 20,
    });
    clients.push(client);
    void (async () => {
      for await (const _ of client.subscribe());
    })();
    const heartbeat = await agent.waitForCall("HEARTBEAT", 2);
    expect(heartbeat.status).toBe(202);
    expect(heartbeat.call).toMatchObject({ executor_id: { value: agent.executorId } });
  });

  it("refuses TASK_STAGING locally", async () => {
    agent = await startFakeAgent();
    const run = startExecutor(agent.environment());
    await run.next("SUBSCRIBED");
    await expect(run.client.update({ task_id: { value: "t1" }, state: "TASK_STAGING" })).rejects.toMatchObject({
      code: "ERR_EXECUTOR_BAD_CALL",
    });
  });
});
