/**
 * The scheduler client finding its master through a real ZooKeeper server:
 * the fake masters register `json.info_` znodes like Mesos masters do, and
 * the client follows a leader change to the new master.
 */
import zookeeper from "node-zookeeper-client";
import type { Client } from "node-zookeeper-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeMaster, type FakeMaster } from "../helpers/fake-master.js";
import { startZooKeeper, zooKeeperAvailability, type ZooKeeperServer } from "../helpers/zookeeper-server.js";
import { FRAMEWORK, consume } from "./scheduler-harness.js";

const availability = zooKeeperAvailability();
const skipReason = availability.available ? undefined : availability.reason;

describe.skipIf(skipReason !== undefined && !process.env.CI)("scheduler client with ZooKeeper detection", () => {
  let server: ZooKeeperServer;
  let client: Client;

  beforeAll(async () => {
    if (skipReason) throw new Error(`${skipReason}; CI must install the Debian package zookeeper (see .ci/run)`);
    server = await startZooKeeper();
    client = zookeeper.createClient(server.servers, { sessionTimeout: 4000 });
    await new Promise<void>((resolve) => {
      client.once("connected", () => resolve());
      client.connect();
    });
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await server?.dispose();
  });

  function register(path: string, master: FakeMaster): Promise<string> {
    const info = JSON.stringify({
      address: { hostname: "127.0.0.1", ip: "127.0.0.1", port: master.port },
      hostname: "127.0.0.1",
      id: master.masterId,
      ip: 16777343,
      pid: `master@127.0.0.1:${master.port}`,
      port: master.port,
      version: "1.11.0",
    });
    return new Promise((resolve, reject) =>
      client.create(
        `${path}/json.info_`,
        Buffer.from(info),
        zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
        (error, created) => (error ? reject(error) : resolve(created)),
      ),
    );
  }

  it("subscribes to the leader and follows a leader change", async () => {
    const path = `/mesos-${Date.now()}`;
    await new Promise<void>((resolve, reject) => client.mkdirp(path, (error) => (error ? reject(error) : resolve())));
    const first = await startFakeMaster();
    const second = await startFakeMaster();
    try {
      const firstNode = await register(path, first);
      await register(path, second);
      const c = consume({ master: `zk://${server.servers}${path}`, framework: FRAMEWORK });
      try {
        await c.waitForEvent((e) => e.type === "SUBSCRIBED", 0, 15_000);
        expect(first.subscriptions).toHaveLength(1);
        const frameworkId = c.client.frameworkId;

        // The leader dies: its znode goes, its stream drops; the next master leads.
        await new Promise<void>((resolve, reject) =>
          client.remove(firstNode, (error) => (error ? reject(error) : resolve())),
        );
        first.subscriptions[0]!.destroy();
        await first.close();
        await c.waitForEvent((e) => e.type === "SUBSCRIBED", 1, 15_000);
        expect(second.subscriptions).toHaveLength(1);
        expect(second.subscriptions[0]!.call.framework_id).toEqual({ value: frameworkId });
      } finally {
        await c.client.close();
      }
    } finally {
      await first.close();
      await second.close();
    }
  }, 60_000);
});
