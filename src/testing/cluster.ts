/**
 * mini-mesos: a master and N agents in this process, serving the real v1
 * scheduler and executor HTTP APIs on 127.0.0.1, for framework system tests.
 *
 *   const cluster = await startMiniMesos({ agents: 3 });
 *   // point the framework at cluster.masterUrl ...
 *   await cluster.waitForTask("t1", "TASK_RUNNING");
 *   await cluster.close();
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { executor, mesos, scheduler } from "../generated/mesos-1.11.0/index.js";
import { mesos as mesosBindings } from "../generated/mesos-1.11.0/index.js";
import { Agent, type InProcessExecutor, type TaskMode } from "./agent/agent.js";
import { ExecutorEndpoint } from "./agent/executor-endpoint.js";
import { RealClock, VirtualClock, type Clock } from "./clock.js";
import { CONTROL_PREFIX, handleControl } from "./control-endpoint.js";
import { Faults } from "./faults.js";
import { ProtocolReferee, ProtocolViolationError, type Violation } from "./strict.js";
import { HttpServer } from "./http/server.js";
import { Master } from "./master/master.js";
import { OperatorEndpoint } from "./master/operator-endpoint.js";
import { SchedulerEndpoint } from "./master/scheduler-endpoint.js";
import { routeRequest } from "./protocol/index.js";
import { SeededRandom } from "./random.js";
import { Waiters } from "./waiters.js";
import { Resources, parseAttributesFlag, parseResourcesFlag } from "./resources/index.js";

/**
 * What a 1.11.0 master advertises: AGENT_UPDATE, AGENT_DRAINING and QUOTA_V2,
 * which the 1.11.0 enum does not know, so it is kept as an unknown value and
 * written as `{}` in JSON (mesos-protocol.md 2.4, C043) and as `08 03` in protobuf.
 */
const MASTER_CAPABILITIES: mesos.MasterInfo_Capability[] = [
  { type: "AGENT_UPDATE" },
  { type: "AGENT_DRAINING" },
  mesosBindings.MasterInfo_Capability.fromBinary(Uint8Array.of(0x08, 0x03)),
];

/** Resources of an agent when none are given (the recorded real agents' resources). */
export const DEFAULT_AGENT_RESOURCES = "cpus:4;mem:4096;disk:10000;ports:[31000-32000]";

/** One agent's configuration, in the agent flags' syntax. */
export interface AgentSpec {
  /** `--resources` syntax, e.g. `cpus:2;mem:1024;cpus(web):1` (default {@link DEFAULT_AGENT_RESOURCES}). */
  readonly resources?: string;
  /** `--attributes` syntax, e.g. `rack:r1;zone:z1`. */
  readonly attributes?: string;
  readonly hostname?: string;
  readonly domain?: mesos.DomainInfo;
}

/** Options of {@link startMiniMesos}. */
export interface MiniMesosOptions {
  /** Number of identical agents, or one spec per agent (default 1). */
  readonly agents?: number | readonly AgentSpec[];
  /** Seed of every id, uuid and tie-break (default 1): same seed, same run. */
  readonly seed?: number;
  /** `virtual` runs on a {@link VirtualClock} moved by `advance()`; default real time. */
  readonly clock?: "real" | "virtual";
  /** How command tasks run: real processes (default) or simulated (see {@link AgentOptions.taskMode}). */
  readonly taskMode?: TaskMode;
  /** Custom executors to run in-process, by executor id (others run their command as a process). */
  readonly executors?: Readonly<Record<string, InProcessExecutor>>;
  /** `heartbeat_interval_seconds` (default 15). */
  readonly heartbeatIntervalSeconds?: number;
  /** Allocation interval (default 1 s). */
  readonly allocationIntervalMs?: number;
  /**
   * Visit agents in a new shuffled order every allocation round, as Mesos
   * does (seeded). By default they are visited in registration order, so
   * which agent's resources a role gets first is predictable.
   */
  readonly shuffleAgents?: boolean;
  /**
   * Number of masters (default 1). The first leads; the others are standbys
   * that answer `307` to the leader, as a non-leading Mesos master does, and
   * take over on `faults.failoverMaster()`.
   */
  readonly masters?: number;
  /** Turns on HTTP framework authentication with these credentials. */
  readonly credentials?: readonly { readonly principal: string; readonly secret: string }[];
  /** Role authorisation: the roles each principal may use (a framework asking for other roles is refused). */
  readonly roleAcl?: Readonly<Record<string, readonly string[]>>;
  /**
   * Strict mode: protocol misuse by the framework (an offer used twice or
   * after RESCIND, launching more than offered, updates never acknowledged or
   * wrongly acknowledged, calls after TEARDOWN) makes `close()` throw a
   * {@link ProtocolViolationError} that explains each (default true: a
   * test fails when its framework misbehaves; the CLI turns it off).
   */
  readonly strict?: boolean;
}

