/**
 * The scheduler client over real HTTP against the fake master: subscription,
 * headers, connections, encodings, calls ([client] cases of mesos-protocol.md).
 */
import { afterEach, describe, expect, it } from "vitest";
import { scheduler } from "../../generated/mesos-1.11.0/index.js";
import { MesosHttpError } from "../../http/errors.js";
import { MemoryFrameworkIdStore, SchedulerClient, SchedulerError } from "../../scheduler/index.js";
import { startFakeMaster, type FakeMaster } from "../helpers/fake-master.js";
import { FAST, FRAMEWORK, consume, type Consumed } from "./scheduler-harness.js";

let master: FakeMaster | undefined;
let running: Consumed[] = [];

afterEach(async () => {
  await Promise.all(running.map((c) => c.client.close()));
  running = [];
  await master?.close();
  master = undefined;
});

async function subscribed(options: Partial<Parameters<typeof consume>[0]> = {}): Promise<Consumed> {
  master ??= await startFakeMaster();
  const consumed = consume({ master: master.url.href, framework: FRAMEWORK, ...options });
  running.push(consumed);
  await consumed.waitForEvent((e) => e.type === "SUBSCRIBED");
  return consumed;
}

describe("subscription", () => {
  for (const encoding of ["protobuf", "json"] as const) {
    it(`subscribes in ${encoding} with exact headers and no stream id (C012, C013, C146)`, async () => {
      const c = await subscribed({ encoding });
      const request = await master!.waitForCall("SUBSCRIBE");
      const media = encoding === "json" ? "application/json" : "application/x-protobuf";
      expect(request.headers["content-type"]).toBe(media);
      expect(request.headers["accept"]).toBe(media);
      expect(request.headers["mesos-stream-id"]).toBeUndefined();
      expect(request.call?.subscribe?.framework_info).toMatchObject(FRAMEWORK);
      const subscription = master!.subscriptions[0]!;
      expect(c.client.state).toBe("subscribed");
      expect(c.client.streamId).toBe(subscription.streamId);
      expect(c.client.frameworkId).toBe(subscription.frameworkId);
      await c.waitForEvent((e) => e.type === "HEARTBEAT");
    });
  }

  it("decodes the same events in protobuf and JSON mode (C145, C044, C045)", async () => {
    const update: scheduler.Event = {
      type: "UPDATE",
      update: {
        status: {
          task_id: { value: "t1" },
          state: "TASK_UNREACHABLE",
          unreachable_time: { nanoseconds: 1700000000123456789n },
          timestamp: 1e21,
          healthy: true,
        },
      },
    };
    const seen: scheduler.Event[] = [];
    for (const encoding of ["protobuf", "json"] as const) {
      const c = await subscribed({ encoding });
      master!.subscriptions.at(-1)!.send(update);
      seen.push(await c.waitForEvent((e) => e.type === "UPDATE"));
    }
    expect(seen[0]).toEqual(seen[1]);
    const status = (seen[0] as Extract<scheduler.Event, { type: "UPDATE" }>).update.status;
    expect(status.unreachable_time?.nanoseconds).toBe(1700000000123456789n);
    expect(status.timestamp).toBe(1e21);
  });

  for (const validateEvents of [false, true]) {
    it(`tolerates unknown event types and empty capabilities, ${validateEvents ? "validated" : "trusted"} JSON (C047)`, async () => {
      const c = await subscribed({ encoding: "json", validateEvents });
      const stream = master!.subscriptions.at(-1)!;
      const unknown = '{"type":"SOMETHING_NEW","something_new":{"x":1}}';
      stream.sendRaw(`${Buffer.byteLength(unknown)}\n${unknown}`);
      stream.send({ type: "HEARTBEAT" });
      await c.waitForEvent((e) => e.type === "HEARTBEAT", 1);
      // Checked decoding drops the name it does not know; trusted decoding passes it on as sent.
      const expected = validateEvents ? [undefined] : ["SOMETHING_NEW"];
      expect(
        c.events.map((e) => e.type as string | undefined).filter((t) => t !== "SUBSCRIBED" && t !== "HEARTBEAT"),
      ).toEqual(expected);
      expect(c.client.state).toBe("subscribed");
    });
  }

  it("puts a saved framework ID in framework_id and framework_info.id (C143)", async () => {
    const store = new MemoryFrameworkIdStore("saved-0001");
    const c = await subscribed({ frameworkIdStore: store });
    const call = (await master!.waitForCall("SUBSCRIBE")).call!;
    expect(call.framework_id).toEqual({ value: "saved-0001" });
    expect(call.subscribe?.framework_info.id).toEqual({ value: "saved-0001" });
    expect(c.client.frameworkId).toBe("saved-0001");
  });

  it("saves a newly assigned framework ID before handing out SUBSCRIBED", async () => {
    const store = new MemoryFrameworkIdStore();
    master = await startFakeMaster({ frameworkId: "new-0000" });
    const client = new SchedulerClient({
      ...FAST,
      master: master.url.href,
      framework: FRAMEWORK,
      frameworkIdStore: store,
    });
    for await (const event of client.subscribe()) {
      expect(event.type).toBe("SUBSCRIBED");
      expect(await store.load()).toBe("new-0000");
      break;
    }
    expect(client.state).toBe("closed");
  });
});

