/** Cluster-level guarantees of mini-mesos: authentication and role ACLs, repeatable runs, clean shutdown, bad input. */
import { execFileSync } from "node:child_process";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { SchedulerClient } from "../../scheduler/index.js";
import { launchOn, sleeper } from "../helpers/launch.js";
import { startMiniMesos, type MiniMesos } from "../../testing/cluster.js";
import { formatSessionLog } from "../../testing/session-log.js";

let cluster: MiniMesos | undefined;
let client: SchedulerClient | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await cluster?.close();
  cluster = undefined;
});

const framework = (roles: string[]): mesos.FrameworkInfo => ({
  user: "test",
  name: "acl",
  principal: "fw",
  roles,
  capabilities: [{ type: "MULTI_ROLE" }],
});

async function firstEvent(c: SchedulerClient): Promise<string | undefined> {
  for await (const event of c.subscribe()) return event.type;
  return undefined;
}

describe("authentication and role authorisation", () => {
  it("lets a principal use the roles its ACL allows, and refuses the others with Mesos' text", async () => {
    cluster = await startMiniMesos({
      taskMode: "inline",
      credentials: [{ principal: "fw", secret: "pw" }],
      roleAcl: { fw: ["web"] },
    });
    const credentials = { principal: "fw", secret: "pw" };
    client = new SchedulerClient({ master: cluster.masterUrl.href, framework: framework(["web"]), credentials });
    expect(await firstEvent(client)).toBe("SUBSCRIBED");

    client = new SchedulerClient({ master: cluster.masterUrl.href, framework: framework(["db"]), credentials });
    const error = await firstEvent(client).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ERR_SCHEDULER_SUBSCRIBE_REFUSED",
      mesosMessage: "Not authorized to register framework  with roles { db }",
    });
  });

  it("refuses a scheduler without credentials when authentication is on", async () => {
    cluster = await startMiniMesos({ taskMode: "inline", credentials: [{ principal: "fw", secret: "pw" }] });
    client = new SchedulerClient({ master: cluster.masterUrl.href, framework: framework(["web"]) });
    const error = await firstEvent(client).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_SCHEDULER_SUBSCRIBE_REJECTED", cause: { status: 401 } });
  });
});

describe("repeatability", () => {
  /** Runs one scheduler session on a virtual clock and returns its log as text. */
  async function session(seed: number): Promise<string> {
    const c = await startMiniMesos({ seed, clock: "virtual", taskMode: "inline", agents: 2 });
    const s = new SchedulerClient({ master: c.masterUrl.href, framework: framework(["*"]), encoding: "json" });
    let offers = 0;
    for await (const event of s.subscribe()) {
      if (event.type === "SUBSCRIBED") await c.advance(1000);
      if (event.type === "OFFERS" && ++offers === 1) {
        await s.call.decline({ offer_ids: event.offers.offers!.map((o) => o.id), filters: { refuse_seconds: 0 } });
        break;
      }
    }
    await s.close();
    await c.close();
    // Ports are the one thing a seed cannot fix: the system picks free ones.
    return formatSessionLog(c.log)
      .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
      .replace(/"port":\d+/g, '"port":0');
  }

  it("repeats a session exactly with the same seed, and differs with another", async () => {
    const first = await session(7);
    expect(await session(7)).toBe(first);
    expect(await session(8)).not.toBe(first);
    expect(first).toContain('"OFFERS"');
  });
});

describe("clean shutdown and bad input", () => {
  it("leaves no process, socket or timer behind", async () => {
    const handles = (): number => process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap").length;
    const before = handles();
    cluster = await startMiniMesos({ agents: 2 });
    client = new SchedulerClient({ master: cluster.masterUrl.href, framework: framework(["*"]) });
    for await (const event of client.subscribe()) {
      if (event.type === "UPDATE" && event.update.status.state === "TASK_RUNNING") break;
      if (event.type !== "OFFERS") continue;
      const offer = event.offers.offers![0]!;
      await launchOn(client, offer, [sleeper("exec sleep 300 # mini-mesos-leak-check")]);
    }
    await client.close();
    client = undefined;
    await cluster.close().catch(() => undefined);
    cluster = undefined;
    await expect.poll(() => handles()).toBeLessThanOrEqual(before);
    const processes = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(processes).not.toContain("mini-mesos-leak-check");
  });

  it("answers an oversized request with 413 and keeps serving", async () => {
    cluster = await startMiniMesos({ taskMode: "inline" });
    const url = new URL("/api/v1/scheduler", cluster.masterUrl);
    const big = await request(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.alloc(17 * 1024 * 1024, 0x20),
    });
    expect(big.statusCode).toBe(413);
    await big.body.dump();
    const next = await request(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(next.statusCode).toBe(400);
    expect(await next.body.text()).toBe("Failed to validate scheduler::Call: Expecting 'type' to be present");
  });
});