/** One entry of the cluster's log: a call received or an event sent. */
export type LogEntry =
  | { readonly kind: "call"; readonly frameworkId: string | undefined; readonly call: scheduler.Call }
  | { readonly kind: "event"; readonly frameworkId: string; readonly event: scheduler.Event }
  | { readonly kind: "executor-call"; readonly agentId: string; readonly call: executor.Call };

/** A running agent as tests see it. */
export interface MiniAgent {
  readonly id: string;
  /** Base URL of the agent's HTTP endpoint. */
  readonly url: URL;
  readonly agent: Agent;
  /** The agent's executor API (faults flip its recovery state). */
  readonly endpoint: ExecutorEndpoint;
}

/** A running mini-mesos cluster. */
export class MiniMesos {
  /** Every call received and event sent, in order. */
  readonly log: LogEntry[] = [];
  readonly agents: MiniAgent[] = [];
  private readonly waiters = new Waiters(() => (this.closed ? "mini-mesos closed" : undefined));
  private readonly servers: HttpServer[] = [];
  private readonly masterServers: { readonly server: HttpServer; readonly endpoint: SchedulerEndpoint }[] = [];
  private leaderIndex = 0;
  readonly master: Master;
  /** Fault injection: dropped streams, partitions, agent restarts, update delays. */
  readonly faults: Faults = new Faults(this);
  private closed = false;
  private readonly referee: ProtocolReferee;

  /** Use {@link startMiniMesos}. */
  constructor(
    readonly clock: Clock,
    readonly random: SeededRandom,
    private readonly options: MiniMesosOptions,
    private readonly workDir: string,
  ) {
    this.master = new Master({
      clock,
      random,
      ...(options.heartbeatIntervalSeconds !== undefined
        ? { heartbeatIntervalSeconds: options.heartbeatIntervalSeconds }
        : {}),
      ...(options.allocationIntervalMs !== undefined ? { allocationIntervalMs: options.allocationIntervalMs } : {}),
      ...(options.shuffleAgents ? { shuffleAgents: true } : {}),
      onEvent: (frameworkId, event) => this.record({ kind: "event", frameworkId, event }),
    });
    this.referee = new ProtocolReferee(() => clock.now());
  }

  /** Protocol misuse seen so far (strict mode reports them at `close()`). */
  get violations(): readonly Violation[] {
    return this.referee.violations;
  }

  /** Base URL of the leading master (`http://127.0.0.1:<port>`): give it to the scheduler. */
  get masterUrl(): URL {
    return this.masterServers[this.leaderIndex]!.server.url;
  }

  /** Base URLs of every master, leader first at start (a list for schedulers: `urls.join(",")`). */
  get masterUrls(): URL[] {
    return this.masterServers.map((m) => m.server.url);
  }

  /**
   * Makes the master at `index` lead (the others redirect to it), or, with
   * `undefined`, leaves no leader elected (every master answers `503`).
   */
  setLeader(index: number | undefined): void {
    if (index !== undefined) this.leaderIndex = index;
    for (const [i, { endpoint }] of this.masterServers.entries()) {
      endpoint.leader =
        index === undefined ? undefined : i === index ? null : `127.0.0.1:${this.masterServers[index]!.server.port}`;
    }
  }

  /** Starts the master's HTTP server and the agents. */
  async start(): Promise<void> {
    const credentials = this.options.credentials
      ? new Map(this.options.credentials.map((c) => [c.principal, c.secret] as const))
      : undefined;
    for (let i = 0; i < Math.max(1, this.options.masters ?? 1); i++) {
      const endpoint = new SchedulerEndpoint(this.master, {
        random: this.random,
        ...(credentials ? { credentials } : {}),
        ...(this.options.roleAcl ? { roleAcl: this.options.roleAcl } : {}),
        onCall: (frameworkId, call) => this.record({ kind: "call", frameworkId, call }),
      });
      // The operator API (`/api/v1`) shares the master's port; everything else is the scheduler endpoint's.
      const operator = new OperatorEndpoint(this, endpoint);
      const server = new HttpServer((request, res) =>
        request.path.startsWith(CONTROL_PREFIX)
          ? handleControl(this, request)
          : routeRequest(request.target, "master")?.endpoint === "operator"
            ? operator.handle(request)
            : endpoint.handle(request, res),
      );
      this.servers.push(server);
      await server.listen();
      this.masterServers.push({ server, endpoint });
    }
    this.setLeader(0);
    this.master.masterInfoProvider = () => {
      const port = this.masterServers[this.leaderIndex]!.server.port;
      return {
        id: this.master.id,
        ip: 16777343,
        port,
        pid: `master@127.0.0.1:${port}`,
        hostname: "localhost",
        version: "1.11.0",
        address: { hostname: "localhost", ip: "127.0.0.1", port },
        capabilities: MASTER_CAPABILITIES,
      };
    };
    const specs =
      typeof this.options.agents === "number" || this.options.agents === undefined
        ? Array.from({ length: this.options.agents ?? 1 }, () => ({}))
        : this.options.agents;
    for (const spec of specs) await this.addAgent(spec);
    this.master.start();
  }

