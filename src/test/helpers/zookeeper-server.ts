/**
 * A real, standalone ZooKeeper server for tests: the Debian `zookeeper`
 * package's jar run directly by `java` (no init scripts, no root), bound to
 * 127.0.0.1 on a free port with its own temporary data directory.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The Debian jar lists its dependencies in its manifest's Class-Path, so it is
// the whole class path. ZOOKEEPER_CLASSPATH points elsewhere (e.g. a tarball's lib/*).
const DEBIAN_JAR = "/usr/share/java/zookeeper.jar";
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

/** Whether a ZooKeeper server can be started here: `{ available: false, reason }` says what is missing. */
export function zooKeeperAvailability(): { available: true } | { available: false; reason: string } {
  if (!process.env.ZOOKEEPER_CLASSPATH && !existsSync(DEBIAN_JAR)) {
    return { available: false, reason: `ZooKeeper is not installed (no ${DEBIAN_JAR}; apt-get install zookeeper)` };
  }
  const java = spawnSync(javaCommand(), ["-version"], { stdio: "ignore", timeout: 20_000 });
  if (java.error || java.status !== 0)
    return { available: false, reason: `cannot run ${javaCommand()} (needed by ZooKeeper)` };
  return { available: true };
}

function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
}

/** A running (or stopped) test ZooKeeper server; `start` after `stop` reuses the port and, unless wiped, the data. */
export interface ZooKeeperServer {
  /** The client port on 127.0.0.1. */
  readonly port: number;
  /** The client connection string, `127.0.0.1:<port>`. */
  readonly servers: string;
  /** Starts the server again after `stop`; `wipe` empties the data directory first, so every session is unknown. */
  start(options?: { wipe?: boolean }): Promise<void>;
  /** Kills the server and waits for its exit; the data directory stays. */
  stop(): Promise<void>;
  /** Stops the server and removes its temporary directory. */
  dispose(): Promise<void>;
}

/** Starts a standalone ZooKeeper on 127.0.0.1 and resolves once it answers `ruok`. */
export async function startZooKeeper(): Promise<ZooKeeperServer> {
  const home = await mkdtemp(join(tmpdir(), "zookeeper-test-"));
  const dataDir = join(home, "data");
  const config = join(home, "zoo.cfg");
  const port = await freePort();
  await writeFile(
    config,
    [
      // A short tick allows the short session timeouts (2 ticks minimum) the tests use.
      "tickTime=500",
      `dataDir=${dataDir}`,
      `clientPort=${port}`,
      "clientPortAddress=127.0.0.1",
      "admin.enableServer=false",
      "4lw.commands.whitelist=ruok",
      "maxClientCnxns=0",
      "",
    ].join("\n"),
  );
  let child: ChildProcess | undefined;

  const start = async (options: { wipe?: boolean } = {}): Promise<void> => {
    if (child) throw new Error("the ZooKeeper server is already running");
    if (options.wipe) await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
    const output: string[] = [];
    const java = spawn(
      javaCommand(),
      [
        "-Xmx128m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        // Restarting on a data directory that has a transaction log but no snapshot yet must work.
        "-Dzookeeper.snapshot.trust.empty=true",
        "-cp",
        process.env.ZOOKEEPER_CLASSPATH ?? DEBIAN_JAR,
        "org.apache.zookeeper.server.ZooKeeperServerMain",
        config,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const keep = (chunk: Buffer): void => {
      output.push(chunk.toString("utf8"));
      if (output.length > 50) output.shift();
    };
    java.stdout!.on("data", keep);
    java.stderr!.on("data", keep);
    child = java;
    try {
      await waitUntilServing(port, java);
    } catch (error) {
      await kill(java);
      child = undefined;
      throw new Error(`${(error as Error).message}; ZooKeeper said:\n${output.join("").slice(-4000)}`, {
        cause: error,
      });
    }
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running) await kill(running);
  };

  try {
    await start();
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    servers: `127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/**
 * A free port on 127.0.0.1 below the kernel's ephemeral range. The server is restarted on
 * its port, and while it is down the port must not be handed to anyone else:
 * neither to another process listening on port 0, nor to a client's own
 * reconnect attempt (a TCP self-connect), both of which take ephemeral ports.
 */
export async function freePort(): Promise<number> {
  const ephemeralStart = await readFile("/proc/sys/net/ipv4/ip_local_port_range", "utf8")
    .then((text) => Number(text.trim().split(/\s+/)[0]))
    .catch(() => 32768);
  const low = 10_000;
  const high = Math.max(low + 1000, Math.min(ephemeralStart, 65536));
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function waitUntilServing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`ZooKeeper exited during start-up (${child.exitCode ?? child.signalCode})`);
    }
    if ((await ask(port, "ruok")) === "imok") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`ZooKeeper did not answer on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms`);
}

/** Sends a four-letter command; resolves with the answer, or "" when the server is not there yet. */
function ask(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.setTimeout(1000, () => socket.destroy());
    socket.on("connect", () => socket.write(command));
    socket.on("data", (chunk) => (answer += chunk.toString("utf8")));
    socket.on("error", () => {});
    socket.on("close", () => resolve(answer));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), STOP_TIMEOUT_MS)));
  if ((await Promise.race([exited, late])) === "late") {
    child.kill("SIGKILL");
    await exited;
  }
  clearTimeout(timer);
}

/** A TCP relay to a local port whose link can be cut, to partition clients from a server that keeps running. */
export interface CuttableLink {
  /** The connection string of the relay, `127.0.0.1:<port>`. */
  readonly servers: string;
  /** Drops every relayed connection and refuses new ones until `heal`. */
  cut(): void;
  /** Relays new connections again. */
  heal(): void;
  /** Drops everything and stops listening. */
  close(): Promise<void>;
}

/** Starts a relay from a free port on 127.0.0.1 to `port`. */
export async function startCuttableLink(port: number): Promise<CuttableLink> {
  const open = new Set<Socket>();
  let cut = false;
  const track = (socket: Socket): void => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => {});
  };
  const relay = createServer((downstream) => {
    track(downstream);
    if (cut) return void downstream.destroy();
    const upstream = connect(port, "127.0.0.1");
    track(upstream);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    downstream.on("close", () => upstream.destroy());
    upstream.on("close", () => downstream.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const dropAll = (): void => {
    for (const socket of open) socket.destroy();
  };
  return {
    servers: `127.0.0.1:${(relay.address() as { port: number }).port}`,
    cut: () => {
      cut = true;
      dropAll();
    },
    heal: () => {
      cut = false;
    },
    close: () => {
      dropAll();
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}
