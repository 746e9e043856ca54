/**
 * Master detection through ZooKeeper, the way Mesos masters elect their
 * leader: each master holds an ephemeral sequential znode `json.info_<seq>`
 * under the path of the `zk://` URL, the lowest sequence is the leader and its
 * data is the leader's `MasterInfo` as JSON. The detector watches the children
 * of that path, so it follows every election without polling.
 */
import type { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import zookeeper from "node-zookeeper-client";
import type { Client, Exception } from "node-zookeeper-client";
import { silentLogger, type Logger } from "../logger.js";
import { MasterDetectionError } from "./detection-errors.js";
import type { MasterDetector } from "./master-detector.js";

export { MasterDetectionError, type MasterDetectionErrorCode } from "./detection-errors.js";

/** A `zk://` URL taken apart: what the ZooKeeper client needs. */
export interface ZooKeeperTarget {
  /** The ensemble as a connection string, `h1:2181,h2:2181`. */
  readonly servers: string;
  /** The znode the masters register under, `/mesos`. */
  readonly path: string;
  /** Digest credentials from `zk://user:password@...`. */
  readonly auth?: { readonly user: string; readonly password: string };
}

/** How a detector reaches ZooKeeper and builds the leader's URL. */
export interface ZooKeeperDetectorOptions {
  /** Scheme of the leader's base URL (default `http`). */
  readonly scheme?: "http" | "https";
  /** Whether the leader is addressed by its hostname (default, like Mesos' redirects) or its IP. */
  readonly address?: "hostname" | "ip";
  /** ZooKeeper session timeout asked for (default 10 s, Mesos' `--zk_session_timeout`); the server may clamp it. */
  readonly sessionTimeoutMs?: number;
  /**
   * How long ZooKeeper may be unreachable before the leader counts as unknown
   * and a new session is started (default: the session timeout).
   */
  readonly connectTimeoutMs?: number;
  /** Where progress and warnings go (default: nowhere); the password of the URL is never logged. */
  readonly logger?: Logger;
}

const DEFAULT_PORT = 2181;
const DEFAULT_SESSION_TIMEOUT_MS = 10_000;
const SPIN_DELAY_MS = 1000;
// Longer than the client's reconnect spin delay, so a close issued between
// two connection attempts still sees the last attempt end by itself.
const CLOSE_GRACE_MS = SPIN_DELAY_MS + 2000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
const MASTER_NODE = /^json\.info_(\d+)$/;
const EXPECTED =
  "expected zk://host:port[,host:port]/path or zk://user:password@host:port/path, e.g. zk://zk1:2181/mesos";

/** Splits a `zk://` URL into the ensemble, the masters' path and optional digest credentials. */
export function parseZooKeeperUrl(url: string): ZooKeeperTarget {
  const text = url.trim();
  const fail = (problem: string): never => {
    throw new MasterDetectionError(
      "ERR_MESOS_ZK_URL",
      `Invalid ZooKeeper URL "${redact(text)}": ${problem}; ${EXPECTED}`,
    );
  };
  if (!/^zk:\/\//i.test(text)) fail("it must start with zk://");
  const rest = text.slice("zk://".length);
  const slash = rest.indexOf("/");
  if (slash < 0) fail("the path the masters register under is missing (Mesos uses /mesos)");
  const authority = rest.slice(0, slash);
  // Hosts never contain "@", so the last one ends the credentials even if the password has one.
  const at = authority.lastIndexOf("@");
  const auth = at < 0 ? undefined : parseCredentials(authority.slice(0, at), fail);
  const servers = parseServers(authority.slice(at + 1), fail);
  const path = parsePath(rest.slice(slash), fail);
  return auth ? { servers, path, auth } : { servers, path };
}

function parseCredentials(text: string, fail: (problem: string) => never): { user: string; password: string } {
  const colon = text.indexOf(":");
  if (colon <= 0) fail("credentials must be user:password");
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

function parseServers(text: string, fail: (problem: string) => never): string {
  if (text === "") fail("no ZooKeeper server is given");
  return text
    .split(",")
    .map((server) => {
      const match = /^([A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(server);
      // The client library splits host and port at ":", so IPv6 literals cannot work.
      if (!match) fail(`"${server}" is not host:port (IPv6 literals are not supported; use a hostname)`);
      const port = match![2] === undefined ? DEFAULT_PORT : Number(match![2]);
      if (port < 1 || port > 65535) fail(`port ${port} of "${server}" is out of range`);
      return `${match![1]}:${port}`;
    })
    .join(",");
}

function parsePath(text: string, fail: (problem: string) => never): string {
  const path = text.length > 1 ? text.replace(/\/+$/, "") : text;
  if (path === "/") fail("the path the masters register under is missing (Mesos uses /mesos)");
  const segments = path.slice(1).split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    fail(`"${path}" is not a valid znode path (empty, "." or ".." segment)`);
  }
  return path;
}

function redact(url: string): string {
  return url.replace(/^(zk:\/\/)([^/]*)@/i, (_all, scheme: string, credentials: string) => {
    const colon = credentials.indexOf(":");
    return `${scheme}${colon < 0 ? "" : credentials.slice(0, colon)}:***@`;
  });
}

/** The base URL of the master described by a `MasterInfo` JSON document, as Mesos masters store it in ZooKeeper. */
export function masterInfoUrl(
  data: string | Uint8Array,
  options: Pick<ZooKeeperDetectorOptions, "scheme" | "address"> = {},
): URL {
  const fail = (problem: string, cause?: unknown): never => {
    throw new MasterDetectionError(
      "ERR_MESOS_ZK_MASTER_INFO",
      `The leader's MasterInfo in ZooKeeper is unusable: ${problem}; make sure only Mesos masters register under this path`,
      cause === undefined ? undefined : { cause },
    );
  };
  const text = typeof data === "string" ? data : Buffer.from(data).toString("utf8");
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch (error) {
    fail(`not JSON (${(error as Error).message})`, error);
  }
  if (!isRecord(info)) return fail("not a JSON object");
  const address = isRecord(info.address) ? info.address : {};
  const port = portOf(address.port) ?? portOf(info.port) ?? fail("no valid port in address.port or port");
  const ip = nonEmpty(address.ip) ?? decodeIp(info.ip);
  const host =
    (options.address === "ip" ? ip : (nonEmpty(address.hostname) ?? nonEmpty(info.hostname) ?? ip)) ??
    fail(options.address === "ip" ? "no address.ip nor ip" : "no address.hostname, hostname nor ip");
  let url: URL;
  try {
    url = new URL(`${options.scheme ?? "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`);
  } catch (error) {
    return fail(`"${host}" is not a valid host`, error);
  }
  return url;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function portOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value < 65536 ? value : undefined;
}

// MasterInfo.ip is the IPv4 address in network byte order read as a
// little-endian integer: 16777343 is 127.0.0.1.
function decodeIp(value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0 || value > 0xffffffff) return undefined;
  return [value & 255, (value >>> 8) & 255, (value >>> 16) & 255, value >>> 24].join(".");
}

/** The current leader among the children of the masters' path: the `json.info_` node with the lowest sequence. */
function leaderNode(children: readonly string[]): string | undefined {
  let best: { name: string; sequence: number } | undefined;
  for (const name of children) {
    const match = MASTER_NODE.exec(name);
    if (!match) continue;
    const sequence = Number(match[1]);
    if (!best || sequence < best.sequence) best = { name, sequence };
  }
  return best?.name;
}

/** One ZooKeeper client and its session; callbacks of a replaced session are ignored. */
interface Session {
  readonly client: Client;
  readonly watch: () => void;
  /** A read of the path is in flight. */
  busy: boolean;
  /** Something changed while busy: read again when done. */
  again: boolean;
}

interface Waiter {
  resolve(leader: URL): void;
  reject(error: unknown): void;
}

/** Follows the leading Mesos master through ZooKeeper, like Mesos' own `--master=zk://...`. */
export class ZooKeeperMasterDetector implements MasterDetector {
  private readonly target: ZooKeeperTarget;
  private readonly display: string;
  private readonly scheme: "http" | "https";
  private readonly address: "hostname" | "ip";
  private readonly sessionTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly logger: Logger;
  private readonly listeners = new Set<(leader: URL | undefined) => void>();
  private readonly waiters = new Set<Waiter>();
  private readonly retiring = new Set<Promise<void>>();
  private session: Session | undefined;
  private current: URL | undefined;
  private unreachableTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = RETRY_MIN_MS;
  private reportedUnreachable = false;
  private closing: Promise<void> | undefined;

  constructor(url: string, options: ZooKeeperDetectorOptions = {}) {
    this.target = parseZooKeeperUrl(url);
    this.display = `zk://${this.target.servers}${this.target.path}`;
    this.scheme = options.scheme ?? "http";
    this.address = options.address ?? "hostname";
    this.sessionTimeoutMs = positive("sessionTimeoutMs", options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS);
    this.connectTimeoutMs = positive("connectTimeoutMs", options.connectTimeoutMs ?? this.sessionTimeoutMs);
    this.logger = options.logger ?? silentLogger;
    this.startSession();
  }

  leader(signal?: AbortSignal): Promise<URL> {
    if (this.closing) return Promise.reject(closedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.current) return Promise.resolve(new URL(this.current.href));
    return new Promise<URL>((resolve, reject) => {
      const onAbort = (): void => waiter.reject(signal!.reason);
      const settle = (): void => {
        this.waiters.delete(waiter);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = {
        resolve: (leader) => (settle(), resolve(leader)),
        reject: (error) => (settle(), reject(error)),
      };
      this.waiters.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  failed(master: URL): void {
    // ZooKeeper alone says who leads; a failing leader loses its znode when
    // its session ends, and the watch reports the next one.
    this.logger.info(
      { master: master.origin, leader: this.current?.origin, zk: this.display },
      "master reported as failing; waiting for ZooKeeper to report a new leader",
    );
  }

  onChange(listener: (leader: URL | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearTimeout(this.unreachableTimer);
    clearTimeout(this.retryTimer);
    this.listeners.clear();
    for (const waiter of [...this.waiters]) waiter.reject(closedError());
    if (this.session) this.retire(this.session);
    this.session = undefined;
    while (this.retiring.size > 0) await Promise.all(this.retiring);
    this.logger.debug({ zk: this.display }, "ZooKeeper master detector closed");
  }

  private startSession(): void {
    const client = zookeeper.createClient(this.target.servers, {
      sessionTimeout: this.sessionTimeoutMs,
      spinDelay: SPIN_DELAY_MS,
      retries: 0,
    });
    if (this.target.auth)
      client.addAuthInfo("digest", Buffer.from(`${this.target.auth.user}:${this.target.auth.password}`));
    const session: Session = { client, watch: () => this.read(session), busy: false, again: false };
    this.session = session;
    client.on("connected", () => this.onConnected(session));
    client.on("disconnected", () => this.onDisconnected(session));
    client.on("expired", () => this.replaceSession(session, "ZooKeeper session expired; starting a new session"));
    client.on("authenticationFailed", () =>
      this.replaceSession(
        session,
        "ZooKeeper failed the authentication of the session; check the credentials of the zk:// URL",
        this.backoff(),
      ),
    );
    this.logger.debug({ zk: this.display }, "connecting to ZooKeeper");
    this.armUnreachableTimer();
    client.connect();
  }

  private onConnected(session: Session): void {
    if (session !== this.session) return;
    clearTimeout(this.unreachableTimer);
    this.unreachableTimer = undefined;
    this.reportedUnreachable = false;
    this.logger.info({ zk: this.display }, "connected to ZooKeeper");
    // Reads in flight when the connection broke have failed, and events may
    // have been missed while away: read again.
    this.read(session);
  }

  private onDisconnected(session: Session): void {
    if (session !== this.session) return;
    this.logger.info({ zk: this.display }, "lost the connection to ZooKeeper; reconnecting");
    this.armUnreachableTimer();
  }

  private replaceSession(session: Session, message: string, delayMs = 0): void {
    if (session !== this.session) return;
    this.logger.warn({ zk: this.display, retryInMs: delayMs }, message);
    this.retire(session);
    // The leader stays as known: the new session reads it again at once,
    // and the unreachable timer clears it if that takes too long.
    if (delayMs === 0) return this.startSession();
    // Without a pause, a server that keeps refusing would be asked in a tight loop.
    this.session = undefined;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.startSession();
    }, delayMs);
  }

  /** The next delay of the retry backoff (reset by a successful read). */
  private backoff(): number {
    const delayMs = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, RETRY_MAX_MS);
    return delayMs;
  }

  private retire(session: Session): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const done = closeZooKeeperClient(session.client).finally(() => this.retiring.delete(done));
    this.retiring.add(done);
  }

  private armUnreachableTimer(): void {
    if (this.unreachableTimer) return;
    this.unreachableTimer = setTimeout(() => this.onUnreachable(), this.connectTimeoutMs);
  }

  private onUnreachable(): void {
    this.unreachableTimer = undefined;
    const session = this.session;
    if (!session) return;
    if (!this.reportedUnreachable) {
      this.reportedUnreachable = true;
      const error = new MasterDetectionError(
        "ERR_MESOS_ZK_UNREACHABLE",
        `No connection to ZooKeeper at ${this.target.servers} for ${this.connectTimeoutMs} ms; ` +
          "the leading master is unknown until it is back (check that ZooKeeper runs and is reachable)",
      );
      this.logger.warn({ zk: this.display, error }, error.message);
    }
    this.setLeader(undefined, undefined);
    // By now the server has most likely expired the session, and a server
    // that lost its data refuses it without saying so (the client has seen a
    // newer zxid than the server has): only a new session gets back in.
    this.logger.debug({ zk: this.display }, "starting a new ZooKeeper session");
    this.retire(session);
    this.startSession();
  }

  /** Reads the children of the path (leaving a watch) and then the leader's data. */
  private read(session: Session): void {
    if (session !== this.session) return;
    if (session.busy) {
      session.again = true;
      return;
    }
    session.busy = true;
    session.again = false;
    const { path } = this.target;
    session.client.getChildren(path, session.watch, (error, children) => {
      if (session !== this.session) return;
      if (error && codeOf(error) === zookeeper.Exception.NO_NODE) return this.awaitPath(session);
      if (error) return this.readFailed(session, error);
      const node = leaderNode(children);
      if (!node) {
        this.setLeader(undefined, undefined);
        return this.readDone(session);
      }
      const znode = `${path}/${node}`;
      session.client.getData(znode, (dataError, data) => {
        if (session !== this.session) return;
        // The leader left between the two reads; the child watch brings the next one.
        if (dataError && codeOf(dataError) === zookeeper.Exception.NO_NODE) session.again = true;
        else if (dataError) return this.readFailed(session, dataError);
        else this.useMasterInfo(znode, data);
        this.readDone(session);
      });
    });
  }

  /** The path does not exist yet (no master ever started): watch for its creation. */
  private awaitPath(session: Session): void {
    session.client.exists(this.target.path, session.watch, (error, stat) => {
      if (session !== this.session) return;
      if (error) return this.readFailed(session, error);
      if (stat) session.again = true;
      else {
        this.logger.debug({ zk: this.display }, "the masters' path does not exist yet; waiting for it");
        this.setLeader(undefined, undefined);
      }
      this.readDone(session);
    });
  }

  private readDone(session: Session): void {
    session.busy = false;
    this.retryDelayMs = RETRY_MIN_MS;
    if (session.again) this.read(session);
  }

  private readFailed(session: Session, cause: Error | Exception): void {
    session.busy = false;
    const code = codeOf(cause);
    // A lost connection or session is handled by the "connected" and
    // "expired" events, which read again; anything else is retried with backoff.
    if (code === zookeeper.Exception.CONNECTION_LOSS || code === zookeeper.Exception.SESSION_EXPIRED) return;
    const error = new MasterDetectionError(
      "ERR_MESOS_ZK_ACCESS",
      `Cannot read ${this.target.path} in ZooKeeper (${String(cause)}); ` +
        (code === zookeeper.Exception.NO_AUTH
          ? "the path's ACL needs credentials: use zk://user:password@host:port/path"
          : "retrying"),
      { cause },
    );
    const delayMs = this.backoff();
    this.logger.warn({ zk: this.display, error, retryInMs: delayMs }, error.message);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.read(session);
    }, delayMs);
  }

  private useMasterInfo(znode: string, data: Buffer | undefined): void {
    let leader: URL;
    try {
      leader = masterInfoUrl(data ?? "", { scheme: this.scheme, address: this.address });
    } catch (error) {
      // Never follow garbage: a bad node is most likely not a master, and the
      // previous leader is the best guess until the next change.
      this.logger.warn(
        { zk: this.display, znode, error, leader: this.current?.origin },
        "ignoring unusable master data in ZooKeeper; keeping the previous leader",
      );
      return;
    }
    this.setLeader(leader, znode);
  }

  private setLeader(leader: URL | undefined, znode: string | undefined): void {
    if (leader?.href === this.current?.href) return;
    this.current = leader;
    if (leader) {
      this.logger.info({ zk: this.display, leader: leader.origin, znode }, "leading Mesos master detected");
      for (const waiter of [...this.waiters]) waiter.resolve(new URL(leader.href));
    } else {
      this.logger.warn({ zk: this.display }, "no leading Mesos master known");
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(leader && new URL(leader.href));
      } catch (error) {
        this.logger.error({ error }, "a master detector listener threw");
      }
    }
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new MasterDetectionError(
      "ERR_MESOS_ZK_OPTIONS",
      `${name} must be a positive number of milliseconds, got ${value}`,
    );
  }
  return value;
}

function closedError(): MasterDetectionError {
  return new MasterDetectionError(
    "ERR_MESOS_ZK_CLOSED",
    "The ZooKeeper master detector was closed; create a new one to detect the leader again",
  );
}

function codeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/** What {@link closeZooKeeperClient} touches of node-zookeeper-client 1.1.3's connection manager (not public API). */
interface ConnectionInternals extends EventEmitter {
  state: number;
  socket?: Socket;
  connectTimeoutHandler?: NodeJS.Timeout | null;
  packetQueue?: { shift(): unknown };
}

const CONNECTION_CONNECTED = 2;
const CONNECTION_CLOSING = -1;
const CONNECTION_CLOSED = -2;

/**
 * Closes a node-zookeeper-client 1.1.3 client in any state and resolves once its socket is gone.
 *
 * `Client.close()` only queues a close request, and on a client that is not
 * connected it misbehaves (it writes to a missing socket, or parses the next
 * connect response as the close reply and throws), so such a client is torn
 * down by hand instead. The parameter is typed structurally so that the
 * published declarations do not need `@types/node-zookeeper-client`.
 */
export function closeZooKeeperClient(client: { close(): void }): Promise<void> {
  const manager = (client as unknown as { connectionManager?: ConnectionInternals }).connectionManager;
  if (!manager) {
    client.close();
    return Promise.resolve();
  }
  if (manager.state === CONNECTION_CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      manager.off("state", onState);
      // The library leaves its connect timer armed when a socket ends without an error.
      if (manager.connectTimeoutHandler) clearTimeout(manager.connectTimeoutHandler);
      manager.socket?.destroy();
      resolve();
    };
    const onState = (state: number): void => {
      if (state === CONNECTION_CLOSED) finish();
    };
    const timer = setTimeout(finish, CLOSE_GRACE_MS);
    manager.on("state", onState);
    if (manager.state === CONNECTION_CONNECTED) {
      // Ends the session at once on the server, instead of at its timeout.
      client.close();
      return;
    }
    // "Closing" makes the end of the socket final (no reconnect) and keeps
    // queued requests off a socket that a pending reconnect attempt may still
    // open; that attempt then fails or is dropped, and the state becomes closed.
    manager.state = CONNECTION_CLOSING;
    while (manager.packetQueue?.shift() !== undefined);
    if (manager.connectTimeoutHandler) clearTimeout(manager.connectTimeoutHandler);
    if (manager.socket && !manager.socket.destroyed) manager.socket.destroy();
  });
}
