/** The HTTP control endpoint (faults for frameworks in other languages) and the session log. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { SchedulerClient } from "../../scheduler/index.js";
import { startMiniMesos, type MiniMesos } from "../../testing/cluster.js";
import { loadSessionLog, saveSessionLog } from "../../testing/session-log.js";

let cluster: MiniMesos | undefined;
let client: SchedulerClient | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await cluster?.close();
  cluster = undefined;
});

async function control(path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await request(new URL(`/mini-mesos/${path}`, cluster!.masterUrl), {
    method: body === undefined ? "GET" : "POST",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

// A failover timeout keeps the framework registered while its stream is down (0 would remove it at once).
const FRAMEWORK: mesos.FrameworkInfo = {
  user: "test",
  name: "control",
  roles: ["*"],
  failover_timeout: 60,
  capabilities: [{ type: "MULTI_ROLE" }],
};

describe("mini-mesos control endpoint", () => {
  it("reports the cluster's state", async () => {
    cluster = await startMiniMesos({ agents: 2, masters: 2, taskMode: "inline" });
    const state = JSON.parse((await control("state")).text) as {
      masters: string[];
      leader: string;
      agents: { id: string }[];
    };
    expect(state.masters).toHaveLength(2);
    expect(state.leader).toBe(cluster.masterUrl.href);
    expect(state.agents.map((a) => a.id)).toEqual(cluster.agents.map((a) => a.id));
  });

  it("injects a fault by HTTP: dropping the subscription makes the client resubscribe", async () => {
    cluster = await startMiniMesos({ taskMode: "inline" });
    client = new SchedulerClient({
      master: cluster.masterUrl.href,
      framework: FRAMEWORK,
      backoff: { initialMs: 5, capMs: 20 },
    });
    let subscriptions = 0;
    client.on("subscribed", () => subscriptions++);
    void (async () => {
      for await (const _event of client!.subscribe());
    })().catch(() => undefined);
    await expect.poll(() => subscriptions).toBe(1);
    expect(await control("faults/drop-subscriptions", {})).toEqual({ status: 200, text: '{"ok":true}' });
    await expect.poll(() => subscriptions).toBe(2);
  });

  it("moves virtual time by HTTP", async () => {
    cluster = await startMiniMesos({ clock: "virtual", taskMode: "inline" });
    const before = cluster.clock.now();
    expect((await control("advance", { ms: 60_000 })).status).toBe(200);
    expect(cluster.clock.now() - before).toBe(60_000);
  });

  it("explains bad commands and arguments", async () => {
    cluster = await startMiniMesos({ taskMode: "inline" });
    const unknown = await control("faults/nope", {});
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("drop-subscriptions");
    expect(await control("faults/partition-agent", {})).toEqual({
      status: 400,
      text: 'mini-mesos control: "agentId" must be a non-empty string',
    });
    expect((await control("advance", { ms: 1 })).text).toContain("virtual");
  });
});

describe("session log", () => {
  it("saves every call and event as Mesos JSON lines and reads them back exactly", async () => {
    cluster = await startMiniMesos({ taskMode: "inline" });
    client = new SchedulerClient({ master: cluster.masterUrl.href, framework: FRAMEWORK, encoding: "json" });
    for await (const event of client.subscribe()) {
      if (event.type === "OFFERS") {
        await client.call.decline({ offer_ids: event.offers.offers!.map((o) => o.id) });
        break;
      }
    }
    await expect.poll(() => cluster!.log.some((e) => e.kind === "call" && e.call.type === "DECLINE")).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "session-"));
    try {
      saveSessionLog(join(dir, "session.jsonl"), cluster.log);
      const loaded = loadSessionLog(join(dir, "session.jsonl"));
      expect(loaded).toEqual(cluster.log);
      expect(loaded.map((e) => (e.kind === "event" ? e.event.type : e.kind === "call" ? e.call.type : "?"))).toEqual(
        expect.arrayContaining(["SUBSCRIBE", "SUBSCRIBED", "OFFERS", "DECLINE"]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
