/**
 * ZooKeeper master detection against a real ZooKeeper server. The tests play
 * the Mesos masters themselves: like a real master, each registration is an
 * ephemeral sequential `json.info_` znode holding the master's MasterInfo JSON
 * (keys in alphabetical order, as recorded from Mesos 1.12).
 */
import { createHash } from "node:crypto";
import zookeeper from "node-zookeeper-client";
import type { Client, Exception } from "node-zookeeper-client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Logger } from "../../logger.js";
import {
  MasterDetectionError,
  ZooKeeperMasterDetector,
  closeZooKeeperClient,
  masterInfoUrl,
  parseZooKeeperUrl,
  type ZooKeeperDetectorOptions,
} from "../../http/zookeeper-detector.js";
import {
  freePort,
  startCuttableLink,
  startZooKeeper,
  zooKeeperAvailability,
  type CuttableLink,
  type ZooKeeperServer,
} from "../helpers/zookeeper-server.js";

/** MasterInfo as a Mesos master writes it into ZooKeeper. */
function masterInfo(port: number, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    address: { hostname: "localhost", ip: "127.0.0.1", port },
    capabilities: [{ type: "AGENT_UPDATE" }, { type: "AGENT_DRAINING" }, { type: "QUOTA_V2" }],
    hostname: "localhost",
    id: `b6be2d31-548c-48b7-820c-53c7be5d${port}`,
    ip: 16777343,
    pid: `master@127.0.0.1:${port}`,
    port,
    version: "1.12.0",
    ...overrides,
  });
}