  /** Adds an agent (also while running); its resources are offered in the next round. */
  async addAgent(spec: AgentSpec = {}): Promise<MiniAgent> {
    const agent = new Agent({
      master: this.master,
      clock: this.clock,
      random: this.random,
      resources: Resources.of(parseResourcesFlag(spec.resources ?? DEFAULT_AGENT_RESOURCES)),
      infoResources: parseResourcesFlag(spec.resources ?? DEFAULT_AGENT_RESOURCES, { order: "flag" }),
      ...(spec.attributes ? { attributes: parseAttributesFlag(spec.attributes) } : {}),
      ...(spec.domain ? { domain: spec.domain } : {}),
      ...(spec.hostname ? { hostname: spec.hostname } : {}),
      workDir: this.workDir,
      taskMode: this.options.taskMode ?? "process",
      ...(this.options.executors ? { inProcessExecutors: this.options.executors } : {}),
    });
    const endpoint = new ExecutorEndpoint(agent, (call) =>
      this.record({ kind: "executor-call", agentId: agent.id, call }),
    );
    const server = new HttpServer((request, res) => endpoint.handle(request, res));
    this.servers.push(server);
    const url = await server.listen();
    agent.setEndpoint("127.0.0.1", Number(url.port));
    this.master.addAgent(agent);
    const mini = { id: agent.id, url, agent, endpoint };
    this.agents.push(mini);
    return mini;
  }

  /** Moves a virtual clock forward (timers due on the way fire in order). */
  async advance(ms: number): Promise<void> {
    if (!(this.clock instanceof VirtualClock)) throw new Error("advance() needs startMiniMesos({ clock: 'virtual' })");
    await this.clock.advance(ms);
  }

  /** Waits until an UPDATE for `taskId` in `state` was sent to a framework; resolves with its status. */
  waitForTask(taskId: string, state: mesos.TaskState, timeoutMs = 10_000): Promise<mesos.TaskStatus> {
    return this.waiters.waitFor(
      () => {
        for (const entry of this.log) {
          if (entry.kind !== "event" || entry.event.type !== "UPDATE") continue;
          const status = entry.event.update.status;
          if (status.task_id.value === taskId && status.state === state) return status;
        }
        return undefined;
      },
      timeoutMs,
      `task ${taskId} in ${state}`,
    );
  }

  /** Waits until an event matching `predicate` was sent; resolves with it. */
  waitForEvent(
    predicate: (event: scheduler.Event, frameworkId: string) => boolean,
    timeoutMs = 10_000,
  ): Promise<scheduler.Event> {
    return this.waiters.waitFor(
      () => {
        for (const entry of this.log)
          if (entry.kind === "event" && predicate(entry.event, entry.frameworkId)) return entry.event;
        return undefined;
      },
      timeoutMs,
      "a matching event",
    );
  }

  /** Every event sent to a framework, in order. */
  eventsOf(frameworkId: string): scheduler.Event[] {
    return this.log.flatMap((e) => (e.kind === "event" && e.frameworkId === frameworkId ? [e.event] : []));
  }

  /** Drops every subscription stream of a framework (or of all); same as `faults.dropSubscriptions`. */
  dropSubscriptions(frameworkId?: string): void {
    this.faults.dropSubscriptions(frameworkId);
  }

  /** Stops everything: streams, processes, servers, timers; removes the sandboxes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.master.stop();
    for (const { agent } of this.agents) agent.stop();
    await Promise.all(this.servers.map((s) => s.close()));
    this.waiters.wake();
    rmSync(this.workDir, { recursive: true, force: true });
    const violations = this.referee.finish();
    if ((this.options.strict ?? true) && violations.length > 0) throw new ProtocolViolationError(violations);
  }

  private record(entry: LogEntry): void {
    this.log.push(entry);
    this.referee.observe(entry);
    this.waiters.wake();
  }
}

/** Starts a mini-mesos cluster on 127.0.0.1 (ephemeral ports). */
export async function startMiniMesos(options: MiniMesosOptions = {}): Promise<MiniMesos> {
  const clock = options.clock === "virtual" ? new VirtualClock() : new RealClock();
  const workDir = mkdtempSync(join(tmpdir(), "mini-mesos-"));
  const cluster = new MiniMesos(clock, new SeededRandom(options.seed ?? 1), options, workDir);
  try {
    await cluster.start();
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}
