/**
 * Status update acknowledgements over real HTTP: exactly the updates that
 * carry a uuid, once per received copy, after the application handled them.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import { SchedulerClient } from "../../scheduler/index.js";
import { startFakeMaster, type FakeMaster } from "../helpers/fake-master.js";
import { FAST, FRAMEWORK, consume, type Consumed } from "./scheduler-harness.js";

let master: FakeMaster;
let running: Consumed[] = [];
const clients: SchedulerClient[] = [];

afterEach(async () => {
  await Promise.all([...running.map((c) => c.client.close()), ...clients.splice(0).map((c) => c.close())]);
  running = [];
  await master.close();
});

const UUID = Uint8Array.from(Buffer.from(randomUUID().replaceAll("-", ""), "hex"));

function update(task: string, uuid?: Uint8Array): scheduler.Event {
  const status: mesos.TaskStatus = {
    task_id: { value: task },
    state: "TASK_RUNNING",
    source: uuid ? "SOURCE_EXECUTOR" : "SOURCE_MASTER",
    agent_id: { value: "agent-1" },
  };
  if (uuid) status.uuid = uuid;
  return { type: "UPDATE", update: { status } };
}

async function acks(type: string, expected: number): Promise<scheduler.Call[]> {
  if (expected > 0) await master.waitForCall(type, expected - 1);
  // Give a wrongly sent extra acknowledgement the time to arrive.
  await new Promise((r) => setTimeout(r, 50));
  return master.requests.filter((r) => r.call?.type === type).map((r) => r.call!);
}

describe("acknowledgements (C141, C142)", () => {
  it("acknowledge each copy of an update with a uuid, echoing agent, task and uuid; never one without", async () => {
    master = await startFakeMaster();
    const c = consume({ master: master.url.href, framework: FRAMEWORK });
    running.push(c);
    await c.waitForEvent((e) => e.type === "SUBSCRIBED");
    const stream = master.subscriptions[0]!;
    stream.send(update("master-made"));
    stream.send(update("t1", UUID));
    stream.send(update("t1", UUID));
    await c.waitForEvent((e) => e.type === "UPDATE", 2);
    const sent = await acks("ACKNOWLEDGE", 2);
    expect(sent).toHaveLength(2);
    for (const call of sent) {
      expect(call.acknowledge).toEqual({ agent_id: { value: "agent-1" }, task_id: { value: "t1" }, uuid: UUID });
      expect(call.framework_id).toEqual({ value: stream.frameworkId });
    }
  });

  it("acknowledge an operation status with its uuid value, agent and operation (C142)", async () => {
    master = await startFakeMaster();
    const c = consume({ master: master.url.href, framework: FRAMEWORK, encoding: "json" });
    running.push(c);
    await c.waitForEvent((e) => e.type === "SUBSCRIBED");
    const stream = master.subscriptions[0]!;
    stream.send({
      type: "UPDATE_OPERATION_STATUS",
      update_operation_status: {
        status: { operation_id: { value: "op1" }, state: "OPERATION_ERROR", message: "no uuid" },
      },
    });
    stream.send({
      type: "UPDATE_OPERATION_STATUS",
      update_operation_status: {
        status: {
          operation_id: { value: "op1" },
          state: "OPERATION_FINISHED",
          uuid: { value: UUID },
          agent_id: { value: "agent-1" },
        },
      },
    });
    await c.waitForEvent((e) => e.type === "UPDATE_OPERATION_STATUS", 1);
    const sent = await acks("ACKNOWLEDGE_OPERATION_STATUS", 1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.acknowledge_operation_status).toEqual({
      agent_id: { value: "agent-1" },
      uuid: UUID,
      operation_id: { value: "op1" },
    });
  });

  it("acknowledge only after the application finished with the update", async () => {
    master = await startFakeMaster();
    const client = new SchedulerClient({ ...FAST, master: master.url.href, framework: FRAMEWORK });
    clients.push(client);
    let release!: () => void;
    const handled = new Promise<void>((r) => (release = r));
    const sawUpdate = new Promise<void>((seen) => {
      void (async () => {
        for await (const event of client.subscribe()) {
          if (event.type === "SUBSCRIBED") master.subscriptions[0]!.send(update("t1", UUID));
          if (event.type === "UPDATE") {
            seen();
            await handled;
          }
        }
      })();
    });
    await sawUpdate;
    await new Promise((r) => setTimeout(r, 60));
    expect(master.requests.some((r) => r.call?.type === "ACKNOWLEDGE")).toBe(false);
    release();
    expect((await master.waitForCall("ACKNOWLEDGE")).status).toBe(202);
  });

  it("do not acknowledge an update whose handler threw", async () => {
    master = await startFakeMaster();
    const client = new SchedulerClient({ ...FAST, master: master.url.href, framework: FRAMEWORK });
    clients.push(client);
    const failure = new Error("state not saved");
    const run = client.run({
      SUBSCRIBED: () => master.subscriptions[0]!.send(update("t1", UUID)),
      UPDATE: () => {
        throw failure;
      },
    });
    await expect(run).rejects.toBe(failure);
    expect(await acks("ACKNOWLEDGE", 0)).toHaveLength(0);
    expect(client.state).toBe("closed");
  });

  it("leave acknowledging to the application in manual mode", async () => {
    master = await startFakeMaster();
    const c = consume({ master: master.url.href, framework: FRAMEWORK, acknowledge: "manual" });
    running.push(c);
    await c.waitForEvent((e) => e.type === "SUBSCRIBED");
    master.subscriptions[0]!.send(update("t1", UUID));
    const event = await c.waitForEvent((e) => e.type === "UPDATE");
    expect(await acks("ACKNOWLEDGE", 0)).toHaveLength(0);
    const status = (event as Extract<scheduler.Event, { type: "UPDATE" }>).update.status;
    await c.client.acknowledge(status);
    expect(await acks("ACKNOWLEDGE", 1)).toHaveLength(1);
    await expect(c.client.acknowledge({ ...status, uuid: undefined })).rejects.toMatchObject({
      code: "ERR_SCHEDULER_BAD_CALL",
    });
  });
});