describe("parseZooKeeperUrl", () => {
  it("parses one or several servers and the path", () => {
    expect(parseZooKeeperUrl("zk://127.0.0.1:2181/mesos")).toEqual({ servers: "127.0.0.1:2181", path: "/mesos" });
    expect(parseZooKeeperUrl(" zk://zk1:2181,zk2:2182,zk3/mesos/prod/ ")).toEqual({
      servers: "zk1:2181,zk2:2182,zk3:2181",
      path: "/mesos/prod",
    });
  });

  it("takes digest credentials from user:password@", () => {
    expect(parseZooKeeperUrl("zk://mesos:s3cr:et@zk1:2181,zk2:2181/mesos")).toEqual({
      servers: "zk1:2181,zk2:2181",
      path: "/mesos",
      auth: { user: "mesos", password: "s3cr:et" },
    });
    expect(parseZooKeeperUrl("zk://u:p@ss@zk1:2181/mesos").auth).toEqual({ user: "u", password: "p@ss" });
  });

  it.each([
    ["http://zk1:2181/mesos", "must start with zk://"],
    ["zk://zk1:2181", "path the masters register under is missing"],
    ["zk://zk1:2181/", "path the masters register under is missing"],
    ["zk:///mesos", "no ZooKeeper server"],
    ["zk://zk1:2181,/mesos", `"" is not host:port`],
    ["zk://zk1:99999/mesos", "port 99999"],
    ["zk://zk1:http/mesos", "is not host:port"],
    ["zk://[::1]:2181/mesos", "IPv6 literals are not supported"],
    ["zk://zk1:2181/mesos//a", "not a valid znode path"],
    ["zk://zk1:2181/mesos/../x", "not a valid znode path"],
    ["zk://secret@zk1:2181/mesos", "credentials must be user:password"],
    ["zk://:secret@zk1:2181/mesos", "credentials must be user:password"],
  ])("rejects %s", (url, problem) => {
    let error: unknown;
    try {
      parseZooKeeperUrl(url);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(MasterDetectionError);
    expect((error as MasterDetectionError).code).toBe("ERR_MESOS_ZK_URL");
    expect((error as Error).message).toContain(problem);
    expect((error as Error).message).toContain("e.g. zk://zk1:2181/mesos");
    expect((error as Error).message).not.toContain("secret");
  });

  it("rejects bad options of the detector before connecting", () => {
    expect(() => new ZooKeeperMasterDetector("zk://127.0.0.1:1/mesos", { sessionTimeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: "ERR_MESOS_ZK_OPTIONS" }),
    );
    expect(() => new ZooKeeperMasterDetector("zk://127.0.0.1:1")).toThrow(
      expect.objectContaining({ code: "ERR_MESOS_ZK_URL" }),
    );
  });
});

describe("masterInfoUrl", () => {
  it("addresses the master by hostname, or by IP on request", () => {
    const info = masterInfo(5060, { address: { hostname: "m1.example", ip: "10.0.0.7", port: 5060 } });
    expect(masterInfoUrl(info).href).toBe("http://m1.example:5060/");
    expect(masterInfoUrl(Buffer.from(info), { scheme: "https", address: "ip" }).href).toBe("https://10.0.0.7:5060/");
  });

  it("falls back to the top-level fields and decodes the little-endian ip", () => {
    const legacy = JSON.stringify({ hostname: "m2", ip: 117506058, port: 5051, id: "x", pid: "master@10.0.1.7:5051" });
    expect(masterInfoUrl(legacy).href).toBe("http://m2:5051/");
    expect(masterInfoUrl(legacy, { address: "ip" }).href).toBe("http://10.0.1.7:5051/");
    expect(masterInfoUrl(JSON.stringify({ ip: 16777343, port: 5050 })).href).toBe("http://127.0.0.1:5050/");
  });

  it.each([
    ["not json", "not JSON"],
    ["[1]", "not a JSON object"],
    [JSON.stringify({ hostname: "m1" }), "no valid port"],
    [JSON.stringify({ hostname: "m1", port: 70000 }), "no valid port"],
    [JSON.stringify({ port: 5050 }), "no address.hostname, hostname nor ip"],
    [JSON.stringify({ hostname: "bad host", port: 5050 }), "not a valid host"],
  ])("rejects %s", (data, problem) => {
    expect(() => masterInfoUrl(data)).toThrow(
      expect.objectContaining({ code: "ERR_MESOS_ZK_MASTER_INFO", message: expect.stringContaining(problem) }),
    );
  });

  it("needs an IP when asked to address by IP", () => {
    expect(() => masterInfoUrl(JSON.stringify({ hostname: "m1", port: 5050 }), { address: "ip" })).toThrow(
      /no address.ip nor ip/,
    );
  });
});

const availability = zooKeeperAvailability();
const skipReason = availability.available ? undefined : availability.reason;

if (skipReason && process.env.CI) {
  describe("ZooKeeperMasterDetector with a real ZooKeeper", () => {
    it("has a ZooKeeper server to test against", () => {
      throw new Error(`${skipReason}; CI must install the Debian package zookeeper (see .ci/run)`);
    });
  });
} else if (skipReason) {
  console.warn(`Skipping the ZooKeeper master detection tests: ${skipReason}`);
}

describe.skipIf(skipReason !== undefined)(
  `ZooKeeperMasterDetector with a real ZooKeeper${skipReason ? ` (skipped: ${skipReason})` : ""}`,
  () => {
    let server: ZooKeeperServer | undefined;
    let masters: Client | undefined;
    const clients = new Set<Client>();
    const detectors = new Set<ZooKeeperMasterDetector>();
    const links = new Set<CuttableLink>();
    let pathCount = 0;

    beforeAll(async () => {
      server = await startZooKeeper();
      masters = await connectClient();
    }, 60_000);

    afterEach(async () => {
      await Promise.all([...detectors].map((detector) => detector.close()));
      detectors.clear();
      // After the detectors, so that none keeps knocking on a closed relay.
      await Promise.all([...links].map((link) => link.close()));
      links.clear();
      await Promise.all([...clients].filter((client) => client !== masters).map(closeClient));
      // A restart test that failed half-way must not leave the server down for the next ones.
      await server?.start().catch(() => undefined);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([...clients].map(closeClient));
      await server?.dispose();
    }, 30_000);

    function freshPath(): string {
      pathCount += 1;
      return `/mesos-${pathCount}`;
    }

    function detect(
      path: string,
      options: ZooKeeperDetectorOptions = {},
      { auth = "", servers = server!.servers } = {},
    ): ZooKeeperMasterDetector {
      const detector = new ZooKeeperMasterDetector(`zk://${auth}${servers}${path}`, options);
      detectors.add(detector);
      return detector;
    }

    async function cuttableLink(): Promise<CuttableLink> {
      const link = await startCuttableLink(server!.port);
      links.add(link);
      return link;
    }

    async function connectClient(auth?: string): Promise<Client> {
      const client = zookeeper.createClient(server!.servers, { sessionTimeout: 4000, spinDelay: 200, retries: 0 });
      if (auth) client.addAuthInfo("digest", Buffer.from(auth));
      clients.add(client);
      const connected = new Promise<void>((resolve) => client.once("connected", () => resolve()));
      client.connect();
      await within(connected, 10_000, "the test client did not connect to ZooKeeper");
      return client;
    }

    async function closeClient(client: Client): Promise<void> {
      clients.delete(client);
      await closeZooKeeperClient(client);
    }

    function call<T>(run: (done: (error: Error | Exception | null, value: T) => void) => void): Promise<T> {
      return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
    }

    function mkdirp(path: string, client = masters!): Promise<string> {
      return call((done) => client.mkdirp(path, done));
    }

    function registerMaster(path: string, data: string, client = masters!): Promise<string> {
      return call((done) =>
        client.create(`${path}/json.info_`, Buffer.from(data), zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL, done),
      );
    }

    function remove(path: string, client = masters!): Promise<void> {
      return call<undefined>((done) => client.remove(path, (error) => done(error, undefined)));
    }

    /** Resolves with the first leader change that `matches`; subscribe before acting so nothing is missed. */
    function change(
      detector: ZooKeeperMasterDetector,
      matches: (leader: URL | undefined) => boolean,
      description: string,
    ): Promise<URL | undefined> {
      let stop = (): void => {};
      const seen = new Promise<URL | undefined>((resolve) => {
        stop = detector.onChange((leader) => {
          if (matches(leader)) resolve(leader);
        });
      });
      return within(seen, 15_000, `no leader change: ${description}`).finally(() => stop());
    }

    const isOrigin = (origin: string) => (leader: URL | undefined) => leader?.origin === origin;

    it("follows the json.info_ child with the lowest sequence number", async () => {
      const path = freshPath();
      await mkdirp(path);
      const first = await registerMaster(path, masterInfo(5060));
      const second = await registerMaster(path, masterInfo(5061));
      expect(first).toBe(`${path}/json.info_0000000000`);
      expect(second).toBe(`${path}/json.info_0000000001`);
      const detector = detect(path);
      expect((await leaderOf(detector)).href).toBe("http://localhost:5060/");

      const next = change(detector, isOrigin("http://localhost:5061"), "to the second master");
      await remove(first);
      await next;
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5061");

      const none = change(detector, (leader) => leader === undefined, "to no master");
      await remove(second);
      await none;
    });

    it("moves on when the leader's session ends and its ephemeral znode vanishes", async () => {
      const path = freshPath();
      await mkdirp(path);
      const leading = await connectClient();
      await registerMaster(path, masterInfo(5060), leading);
      await registerMaster(path, masterInfo(5061));
      const detector = detect(path);
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5060");

      const next = change(detector, isOrigin("http://localhost:5061"), "after the leader's session ended");
      await closeClient(leading);
      await next;
    });

    it("waits for the path to be created by the first master", async () => {
      const path = `${freshPath()}/nested`;
      const detector = detect(path);
      const pending = detector.leader();
      await sleep(300);
      await mkdirp(path);
      const registered = await registerMaster(path, masterInfo(5070));
      expect((await within(pending, 10_000, "leader after the path was created")).origin).toBe("http://localhost:5070");

      // The path may go away altogether and come back.
      const none = change(detector, (leader) => leader === undefined, "after the path was deleted");
      await remove(registered);
      await remove(path);
      await none;
      const back = change(detector, isOrigin("http://localhost:5071"), "after the path came back");
      await mkdirp(path);
      await registerMaster(path, masterInfo(5071));
      await back;
    });

    it("ignores children that are not json.info_ registrations", async () => {
      const path = freshPath();
      await mkdirp(`${path}/log_replicas`);
      await call<string>((done) => masters!.create(`${path}/info_0000000000`, Buffer.from("legacy protobuf"), done));
      await call<string>((done) => masters!.create(`${path}/json.info_x`, Buffer.from("{}"), done));
      const detector = detect(path);
      await expect(detector.leader(AbortSignal.timeout(500))).rejects.toMatchObject({ name: "TimeoutError" });

      await registerMaster(path, masterInfo(5080));
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5080");
    });

    it("keeps the previous leader and warns when the leader's data is not a MasterInfo", async () => {
      const path = freshPath();
      await mkdirp(path);
      const first = await registerMaster(path, masterInfo(5060));
      const broken = await registerMaster(path, "{not json");
      await registerMaster(path, masterInfo(5062));
      const logger = recordingLogger();
      const detector = detect(path, { logger });
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5060");
      const changes: (URL | undefined)[] = [];
      detector.onChange((leader) => changes.push(leader));

      await remove(first);
      await vi.waitFor(() => expect(logger.codes()).toContain("ERR_MESOS_ZK_MASTER_INFO"), { timeout: 10_000 });
      const warning = logger.entries.find((entry) => entry.message.startsWith("ignoring unusable"))!;
      expect(warning.fields).toMatchObject({ znode: broken, leader: "http://localhost:5060" });
      expect((warning.fields.error as MasterDetectionError).code).toBe("ERR_MESOS_ZK_MASTER_INFO");
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5060");
      expect(changes).toEqual([]);

      const next = change(detector, isOrigin("http://localhost:5062"), "past the broken registration");
      await remove(broken);
      await next;
    });

    it("addresses the leader by IP, with the scheme asked for", async () => {
      const path = freshPath();
      await mkdirp(path);
      const first = await registerMaster(path, masterInfo(5060, { address: { hostname: "m1.invalid", port: 5060 } }));
      await registerMaster(
        path,
        masterInfo(5061, { address: { hostname: "m2.invalid", ip: "127.0.0.2", port: 5061 } }),
      );
      const detector = detect(path, { address: "ip", scheme: "https" });
      // No address.ip: decoded from the integer ip.
      expect((await leaderOf(detector)).href).toBe("https://127.0.0.1:5060/");
      const next = change(detector, isOrigin("https://127.0.0.2:5061"), "to the second master by IP");
      await remove(first);
      await next;
    });

    it("rejects leader() with the signal's reason when aborted", async () => {
      const detector = detect(freshPath());
      const controller = new AbortController();
      const pending = detector.leader(controller.signal);
      const reason = new Error("gave up");
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      await expect(detector.leader(AbortSignal.abort(reason))).rejects.toBe(reason);
    });

    it("rejects pending leader() calls on close and leaves no socket or timer behind", async () => {
      const before = resources();
      const path = freshPath();
      await mkdirp(path);
      const detector = detect(path);
      const pending = expect(detector.leader()).rejects.toMatchObject({
        name: "MasterDetectionError",
        code: "ERR_MESOS_ZK_CLOSED",
      });
      await sleep(300);
      await detector.close();
      await pending;
      await expect(detector.leader()).rejects.toMatchObject({ code: "ERR_MESOS_ZK_CLOSED" });
      await detector.close();
      expectNoNewResources(before);

      // Closing while ZooKeeper cannot be reached ends the reconnect attempts too.
      const unreachable = new ZooKeeperMasterDetector(`zk://127.0.0.1:${await freePort()}/mesos`);
      await sleep(1500);
      await unreachable.close();
      expectNoNewResources(before);
    });

    it("reads a path protected by a digest ACL with the URL's credentials", async () => {
      const path = freshPath();
      const owner = await connectClient("mesos:s3cret");
      const digest = createHash("sha1").update("mesos:s3cret").digest("base64");
      const acl = [new zookeeper.ACL(zookeeper.Permission.ALL, new zookeeper.Id("digest", `mesos:${digest}`))];
      await call<string>((done) => owner.create(path, acl, zookeeper.CreateMode.PERSISTENT, done));
      await registerMaster(path, masterInfo(5090), owner);

      const detector = detect(path, {}, { auth: "mesos:s3cret@" });
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5090");

      const logger = recordingLogger();
      const anonymous = detect(path, { logger });
      await vi.waitFor(() => expect(logger.codes()).toContain("ERR_MESOS_ZK_ACCESS"), { timeout: 10_000 });
      expect(logger.entries.find((entry) => entry.fields.error)!.message).toContain("zk://user:password@");
      await anonymous.close();
    });

    // Restarts last: they disturb every session on the server.
    it("survives a ZooKeeper restart, forgetting the leader while ZooKeeper is away", async () => {
      const path = freshPath();
      await mkdirp(path);
      const first = await registerMaster(path, masterInfo(5060));
      await registerMaster(path, masterInfo(5061));
      const logger = recordingLogger();
      const detector = detect(path, { logger, sessionTimeoutMs: 6000, connectTimeoutMs: 500 });
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5060");

      const lost = change(detector, (leader) => leader === undefined, "while ZooKeeper is down");
      await server!.stop();
      await lost;
      expect(logger.codes()).toContain("ERR_MESOS_ZK_UNREACHABLE");

      // Same data directory: sessions and ephemeral znodes survive the restart.
      const back = change(detector, isOrigin("http://localhost:5060"), "after ZooKeeper came back");
      await server!.start();
      await back;

      const next = change(detector, isOrigin("http://localhost:5061"), "after the restart");
      await remove(first);
      await next;
    }, 120_000);

    it("reconnects after a short connection loss and catches up on what it missed", async () => {
      const path = freshPath();
      await mkdirp(path);
      const first = await registerMaster(path, masterInfo(5060));
      await registerMaster(path, masterInfo(5061));
      const link = await cuttableLink();
      const logger = recordingLogger();
      const detector = detect(path, { logger, sessionTimeoutMs: 8000 }, { servers: link.servers });
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5060");

      const next = change(detector, isOrigin("http://localhost:5061"), "after the connection came back");
      link.cut();
      await remove(first);
      await sleep(500);
      link.heal();
      await next;
      // The same session went on: no expiry, no new session.
      expect(logger.warnings()).toEqual([]);
      expect(logger.entries.map((entry) => entry.message)).toContain("lost the connection to ZooKeeper; reconnecting");
    }, 120_000);

    it("starts a new session when ZooKeeper has expired the old one", async () => {
      const path = freshPath();
      await mkdirp(path);
      const first = await registerMaster(path, masterInfo(5060));
      await registerMaster(path, masterInfo(5061));
      const link = await cuttableLink();
      const logger = recordingLogger();
      const options = { logger, sessionTimeoutMs: 1500, connectTimeoutMs: 30_000 };
      const detector = detect(path, options, { servers: link.servers });
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5060");

      // Cut off longer than the session timeout while the server runs: the
      // server expires the session and says so when the client is back.
      link.cut();
      await sleep(4000);
      link.heal();
      await vi.waitFor(() => expect(logger.warnings()).toContain("ZooKeeper session expired; starting a new session"), {
        timeout: 10_000,
      });
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5060");

      const next = change(detector, isOrigin("http://localhost:5061"), "seen by the new session");
      await remove(first);
      await next;
    }, 120_000);

    it("recovers when ZooKeeper comes back without its data", async () => {
      const path = freshPath();
      await mkdirp(path);
      await registerMaster(path, masterInfo(5060));
      const logger = recordingLogger();
      const detector = detect(path, { logger, sessionTimeoutMs: 6000, connectTimeoutMs: 1500 });
      expect((await leaderOf(detector)).origin).toBe("http://localhost:5060");

      // The server then refuses every old session (their clients saw newer
      // zxids than it has); the detector gets in again with a new session.
      const gone = change(detector, (leader) => leader === undefined, "after ZooKeeper lost its state");
      await server!.stop();
      await server!.start({ wipe: true });
      await gone;
      expect(logger.codes()).toContain("ERR_MESOS_ZK_UNREACHABLE");

      await closeClient(masters!);
      masters = await connectClient();
      const next = change(detector, isOrigin("http://localhost:5065"), "a master registering in the new state");
      await mkdirp(path);
      await registerMaster(path, masterInfo(5065));
      await next;
    }, 120_000);
  },
);

interface Entry {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

function recordingLogger(): Logger & { entries: Entry[]; warnings(): string[]; codes(): string[] } {
  const entries: Entry[] = [];
  const log =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      entries.push({ level, fields, message });
    };
  return {
    entries,
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    warnings: () => entries.filter((entry) => entry.level === "warn").map((entry) => entry.message),
    codes: () => entries.map((entry) => (entry.fields.error as { code?: string } | undefined)?.code ?? ""),
  };
}

/** Fails if the process holds more sockets or timers than `before`. */
function expectNoNewResources(before: Record<string, number>): void {
  const now = resources();
  expect(now.TCPSocketWrap ?? 0).toBe(before.TCPSocketWrap ?? 0);
  // Vitest's own timers come and go, so only growth counts.
  expect(now.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
}

/** Counts of the sockets and timers this process holds. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === "TCPSocketWrap" || kind === "Timeout") counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The detector's leader; a failure that says so within 15 s rather than a hang until the test's own timeout. */
function leaderOf(detector: ZooKeeperMasterDetector): Promise<URL> {
  return within(detector.leader(), 15_000, "the detector found no leader within 15 s");
}

async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
