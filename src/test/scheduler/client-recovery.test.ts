/**
 * How the scheduler client survives faults over real sockets: redirects,
 * missing leaders, dropped and silent streams, lost subscriptions, and the
 * ERROR events that end it for good.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryFrameworkIdStore, SchedulerClient } from "../../scheduler/index.js";
import { startFakeMaster, type FakeMaster } from "../helpers/fake-master.js";
import { FAST, FRAMEWORK, consume, type Consumed } from "./scheduler-harness.js";

const masters: FakeMaster[] = [];
let running: Consumed[] = [];

afterEach(async () => {
  await Promise.all(running.map((c) => c.client.close()));
  running = [];
  await Promise.all(masters.splice(0).map((m) => m.close()));
});

async function fakeMaster(options: Parameters<typeof startFakeMaster>[0] = {}): Promise<FakeMaster> {
  const master = await startFakeMaster(options);
  masters.push(master);
  return master;
}

function start(options: Parameters<typeof consume>[0]): Consumed {
  const consumed = consume(options);
  running.push(consumed);
  return consumed;
}

const subscribedEvent = (e: { type?: string }): boolean => e.type === "SUBSCRIBED";

describe("leader redirection and availability", () => {
  it("follows a 307 with a protocol-relative Location to the leader (C028)", async () => {
    const leader = await fakeMaster();
    const standby = await fakeMaster();
    standby.redirectTo(leader.url);
    const c = start({ master: standby.url.href, framework: FRAMEWORK });
    await c.waitForEvent(subscribedEvent);
    expect(leader.subscriptions).toHaveLength(1);
    expect(leader.subscriptions[0]!.request.path).toBe("/master/api/v1/scheduler");
    expect(c.notifications.find((n) => n.name === "redirected")?.payload).toEqual({
      from: `${standby.url.origin}/api/v1/scheduler`,
      to: `http://127.0.0.1:${leader.port}/master/api/v1/scheduler`,
    });
    await c.client.call.revive({});
    expect((await leader.waitForCall("REVIVE")).status).toBe(202);
  });

  it("retries 503 No leader elected with backoff, without raising an error (C029)", async () => {
    const master = await fakeMaster();
    master.noLeader();
    const c = start({ master: master.url.href, framework: FRAMEWORK });
    const reconnecting = (await c.waitForNotification("reconnecting")) as { delayMs: number };
    expect(reconnecting.delayMs).toBeGreaterThanOrEqual(0);
    expect(reconnecting.delayMs).toBeLessThanOrEqual(40);
    master.lead();
    await c.waitForEvent(subscribedEvent);
    expect(c.error).toBeUndefined();
    expect(master.requests.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(1);
  });

  it("retries a redirect to a master that has no leader yet", async () => {
    const leader = await fakeMaster();
    const standby = await fakeMaster();
    leader.noLeader();
    standby.redirectTo(leader.url);
    const c = start({ master: standby.url.href, framework: FRAMEWORK });
    await c.waitForNotification("reconnecting", 1);
    leader.lead();
    await c.waitForEvent(subscribedEvent);
    expect(leader.subscriptions).toHaveLength(1);
    expect(c.error).toBeUndefined();
  });

  it("gives up a redirect loop per attempt and keeps retrying until a leader appears", async () => {
    const a = await fakeMaster();
    const b = await fakeMaster();
    a.redirectTo(b.url);
    b.redirectTo(a.url);
    const c = start({ master: a.url.href, framework: FRAMEWORK, maxRedirects: 3 });
    const disconnected = (await c.waitForNotification("disconnected")) as { error: { code: string } };
    expect(disconnected.error.code).toBe("ERR_MESOS_REDIRECT_LOOP");
    b.lead();
    await c.waitForEvent(subscribedEvent);
    expect(b.subscriptions).toHaveLength(1);
  });

  it("moves to the next master of a list when one is down", async () => {
    const down = await fakeMaster();
    const downUrl = down.url.host;
    await down.close();
    const up = await fakeMaster();
    const c = start({ master: `${downUrl},${up.url.host}`, framework: FRAMEWORK });
    await c.waitForEvent(subscribedEvent);
    expect(up.subscriptions).toHaveLength(1);
  });
});

describe("reconnection", () => {
  it("resubscribes with the framework ID and suppressed roles after the stream ends (C143, C139)", async () => {
    const master = await fakeMaster();
    const c = start({ master: master.url.href, framework: { ...FRAMEWORK, roles: ["web", "db"] } });
    await c.waitForEvent(subscribedEvent);
    const first = master.subscriptions[0]!;
    first.send({
      type: "OFFERS",
      offers: {
        offers: [
          {
            id: { value: "o1" },
            framework_id: { value: first.frameworkId },
            agent_id: { value: "a1" },
            hostname: "h1",
          },
        ],
      },
    });
    await c.waitForEvent((e) => e.type === "OFFERS");
    await c.client.call.suppress({ roles: ["db"] });
    first.end();
    await c.waitForEvent(subscribedEvent, 1);
    const second = (await master.waitForCall("SUBSCRIBE", 1)).call!;
    expect(second.framework_id).toEqual({ value: first.frameworkId });
    expect(second.subscribe?.framework_info.id).toEqual({ value: first.frameworkId });
    expect(second.subscribe?.suppressed_roles).toEqual(["db"]);
    expect(c.notifications.some((n) => n.name === "disconnected")).toBe(true);
    // Offers of the earlier subscription are gone: using one is refused locally.
    await expect(c.client.call.decline({ offer_ids: [{ value: "o1" }] })).rejects.toMatchObject({
      code: "ERR_SCHEDULER_STALE_OFFER",
    });
    expect(master.requests.some((r) => r.call?.type === "DECLINE")).toBe(false);
  });

  it("reconnects when the connection drops abruptly", async () => {
    const master = await fakeMaster();
    const c = start({ master: master.url.href, framework: FRAMEWORK });
    await c.waitForEvent(subscribedEvent);
    master.subscriptions[0]!.destroy();
    await c.waitForEvent(subscribedEvent, 1);
    expect(master.subscriptions).toHaveLength(2);
  });

  it("treats a silent stream as dead after the missed heartbeats (C138)", async () => {
    const master = await fakeMaster({ heartbeatIntervalSeconds: 0.04, sendHeartbeats: false });
    const c = start({ master: master.url.href, framework: FRAMEWORK, heartbeatTimeoutFactor: 5 });
    await c.waitForEvent(subscribedEvent);
    const started = Date.now();
    const disconnected = (await c.waitForNotification("disconnected")) as { reason: string };
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(disconnected.reason).toMatch(/missed heartbeats/);
    await c.waitForEvent(subscribedEvent, 1);
    expect((await master.waitForCall("SUBSCRIBE", 1)).call?.framework_id).toBeDefined();
    await master.subscriptions[0]!.closed;
  });

  it("keeps a stream that sends heartbeats", async () => {
    const master = await fakeMaster({ heartbeatIntervalSeconds: 0.02 });
    const c = start({ master: master.url.href, framework: FRAMEWORK, heartbeatTimeoutFactor: 5 });
    await c.waitForEvent((e) => e.type === "HEARTBEAT", 10);
    expect(master.subscriptions).toHaveLength(1);
  });

  it("resubscribes when a call is answered 403 Framework is not subscribed, without retrying the call (C144)", async () => {
    const master = await fakeMaster();
    const c = start({ master: master.url.href, framework: FRAMEWORK });
    await c.waitForEvent(subscribedEvent);
    master.respondNext((r) =>
      r.call?.type === "REVIVE" ? { status: 403, body: "Framework is not subscribed" } : undefined,
    );
    await expect(c.client.call.revive({})).rejects.toMatchObject({ status: 403, code: "ERR_MESOS_FORBIDDEN" });
    await c.waitForEvent(subscribedEvent, 1);
    expect(master.requests.filter((r) => r.call?.type === "REVIVE")).toHaveLength(1);
  });

  it("reconnects after broken framing", async () => {
    const master = await fakeMaster();
    const c = start({ master: master.url.href, framework: FRAMEWORK, encoding: "json" });
    await c.waitForEvent(subscribedEvent);
    master.subscriptions[0]!.sendRaw("12x\n{}");
    const disconnected = (await c.waitForNotification("disconnected")) as { error: { code: string } };
    expect(disconnected.error.code).toBe("ERR_RECORDIO_LENGTH");
    await c.waitForEvent(subscribedEvent, 1);
  });
});

describe("ERROR events", () => {
  it("ends for good on Framework has been removed, forgetting the framework ID (C140)", async () => {
    const master = await fakeMaster();
    master.failNextSubscribe("Framework has been removed");
    const store = new MemoryFrameworkIdStore("gone-0001");
    const c = start({ master: master.url.href, framework: FRAMEWORK, frameworkIdStore: store });
    await c.done;
    expect(c.error).toMatchObject({
      code: "ERR_SCHEDULER_FRAMEWORK_REMOVED",
      mesosMessage: "Framework has been removed",
    });
    expect(await store.load()).toBeUndefined();
    await new Promise((r) => setTimeout(r, 60));
    expect(master.requests.filter((r) => r.call?.type === "SUBSCRIBE")).toHaveLength(1);
    expect(c.notifications.at(-1)).toMatchObject({
      name: "closed",
      payload: { error: { code: "ERR_SCHEDULER_FRAMEWORK_REMOVED" } },
    });
  });

  it("ends on a refused subscription, explaining it", async () => {
    const master = await fakeMaster();
    master.failNextSubscribe("Not authorized to use role 'web'");
    const c = start({ master: master.url.href, framework: FRAMEWORK });
    await c.done;
    expect(c.error).toMatchObject({ code: "ERR_SCHEDULER_SUBSCRIBE_REFUSED" });
    expect((c.error as Error).message).toContain("Not authorized to use role 'web'");
  });

  it("stops when another scheduler takes over the framework (Framework failed over)", async () => {
    const master = await fakeMaster();
    const first = start({ master: master.url.href, framework: FRAMEWORK });
    await first.waitForEvent(subscribedEvent);
    const id = first.client.frameworkId!;
    const second = start({
      master: master.url.href,
      framework: FRAMEWORK,
      frameworkIdStore: new MemoryFrameworkIdStore(id),
    });
    await second.waitForEvent(subscribedEvent);
    await first.done;
    expect(first.error).toMatchObject({ code: "ERR_SCHEDULER_FAILED_OVER" });
    expect(second.client.state).toBe("subscribed");
  });

  it("ends when SUBSCRIBE is rejected with a status retrying cannot fix (401)", async () => {
    const master = await fakeMaster({ auth: { principal: "fw", secret: "pw" } });
    const c = start({ master: master.url.href, framework: FRAMEWORK });
    await c.done;
    expect(c.error).toMatchObject({ code: "ERR_SCHEDULER_SUBSCRIBE_REJECTED" });
    expect((c.error as Error & { cause: { status: number } }).cause.status).toBe(401);
  });

  it("ends when the SUBSCRIBE answer is not an event stream in the asked encoding", async () => {
    const master = await fakeMaster();
    master.respondNext((r) =>
      r.call?.type === "SUBSCRIBE"
        ? { status: 200, body: "<html>proxy</html>", headers: { "content-type": "text/html" } }
        : undefined,
    );
    const c = start({ master: master.url.href, framework: FRAMEWORK });
    await c.done;
    expect(c.error).toMatchObject({
      code: "ERR_SCHEDULER_SUBSCRIBE_REJECTED",
      cause: { code: "ERR_MESOS_CONTENT_TYPE" },
    });
    expect((c.error as Error).message).toContain("text/html");
  });

  it("authenticates with Basic credentials", async () => {
    const master = await fakeMaster({ auth: { principal: "fw", secret: "pw" } });
    const c = start({ master: master.url.href, framework: FRAMEWORK, credentials: { principal: "fw", secret: "pw" } });
    await c.waitForEvent(subscribedEvent);
    await c.client.call.revive({});
    expect((await master.waitForCall("REVIVE")).status).toBe(202);
  });

  it("rejects bad configuration at construction", () => {
    expect(() => new SchedulerClient({ ...FAST, master: "ftp://x", framework: FRAMEWORK })).toThrow(
      /Invalid master address/,
    );
    expect(
      () =>
        new SchedulerClient({ master: "m:5050", framework: FRAMEWORK, credentials: { principal: "a", secret: "b:c" } }),
    ).toThrow(/cannot authenticate/);
  });
});