describe("calls", () => {
  it("carry the current stream ID and framework ID, on a connection other than the stream's (C033, C146)", async () => {
    const c = await subscribed();
    await c.client.call.revive({});
    await c.client.call.reconcile({ tasks: [] });
    const stream = master!.subscriptions[0]!;
    for (const type of ["REVIVE", "RECONCILE"]) {
      const request = await master!.waitForCall(type);
      expect(request.headers["mesos-stream-id"]).toBe(stream.streamId);
      expect(request.call?.framework_id).toEqual({ value: stream.frameworkId });
      expect(request.connectionId).not.toBe(stream.request.connectionId);
      expect(request.status).toBe(202);
    }
  });

  it("are refused locally before SUBSCRIBED, and after close", async () => {
    master = await startFakeMaster();
    const client = new SchedulerClient({ master: master.url.href, framework: FRAMEWORK });
    await expect(client.call.revive({})).rejects.toMatchObject({ code: "ERR_SCHEDULER_NOT_SUBSCRIBED" });
    await client.close();
    await expect(client.call.revive({})).rejects.toMatchObject({ code: "ERR_SCHEDULER_CLOSED" });
    expect(master.requests).toHaveLength(0);
  });

  it("surface Mesos' 400 text as a MesosHttpError", async () => {
    const c = await subscribed();
    master!.respondNext((r) => (r.call?.type === "KILL" ? { status: 400, body: "Task 'x' is invalid" } : undefined));
    const error = await c.client.call.kill({ task_id: { value: "x" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MesosHttpError);
    expect(error).toMatchObject({
      code: "ERR_MESOS_BAD_REQUEST",
      status: 400,
      mesosMessage: "Task 'x' is invalid",
      call: "KILL",
    });
    expect(c.client.state).toBe("subscribed");
  });

  it("refuse SUBSCRIBE through the call facade", async () => {
    const c = await subscribed();
    await expect(c.client.call.subscribe({ framework_info: FRAMEWORK })).rejects.toBeInstanceOf(SchedulerError);
  });

  it("TEARDOWN unregisters, forgets the framework ID and closes", async () => {
    const store = new MemoryFrameworkIdStore();
    const c = await subscribed({ frameworkIdStore: store });
    await c.client.teardown();
    await c.done;
    expect((await master!.waitForCall("TEARDOWN")).status).toBe(202);
    expect(await store.load()).toBeUndefined();
    expect(c.client.state).toBe("closed");
    expect(c.error).toBeUndefined();
  });

  it("close() ends the iteration and the stream on the master's side", async () => {
    const c = await subscribed();
    await c.client.close();
    await c.done;
    await master!.subscriptions[0]!.closed;
    expect(c.notifications.at(-1)?.name).toBe("closed");
  });
});
