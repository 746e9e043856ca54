/**
 * The mini-mesos master: frameworks and their subscriptions, offers, task
 * bookkeeping and the scheduler calls' effects (mesos-protocol.md 3–5). The
 * HTTP checks in front of it live in scheduler-endpoint.ts; agents are
 * in-process objects it talks to directly.
 */
import type { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import type { Clock, ClockTimer } from "../clock.js";
import type { EventStream } from "../http/event-stream.js";
import { SeededRandom } from "../random.js";
import { Resources } from "../resources/index.js";
import { isTerminal } from "../agent/status-updates.js";
import { isTerminalOperation } from "../agent/operation-updates.js";
import { Allocator, type AllocatableFramework } from "./allocator.js";
import { FrameworkRecord, type TaskRecord } from "./framework.js";
import { OfferBook, type OfferRecord } from "./offer-book.js";
import { renderOffer } from "./offer-format.js";
import {
  applyOperation,
  formatError,
  isResourceOperation,
  normalizeResources,
  operationError,
  subtractClamped,
  validateOperation,
  type ResourceOperation,
} from "./operations.js";
import { validateTask } from "./task-validation.js";
import { sameBytes } from "../bytes.js";

/** What the master needs from an agent. */
export interface MasterAgent {
  readonly id: string;
  readonly info: mesos.AgentInfo;
  /** Total resources of the agent (post-refinement format), including dynamic reservations and volumes. */
  readonly total: Resources;
  /** The agent's libprocess pid, `slave(1)@<ip>:<port>`, as validation messages name it. */
  readonly pid: string;
  /** Whether the agent is connected (not partitioned, not stopped). */
  readonly connected: boolean;
  launchTask(framework: mesos.FrameworkInfo, task: mesos.TaskInfo): void;
  launchGroup(framework: mesos.FrameworkInfo, executor: mesos.ExecutorInfo, group: mesos.TaskGroupInfo): void;
  killTask(frameworkId: string, taskId: string, killPolicy?: mesos.KillPolicy): void;
  shutdownExecutor(frameworkId: string, executorId: string): void;
  acknowledge(frameworkId: string, taskId: string, uuid: Uint8Array): void;
  message(frameworkId: string, executorId: string, data: Uint8Array): void;
  /** The framework (re-)subscribed: resend pending updates. */
  frameworkSubscribed(frameworkId: string): void;
  /** The framework was removed: kill its tasks and executors. */
  shutdownFramework(frameworkId: string): void;
  /** Whether a (custom or default) executor of the framework runs there. */
  hasExecutor(frameworkId: string, executorId: string): boolean;
  /** The agent's current state of a task, if it knows the task. */
  taskState(frameworkId: string, taskId: string): mesos.TaskState | undefined;
  /** A RESERVE, UNRESERVE, CREATE or DESTROY changed the agent's total: `remove` leaves it, `add` joins it (unallocated). */
  applyReservationChange(remove: Resources, add: Resources): void;
  /** The agent applied an operation that asked for feedback: it reports OPERATION_FINISHED reliably. */
  operationApplied(frameworkId: string, operationId: mesos.OperationID): void;
  /** The scheduler acknowledged an operation status with this uuid. */
  acknowledgeOperation(frameworkId: string, operationId: string, uuid: Uint8Array): void;
}

/** Options of {@link Master}. */
export interface MasterOptions {
  readonly clock: Clock;
  readonly random: SeededRandom;
  /** Value of `heartbeat_interval_seconds` (default 15). */
  readonly heartbeatIntervalSeconds?: number;
  /** Allocation interval (default 1 s). */
  readonly allocationIntervalMs?: number;
  /** Visits agents in a shuffled order every allocation round, as Mesos does (default: registration order). */
  readonly shuffleAgents?: boolean;
  /** Called for every event sent and every call received, for the cluster's log. */
  readonly onEvent?: (frameworkId: string, event: scheduler.Event) => void;
}

/** Keeps completed framework ids (for `Framework has been removed`), like `--max_completed_frameworks`. */
const MAX_COMPLETED_FRAMEWORKS = 50;

/** The simulated master. */
export class Master {
  readonly id: string;
  readonly frameworks = new Map<string, FrameworkRecord>();
  readonly removedFrameworks: string[] = [];
  readonly agents = new Map<string, MasterAgent>();
  private readonly offers = new OfferBook();
  /** Resources used by tasks and executors, per agent. */
  private readonly used = new Map<string, Resources>();
  /** Executors charged on an agent, `agent/framework/executor` → resources. */
  private readonly executorResources = new Map<string, Resources>();
  private readonly allocator: Allocator;
  private readonly shuffle: (<T>(items: T[]) => T[]) | undefined;
  private allocationTimer: ClockTimer | undefined;
  private pendingRound: ClockTimer | undefined;
  private readonly unreachable = new Set<string>();
  private readonly unreachableTimers = new Map<string, ClockTimer>();
  private frameworkCount = 0;
  private offerCount = 0;
  private agentCount = 0;
  private stopped = false;

  constructor(private readonly options: MasterOptions) {
    this.id = options.random.uuid();
    if (options.shuffleAgents) {
      // A stream of its own, so that shuffling does not change the ids and uuids a seed gives.
      const random = new SeededRandom(Math.floor(options.random.next() * 2 ** 32));
      this.shuffle = <T>(items: T[]): T[] => {
        for (let i = items.length - 1; i > 0; i--) {
          const j = Math.floor(random.next() * (i + 1));
          [items[i], items[j]] = [items[j]!, items[i]!];
        }
        return items;
      };
    }
    this.allocator = new Allocator(options.clock);
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get heartbeatIntervalSeconds(): number {
    return this.options.heartbeatIntervalSeconds ?? 15;
  }

  private get allocationIntervalMs(): number {
    return this.options.allocationIntervalMs ?? 1000;
  }

  /** Starts the periodic allocation rounds. */
  start(): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.allocate();
      this.allocationTimer = this.clock.setTimeout(tick, this.allocationIntervalMs);
    };
    this.allocationTimer = this.clock.setTimeout(tick, this.allocationIntervalMs);
  }

  /** Stops every timer and closes every stream. */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.allocationTimer);
    this.clock.clearTimeout(this.pendingRound);
    for (const timer of this.unreachableTimers.values()) this.clock.clearTimeout(timer);
    for (const framework of this.frameworks.values()) {
      this.clock.clearTimeout(framework.heartbeatTimer);
      this.clock.clearTimeout(framework.failoverTimer);
      framework.stream?.end();
    }
  }

  /** A new agent id (`<master id>-S<n>`). */
  newAgentId(): string {
    return `${this.id}-S${this.agentCount++}`;
  }

  /** Registers an agent; its resources are offered in the next round, which starts at once. */
  addAgent(agent: MasterAgent): void {
    this.agents.set(agent.id, agent);
    this.used.set(agent.id, Resources.of([]));
    this.triggerAllocation();
  }

  /** Drops the agent's outstanding offers (RESCIND to their frameworks); used when it disconnects or goes away. */
  rescindAgentOffers(agentId: string): void {
    for (const offer of [...this.offers.values()]) {
      if (offer.agentId !== agentId) continue;
      this.offers.delete(offer.id);
      this.frameworks.get(offer.frameworkId)?.send({ type: "RESCIND", rescind: { offer_id: { value: offer.id } } });
    }
  }

  // ---- agent lifecycle (faults) ----

  /**
   * The agent's connection dropped (partition, crash). Its offers are
   * rescinded; tasks of frameworks that do not checkpoint are lost at once
   * (`REASON_AGENT_DISCONNECTED`); after `unreachableAfterMs` (75 s of failed
   * pings in Mesos) the agent is marked unreachable.
   */
  agentDisconnected(agentId: string, unreachableAfterMs = 75_000): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    this.rescindAgentOffers(agentId);
    for (const framework of this.frameworks.values()) {
      if (framework.info.checkpoint) continue;
      for (const task of [...framework.tasks.values()]) {
        if (task.agentId !== agentId || isTerminal(task.state)) continue;
        task.state = "TASK_LOST";
        this.release(task);
        framework.tasks.delete(task.info.task_id.value);
        this.masterUpdate(
          framework,
          task.info.task_id,
          { value: agentId },
          "TASK_LOST",
          "REASON_AGENT_DISCONNECTED",
          `Agent ${agent.info.hostname} disconnected`,
        );
      }
    }
    this.clock.clearTimeout(this.unreachableTimers.get(agentId));
    this.unreachableTimers.set(
      agentId,
      this.clock.setTimeout(() => this.markUnreachable(agentId), unreachableAfterMs),
    );
  }

  /**
   * Marks an agent unreachable (C119/C120): its tasks become TASK_UNREACHABLE
   * (partition-aware frameworks) or TASK_LOST, with `unreachable_time`; then
   * RESCIND for its offers; then FAILURE to every connected framework.
   */
  markUnreachable(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (!agent || this.unreachable.has(agentId)) return;
    this.unreachableTimers.delete(agentId);
    this.unreachable.add(agentId);
    const nanoseconds = BigInt(this.clock.now()) * 1_000_000n;
    for (const framework of this.frameworks.values()) {
      for (const task of [...framework.tasks.values()]) {
        if (task.agentId !== agentId || isTerminal(task.state)) continue;
        const state = framework.partitionAware ? "TASK_UNREACHABLE" : "TASK_LOST";
        task.state = state;
        this.release(task);
        if (!framework.partitionAware) framework.tasks.delete(task.info.task_id.value);
        const status: mesos.TaskStatus = {
          task_id: task.info.task_id,
          state,
          message: "health check timed out",
          source: "SOURCE_MASTER",
          reason: "REASON_AGENT_REMOVED",
          agent_id: { value: agentId },
          timestamp: this.clock.now() / 1000,
          unreachable_time: { nanoseconds },
        };
        task.lastForwarded = status;
        this.emit(framework, { type: "UPDATE", update: { status } });
      }
    }
    this.rescindAgentOffers(agentId);
    this.allocator.clearAgent(agentId);
    for (const framework of this.frameworks.values())
      this.emit(framework, { type: "FAILURE", failure: { agent_id: { value: agentId } } });
  }

  /** The agent is back (the partition healed, or it re-registered): pending updates flow again, offers resume. */
  agentReconnected(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    this.clock.clearTimeout(this.unreachableTimers.get(agentId));
    this.unreachableTimers.delete(agentId);
    if (this.unreachable.delete(agentId)) {
      for (const framework of this.frameworks.values()) {
        for (const task of framework.tasks.values()) {
          if (task.agentId !== agentId || task.state !== "TASK_UNREACHABLE") continue;
          const current = agent.taskState(framework.id, task.info.task_id.value) ?? "TASK_LOST";
          task.state = current;
          this.masterUpdate(
            framework,
            task.info.task_id,
            { value: agentId },
            current,
            "REASON_AGENT_REREGISTERED",
            "Unreachable agent re-reregistered",
          );
        }
      }
    }
    this.triggerAllocation();
  }

  /** Whether the master considers the agent unreachable. */
  isUnreachable(agentId: string): boolean {
    return this.unreachable.has(agentId);
  }

  /**
   * A master failover: a new leader takes over with the frameworks' tasks as
   * the agents report them. Every subscription stream drops (no final chunk),
   * outstanding offers and filters are gone, and frameworks keep their ids
   * without a failover timer: they are expected to re-subscribe.
   */
  failover(): void {
    for (const framework of this.frameworks.values()) {
      const stream = framework.stream;
      framework.stream = undefined;
      framework.streamId = undefined;
      this.clock.clearTimeout(framework.heartbeatTimer);
      this.clock.clearTimeout(framework.failoverTimer);
      this.removeOffersOf(framework.id);
      this.allocator.clearFilters(framework.id);
      stream?.destroy();
    }
  }

  // ---- subscription ----

  /** Whether a framework id was removed (TEARDOWN or failover timeout). */
  isRemoved(frameworkId: string): boolean {
    return this.removedFrameworks.includes(frameworkId);
  }

  /**
   * A SUBSCRIBE that passed the HTTP checks, with its stream open: validates
   * nothing more (the endpoint did), then registers or fails over.
   */
  subscribe(
    call: Extract<scheduler.Call, { type: "SUBSCRIBE" }>,
    stream: EventStream<scheduler.Event>,
    streamId: string,
    principal: string | undefined,
  ): FrameworkRecord {
    const info = call.subscribe.framework_info;
    const requestedId = info.id?.value || call.framework_id?.value || "";
    let framework = requestedId ? this.frameworks.get(requestedId) : undefined;
    if (framework) {
      // Failover: the old stream learns it lost, outstanding offers vanish without RESCIND.
      if (framework.connected) {
        framework.send({ type: "ERROR", error: { message: "Framework failed over" } });
        framework.stream?.end();
      }
      this.clock.clearTimeout(framework.failoverTimer);
      this.clock.clearTimeout(framework.heartbeatTimer);
      this.removeOffersOf(framework.id);
      const { user: _user, checkpoint: _checkpoint, ...changes } = info;
      framework.info = { ...framework.info, ...changes, id: { value: framework.id } };
    } else {
      const id = requestedId || `${this.id}-${String(this.frameworkCount++).padStart(4, "0")}`;
      framework = new FrameworkRecord(id, principal && !info.principal ? { ...info, principal } : info, principal);
      this.frameworks.set(id, framework);
    }
    framework.stream = stream;
    framework.streamId = streamId;
    // A stall is a property of one connection: a new subscription flows again.
    framework.stalled = false;
    framework.suppressed = new Set(call.subscribe.suppressed_roles ?? []);
    const subscribed = framework;
    stream.whenClosed(() => this.streamClosed(subscribed, stream));
    this.emit(framework, {
      type: "SUBSCRIBED",
      subscribed: {
        framework_id: { value: framework.id },
        heartbeat_interval_seconds: this.heartbeatIntervalSeconds,
        master_info: this.masterInfo(),
      },
    });
    this.heartbeat(framework);
    for (const agent of this.agents.values()) agent.frameworkSubscribed(framework.id);
    this.triggerAllocation();
    return framework;
  }

  /** MasterInfo as the SUBSCRIBED event carries it; `port` is filled in by the endpoint. */
  masterInfo(): mesos.MasterInfo {
    return (
      this.masterInfoProvider?.() ?? { id: this.id, ip: 16777343, port: 5050, hostname: "localhost", version: "1.11.0" }
    );
  }

  /** Set by the endpoint once it knows its port. */
  masterInfoProvider: (() => mesos.MasterInfo) | undefined;

  private heartbeat(framework: FrameworkRecord): void {
    const stream = framework.stream;
    const beat = (): void => {
      if (framework.stream !== stream || !framework.connected) return;
      this.emit(framework, { type: "HEARTBEAT" });
      framework.heartbeatTimer = this.clock.setTimeout(beat, this.heartbeatIntervalSeconds * 1000);
    };
    beat();
  }

  private streamClosed(framework: FrameworkRecord, stream: EventStream<scheduler.Event>): void {
    if (framework.stream !== stream) return;
    framework.stream = undefined;
    framework.streamId = undefined;
    this.clock.clearTimeout(framework.heartbeatTimer);
    if (!this.frameworks.has(framework.id) || this.stopped) return;
    // Disconnected: offers go, filters go, and the failover timeout starts.
    this.removeOffersOf(framework.id);
    this.allocator.clearFilters(framework.id);
    framework.failoverTimer = this.clock.setTimeout(() => this.removeFramework(framework), framework.failoverTimeoutMs);
  }

  /** Removes a framework as TEARDOWN does: offers dropped, tasks killed on the agents, id remembered as removed. */
  removeFramework(framework: FrameworkRecord): void {
    if (!this.frameworks.delete(framework.id)) return;
    this.clock.clearTimeout(framework.failoverTimer);
    this.clock.clearTimeout(framework.heartbeatTimer);
    this.removeOffersOf(framework.id);
    this.allocator.clearFilters(framework.id);
    for (const task of framework.tasks.values()) this.release(task);
    framework.tasks.clear();
    for (const agent of this.agents.values()) agent.shutdownFramework(framework.id);
    for (const key of [...this.executorResources.keys()]) {
      if (key.split("/")[1] === framework.id) this.releaseExecutor(key);
    }
    framework.stream?.end();
    this.removedFrameworks.push(framework.id);
    if (this.removedFrameworks.length > MAX_COMPLETED_FRAMEWORKS) this.removedFrameworks.shift();
  }

  // ---- calls ----

  /** DECLINE: listed outstanding offers go back with a filter (default 5 s); others are ignored. Ownership is not checked. */
  decline(framework: FrameworkRecord, decline: scheduler.Call_Decline): void {
    for (const id of decline.offer_ids ?? []) {
      const offer = this.offers.get(id.value);
      if (!offer) continue;
      this.offers.delete(offer.id);
      this.allocator.refuse(
        offer.frameworkId,
        offer.role,
        offer.agentId,
        offer.resources,
        decline.filters?.refuse_seconds,
        this.allocationIntervalMs,
      );
    }
  }

  /** REVIVE: roles leave the suppressed set, their filters are cleared, a round starts. Unknown roles void the call. */
  revive(framework: FrameworkRecord, roles: readonly string[] | undefined): void {
    const target = this.targetRoles(framework, roles);
    if (!target) return;
    for (const role of target) framework.suppressed.delete(role);
    this.allocator.clearFilters(framework.id, target);
    this.triggerAllocation();
  }

  /** SUPPRESS: no new offers for the roles; outstanding offers stay. Unknown roles void the call. */
  suppress(framework: FrameworkRecord, roles: readonly string[] | undefined): void {
    const target = this.targetRoles(framework, roles);
    if (!target) return;
    for (const role of target) framework.suppressed.add(role);
  }

  private targetRoles(framework: FrameworkRecord, roles: readonly string[] | undefined): readonly string[] | undefined {
    if (!roles || roles.length === 0) return framework.roles;
    return roles.every((r) => framework.roles.includes(r)) ? roles : undefined;
  }

  /** ACCEPT: offer validation, then LAUNCH / LAUNCH_GROUP against the pool; leftovers back with the call's filters. */
  accept(framework: FrameworkRecord, accept: scheduler.Call_Accept): void {
    const ids = (accept.offer_ids ?? []).map((o) => o.value);
    const offerError = this.validateOffers(framework, ids);
    const operations = accept.operations ?? [];
    if (offerError) {
      for (const id of ids) {
        const offer = this.offers.get(id);
        if (offer) this.offers.delete(id);
      }
      for (const operation of operations) this.rejectOperation(framework, operation, offerError);
      return;
    }
    const offers = ids.map((id) => this.offers.get(id)!);
    for (const offer of offers) this.offers.delete(offer.id);
    const agent = this.agents.get(offers[0]!.agentId)!;
    const role = offers[0]!.role;
    const offered = offers.reduce((sum, o) => sum.add(o.resources), Resources.of([]));
    let pool = offered;
    // Step B drops malformed resource operations before anything is applied, so their errors come first.
    const malformed = new Set<mesos.Offer_Operation>();
    for (const operation of operations) {
      const error = isResourceOperation(operation) ? formatError(operation) : undefined;
      if (error === undefined) continue;
      malformed.add(operation);
      this.dropOperation(framework, operation, error);
    }
    // The agent starts tasks only after the whole call was processed, so the master's own updates come first (C081).
    this.pendingLaunches = [];
    for (const operation of operations) {
      if (operation.type === "LAUNCH")
        pool = this.launch(framework, agent, role, pool, operation.launch.task_infos ?? [], operation.id !== undefined);
      else if (operation.type === "LAUNCH_GROUP")
        pool = this.launchGroup(framework, agent, role, pool, operation.launch_group, operation.id !== undefined);
      else if (isResourceOperation(operation) && !malformed.has(operation))
        pool = this.applyResourceOperation(framework, agent, role, pool, operation);
      // Other types (GROW/SHRINK_VOLUME, CREATE/DESTROY_DISK, unknown) are ignored; their resources are declined.
    }
    // What the operations produced (new reservations, volumes) goes back without a filter, to be offered next round.
    const produced = subtractClamped(pool, offered);
    this.allocator.refuse(
      framework.id,
      role,
      agent.id,
      pool.subtract(produced),
      accept.filters?.refuse_seconds,
      this.allocationIntervalMs,
    );
    const launches = this.pendingLaunches;
    this.pendingLaunches = [];
    for (const launch of launches) launch();
  }

  /** Launches decided by the ACCEPT being processed, run once it is done. */
  private pendingLaunches: (() => void)[] = [];

  /**
   * Step E for RESERVE, UNRESERVE, CREATE and DESTROY: validation against the
   * agent, then speculative application to the pool and the agent's total;
   * an operation with `id` is tracked and confirmed by the agent after the call.
   */
  private applyResourceOperation(
    framework: FrameworkRecord,
    agent: MasterAgent,
    role: string,
    pool: Resources,
    operation: ResourceOperation,
  ): Resources {
    const resources = normalizeResources(operation, role);
    const invalid = validateOperation(operation, resources, {
      framework,
      agent: `${agent.id} at ${agent.pid} (${agent.info.hostname})`,
      total: agent.total,
      used: this.used.get(agent.id)!.unallocate(),
    });
    if (invalid !== undefined) {
      this.dropOperation(framework, operation, invalid);
      return pool;
    }
    // Mesos withdraws other offers holding a volume to destroy before it tries the pool (shared volumes).
    if (operation.type === "DESTROY") this.rescindOffersHolding(agent.id, Resources.of(resources));
    const applied = applyOperation(operation, resources, pool);
    if ("error" in applied) {
      this.dropOperation(framework, operation, applied.error);
      return pool;
    }
    agent.applyReservationChange(applied.remove, applied.add);
    const operationId = operation.id;
    if (operationId) {
      this.operations.set(operationKey(framework.id, operationId.value), {
        frameworkId: framework.id,
        agentId: agent.id,
        latest: { operation_id: operationId, state: "OPERATION_PENDING", agent_id: { value: agent.id } },
      });
      this.pendingLaunches.push(() => agent.operationApplied(framework.id, operationId));
    }
    return applied.pool;
  }

  /** A dropped operation: OPERATION_ERROR when it asked for feedback, nothing otherwise. */
  private dropOperation(framework: FrameworkRecord, operation: mesos.Offer_Operation, message: string): void {
    const status = operationError(operation, message);
    if (status) this.emit(framework, { type: "UPDATE_OPERATION_STATUS", update_operation_status: { status } });
  }

  /** Rescinds every outstanding offer on the agent that holds one of `volumes` (allocated, as offered). */
  private rescindOffersHolding(agentId: string, volumes: Resources): void {
    const wanted = volumes.toArray();
    for (const offer of [...this.offers.values()]) {
      if (offer.agentId !== agentId || !wanted.some((volume) => offer.resources.contains(volume))) continue;
      this.offers.delete(offer.id);
      const owner = this.frameworks.get(offer.frameworkId);
      if (owner) this.emit(owner, { type: "RESCIND", rescind: { offer_id: { value: offer.id } } });
    }
  }

  /**
   * Operations with an `id` that the master applied, by `framework/operation
   * id`, with the latest status, until a terminal status is acknowledged.
   */
  private readonly operations = new Map<string, OperationRecord>();

  private validateOffers(framework: FrameworkRecord, ids: readonly string[]): string | undefined {
    if (ids.length === 0) return "No offers specified";
    const seen = new Set<string>();
    let first: OfferRecord | undefined;
    for (const id of ids) {
      if (seen.has(id)) return `Duplicate offer ${id} in offer list`;
      seen.add(id);
      const offer = this.offers.get(id);
      if (!offer) return `Offer ${id} is no longer valid`;
      if (offer.frameworkId !== framework.id) {
        return `Offer ${id} has invalid framework ${offer.frameworkId} while framework ${framework.id} is expected`;
      }
      if (first && offer.role !== first.role) {
        return `Aggregated offers must be allocated to the same role. Offer ${id} uses role '${offer.role} but another is using role '${first.role}`;
      }
      if (first && offer.agentId !== first.agentId) {
        return `Aggregated offers must belong to one single agent. Offer ${id} uses agent ${offer.agentId} and agent ${first.agentId}`;
      }
      first ??= offer;
    }
    return undefined;
  }

  private rejectOperation(framework: FrameworkRecord, operation: mesos.Offer_Operation, error: string): void {
    const lost = framework.partitionAware ? "TASK_DROPPED" : "TASK_LOST";
    const tasks =
      operation.type === "LAUNCH"
        ? (operation.launch.task_infos ?? [])
        : operation.type === "LAUNCH_GROUP"
          ? (operation.launch_group.task_group.tasks ?? [])
          : [];
    for (const task of tasks) {
      this.masterUpdate(
        framework,
        task.task_id,
        task.agent_id,
        lost,
        "REASON_INVALID_OFFERS",
        `Task launched with invalid offers: ${error}`,
      );
    }
    if (tasks.length === 0 && operation.id) {
      this.emit(framework, {
        type: "UPDATE_OPERATION_STATUS",
        update_operation_status: {
          status: {
            operation_id: operation.id,
            state: "OPERATION_ERROR",
            message: `Operation attempted with invalid offers: ${error}`,
          },
        },
      });
    }
  }

  private launch(
    framework: FrameworkRecord,
    agent: MasterAgent,
    role: string,
    pool: Resources,
    tasks: readonly mesos.TaskInfo[],
    hasId: boolean,
  ): Resources {
    for (const task of tasks) {
      if (hasId) {
        this.masterUpdate(
          framework,
          task.task_id,
          task.agent_id,
          "TASK_ERROR",
          "REASON_TASK_INVALID",
          "The `id` field cannot be set on LAUNCH operations",
        );
        continue;
      }
      const resources = this.taskResources(task, role);
      const executorKey = task.executor
        ? executorKeyOf(agent.id, framework.id, task.executor.executor_id.value)
        : undefined;
      const executorResources =
        task.executor && !this.executorResources.has(executorKey!)
          ? this.resourcesOf(task.executor.resources, role)
          : Resources.of([]);
      const error = validateTask(task, {
        framework,
        agentId: agent.id,
        pool,
        needed: resources.add(executorResources),
      });
      if (error) {
        this.masterUpdate(framework, task.task_id, task.agent_id, "TASK_ERROR", "REASON_TASK_INVALID", error);
        continue;
      }
      pool = pool.subtract(resources.add(executorResources));
      this.charge(agent.id, resources.add(executorResources));
      // Tracked even without resources: Mesos names every running executor in the agent's later offers.
      if (executorKey && !this.executorResources.has(executorKey))
        this.executorResources.set(executorKey, executorResources);
      const stored: mesos.TaskInfo = { ...task, resources: resources.toArray() };
      if (task.executor && !task.executor.framework_id)
        stored.executor = { ...task.executor, framework_id: { value: framework.id } };
      framework.tasks.set(task.task_id.value, {
        info: stored,
        frameworkId: framework.id,
        agentId: agent.id,
        role,
        state: "TASK_STAGING",
        lastForwarded: undefined,
        resources,
      });
      this.pendingLaunches.push(() => agent.launchTask(framework.info, stored));
    }
    return pool;
  }

  private launchGroup(
    framework: FrameworkRecord,
    agent: MasterAgent,
    role: string,
    pool: Resources,
    launch: mesos.Offer_Operation_LaunchGroup,
    hasId: boolean,
  ): Resources {
    const tasks = launch.task_group.tasks ?? [];
    const fail = (message: string): Resources => {
      for (const task of tasks)
        this.masterUpdate(framework, task.task_id, task.agent_id, "TASK_ERROR", "REASON_TASK_GROUP_INVALID", message);
      return pool;
    };
    if (hasId) return fail("The `id` field cannot be set on LAUNCH_GROUP operations");
    const executor = launch.executor;
    if (!executor.framework_id) return fail("'ExecutorInfo.framework_id' must be set");
    const executorKey = executorKeyOf(agent.id, framework.id, executor.executor_id.value);
    const running = this.executorResources.has(executorKey);
    const executorResources = running ? Resources.of([]) : this.resourcesOf(executor.resources, role);
    if (!running) {
      const name = executor.executor_id.value;
      const cpus = executorResources.scalar("cpus");
      const mem = executorResources.scalar("mem");
      if (cpus < 0.01)
        return fail(`Executor '${name}' uses less CPUs (${cpus > 0 ? cpus : "None"}) than the minimum required (0.01)`);
      if (mem < 32)
        return fail(
          `Executor '${name}' uses less memory (${mem > 0 ? `${mem}MB` : "None"}) than the minimum required (32MB)`,
        );
      if (executorResources.scalar("disk") <= 0) return fail(`Executor '${name}' uses no disk`);
    }
    let needed = executorResources;
    const taskResources = new Map<string, Resources>();
    for (const task of tasks) {
      const resources = this.taskResources(task, role);
      taskResources.set(task.task_id.value, resources);
      const error = validateTask(task, { framework, agentId: agent.id, pool, needed: resources, inGroup: true });
      if (error) return fail(`Task '${task.task_id.value}' is invalid: ${error}`);
      needed = needed.add(resources);
    }
    if (!pool.contains(needed)) {
      return fail(
        `Total resources ${needed.render()} required by task group and its executor are more than available ${pool.render()}`,
      );
    }
    pool = pool.subtract(needed);
    this.charge(agent.id, needed);
    if (!running) this.executorResources.set(executorKey, executorResources);
    const stored: mesos.TaskInfo[] = tasks.map((task) => ({
      ...task,
      resources: taskResources.get(task.task_id.value)!.toArray(),
      executor,
    }));
    for (const task of stored) {
      framework.tasks.set(task.task_id.value, {
        info: task,
        frameworkId: framework.id,
        agentId: agent.id,
        role,
        state: "TASK_STAGING",
        lastForwarded: undefined,
        resources: taskResources.get(task.task_id.value)!,
      });
    }
    this.pendingLaunches.push(() => agent.launchGroup(framework.info, executor, { tasks: stored }));
    return pool;
  }

  /** A task's resources in the internal format, with the offer's allocation role where the framework left it out. */
  private taskResources(task: mesos.TaskInfo, role: string): Resources {
    return this.resourcesOf(task.resources, role);
  }

  private resourcesOf(list: readonly mesos.Resource[] | undefined, role: string): Resources {
    return Resources.of((list ?? []).map((r) => (r.allocation_info ? r : { ...r, allocation_info: { role } })));
  }

  /** KILL (3.8). */
  kill(framework: FrameworkRecord, kill: scheduler.Call_Kill): void {
    const task = framework.tasks.get(kill.task_id.value);
    if (!task) {
      this.reconcileUnknown(framework, kill.task_id, kill.agent_id);
      return;
    }
    if (kill.agent_id && kill.agent_id.value !== task.agentId) return;
    this.agents.get(task.agentId)?.killTask(framework.id, task.info.task_id.value, kill.kill_policy);
  }

  /** ACKNOWLEDGE: forwarded to the agent; an acknowledged terminal update removes the task from the master. */
  acknowledge(framework: FrameworkRecord, ack: scheduler.Call_Acknowledge): void {
    const agent = this.agents.get(ack.agent_id.value);
    if (!agent?.connected) return;
    const task = framework.tasks.get(ack.task_id.value);
    const forwarded = task?.lastForwarded;
    if (task && forwarded?.uuid && sameBytes(forwarded.uuid, ack.uuid) && isTerminal(forwarded.state)) {
      framework.tasks.delete(task.info.task_id.value);
    }
    if (this.acknowledgementDelayMs > 0) {
      this.clock.setTimeout(
        () => agent.acknowledge(framework.id, ack.task_id.value, ack.uuid),
        this.acknowledgementDelayMs,
      );
    } else {
      agent.acknowledge(framework.id, ack.task_id.value, ack.uuid);
    }
  }

  /** RECONCILE (3.12): master-generated answers without uuid. */
  reconcile(framework: FrameworkRecord, reconcile: scheduler.Call_Reconcile): void {
    const entries = reconcile.tasks ?? [];
    if (entries.length === 0) {
      for (const task of framework.tasks.values()) this.reconcileKnown(framework, task);
      return;
    }
    for (const entry of entries) {
      const task = framework.tasks.get(entry.task_id.value);
      if (task) this.reconcileKnown(framework, task);
      else this.reconcileUnknown(framework, entry.task_id, entry.agent_id);
    }
  }

  private reconcileKnown(framework: FrameworkRecord, task: TaskRecord): void {
    const last = task.lastForwarded;
    const status: mesos.TaskStatus = {
      task_id: task.info.task_id,
      state: last?.state ?? task.state,
      message: "Reconciliation: Latest task state",
      source: "SOURCE_MASTER",
      reason: "REASON_RECONCILIATION",
      agent_id: { value: task.agentId },
      timestamp: this.clock.now() / 1000,
    };
    if (task.info.executor) status.executor_id = task.info.executor.executor_id;
    if (last?.healthy !== undefined) status.healthy = last.healthy;
    if (last?.container_status) status.container_status = last.container_status;
    this.emit(framework, { type: "UPDATE", update: { status } });
  }

  private reconcileUnknown(framework: FrameworkRecord, taskId: mesos.TaskID, agentId: mesos.AgentID | undefined): void {
    if (agentId && this.unreachable.has(agentId.value)) {
      const status: mesos.TaskStatus = {
        task_id: taskId,
        state: framework.partitionAware ? "TASK_UNREACHABLE" : "TASK_LOST",
        message: "Reconciliation: Task is unreachable",
        source: "SOURCE_MASTER",
        reason: "REASON_RECONCILIATION",
        agent_id: agentId,
        timestamp: this.clock.now() / 1000,
      };
      this.emit(framework, { type: "UPDATE", update: { status } });
      return;
    }
    const known = agentId !== undefined && this.agents.has(agentId.value);
    const pa = framework.partitionAware;
    const state = known ? (pa ? "TASK_GONE" : "TASK_LOST") : pa ? "TASK_UNKNOWN" : "TASK_LOST";
    const message = known ? "Reconciliation: Task is unknown to the agent" : "Reconciliation: Task is unknown";
    this.masterUpdate(framework, taskId, agentId, state, "REASON_RECONCILIATION", message);
  }

  /**
   * RECONCILE_OPERATIONS (3.13), answered without uuid: implicit, the latest
   * status of every operation the master tracks for the framework; explicit,
   * that status for a tracked operation, else an answer that depends on what
   * the master knows of the agent.
   */
  reconcileOperations(framework: FrameworkRecord, reconcile: scheduler.Call_ReconcileOperations): void {
    const entries = reconcile.operations ?? [];
    if (entries.length === 0) {
      for (const record of this.operations.values())
        if (record.frameworkId === framework.id) this.reconcileKnownOperation(framework, record);
      return;
    }
    for (const entry of entries) {
      const record = this.operations.get(operationKey(framework.id, entry.operation_id.value));
      if (record) {
        this.reconcileKnownOperation(framework, record);
        continue;
      }
      const agentId = entry.agent_id?.value;
      let state: mesos.OperationState = "OPERATION_UNKNOWN";
      let message: string;
      if (agentId === undefined) message = "Reconciliation: Operation is unknown and no 'agent_id' was provided";
      else if (this.unreachable.has(agentId)) {
        state = "OPERATION_UNREACHABLE";
        message = "Reconciliation: Agent is unreachable";
      } else if (this.agents.has(agentId)) message = "Reconciliation: Operation is unknown";
      else message = "Reconciliation: Both operation and agent are unknown";
      const status: mesos.OperationStatus = { operation_id: entry.operation_id, state, message };
      if (entry.agent_id) status.agent_id = entry.agent_id;
      if (entry.resource_provider_id) status.resource_provider_id = entry.resource_provider_id;
      this.emit(framework, { type: "UPDATE_OPERATION_STATUS", update_operation_status: { status } });
    }
  }

  private reconcileKnownOperation(framework: FrameworkRecord, record: OperationRecord): void {
    const { uuid: _uuid, ...status } = record.latest;
    this.emit(framework, { type: "UPDATE_OPERATION_STATUS", update_operation_status: { status } });
  }

  /**
   * ACKNOWLEDGE_OPERATION_STATUS (3.11): forwarded to the agent when the
   * operation and a status with that uuid are known; an acknowledged terminal
   * status makes the master forget the operation. Otherwise silently dropped.
   */
  acknowledgeOperationStatus(framework: FrameworkRecord, ack: scheduler.Call_AcknowledgeOperationStatus): void {
    const agent = ack.agent_id ? this.agents.get(ack.agent_id.value) : undefined;
    if (!agent?.connected) return;
    const key = operationKey(framework.id, ack.operation_id.value);
    const record = this.operations.get(key);
    const uuid = record?.latest.uuid?.value;
    if (!record || record.agentId !== agent.id || !uuid || !sameBytes(uuid, ack.uuid)) return;
    if (isTerminalOperation(record.latest.state)) this.operations.delete(key);
    agent.acknowledgeOperation(framework.id, ack.operation_id.value, ack.uuid);
  }

  /** SHUTDOWN of an executor. */
  shutdown(framework: FrameworkRecord, shutdown: scheduler.Call_Shutdown): void {
    this.agents.get(shutdown.agent_id.value)?.shutdownExecutor(framework.id, shutdown.executor_id.value);
  }

  /** MESSAGE to an executor (best effort). */
  message(framework: FrameworkRecord, message: scheduler.Call_Message): void {
    const agent = this.agents.get(message.agent_id.value);
    if (agent?.connected) agent.message(framework.id, message.executor_id.value, message.data);
  }

  /** UPDATE_FRAMEWORK after validation: new info, suppressed set replaced, offers of removed roles rescinded. */
  updateFramework(framework: FrameworkRecord, update: scheduler.Call_UpdateFramework): void {
    framework.info = { ...update.framework_info, id: { value: framework.id } };
    const roles = framework.roles;
    const suppressed = new Set(update.suppressed_roles ?? []);
    const revived = [...framework.suppressed].filter((r) => !suppressed.has(r));
    framework.suppressed = suppressed;
    this.allocator.clearFilters(framework.id, revived);
    for (const offer of [...this.offers.values()]) {
      if (offer.frameworkId === framework.id && !roles.includes(offer.role)) {
        this.offers.delete(offer.id);
        this.emit(framework, { type: "RESCIND", rescind: { offer_id: { value: offer.id } } });
      }
    }
    this.triggerAllocation();
  }

  // ---- from the agents ----

  /** An agent forwards a status update (5.3); `latestState` is the task's newest state on the agent. */
  statusUpdate(agentId: string, frameworkId: string, status: mesos.TaskStatus, latestState: mesos.TaskState): void {
    if (this.statusUpdateFault)
      this.statusUpdateFault(() => this.deliverStatusUpdate(agentId, frameworkId, status, latestState));
    else this.deliverStatusUpdate(agentId, frameworkId, status, latestState);
  }

  /** Set by fault injection to delay, duplicate or reorder agent status updates on their way to the scheduler. */
  statusUpdateFault: ((deliver: () => void) => void) | undefined;

  /** Set by fault injection: acknowledgements reach the agent this much later. */
  acknowledgementDelayMs = 0;

  private deliverStatusUpdate(
    agentId: string,
    frameworkId: string,
    status: mesos.TaskStatus,
    latestState: mesos.TaskState,
  ): void {
    const framework = this.frameworks.get(frameworkId);
    if (!framework) return;
    const task = framework.tasks.get(status.task_id.value);
    if (task) {
      task.state = latestState;
      if (isTerminal(latestState) || latestState === "TASK_UNREACHABLE") this.release(task);
      if (framework.connected) task.lastForwarded = status;
    }
    if (framework.connected)
      this.emit(framework, { type: "UPDATE", update: { status: { ...status, agent_id: { value: agentId } } } });
  }

  /** An agent forwards an operation status (4.7): it becomes the operation's latest and goes to a connected framework. */
  operationStatusUpdate(agentId: string, frameworkId: string, status: mesos.OperationStatus): void {
    const framework = this.frameworks.get(frameworkId);
    if (!framework) return;
    const record = status.operation_id && this.operations.get(operationKey(frameworkId, status.operation_id.value));
    if (record && record.agentId === agentId) record.latest = status;
    this.emit(framework, { type: "UPDATE_OPERATION_STATUS", update_operation_status: { status } });
  }

  /** An executor ended: its resources are freed and, for tracked executors, the framework hears FAILURE. */
  executorTerminated(
    agentId: string,
    frameworkId: string,
    executorId: string,
    waitStatus: number,
    tracked: boolean,
  ): void {
    this.releaseExecutor(executorKeyOf(agentId, frameworkId, executorId));
    const framework = this.frameworks.get(frameworkId);
    if (framework && tracked) {
      this.emit(framework, {
        type: "FAILURE",
        failure: { agent_id: { value: agentId }, executor_id: { value: executorId }, status: waitStatus },
      });
    }
  }

  /** Relays an executor's message to its scheduler. */
  frameworkMessage(agentId: string, frameworkId: string, executorId: string, data: Uint8Array): void {
    const framework = this.frameworks.get(frameworkId);
    if (framework)
      this.emit(framework, {
        type: "MESSAGE",
        message: { agent_id: { value: agentId }, executor_id: { value: executorId }, data },
      });
  }

  // ---- allocation ----

  /** Runs an allocation round soon (after the current call), as Mesos does on subscribe, revive and new agents. */
  triggerAllocation(): void {
    if (this.pendingRound || this.stopped) return;
    this.pendingRound = this.clock.setTimeout(() => {
      this.pendingRound = undefined;
      this.allocate();
    }, 0);
  }

  /** One allocation round; each framework gets at most one OFFERS event. */
  allocate(): void {
    const agents = [...this.agents.values()]
      .filter((a) => a.connected)
      .map((agent) => ({ id: agent.id, available: () => this.available(agent) }));
    const connected = [...this.frameworks.values()].filter((f) => f.connected);
    // Shares only decide anything when roles or frameworks compete.
    const competing = connected.length > 1 || connected.some((f) => f.roles.length > 1);
    const frameworks: AllocatableFramework[] = connected.map((framework) => ({
      id: framework.id,
      roles: framework.roles,
      suppressed: framework.suppressed,
      ...(competing ? { allocated: this.allocatedByRole(framework) } : {}),
    }));
    const total = competing
      ? [...this.agents.values()].filter((a) => a.connected).reduce((sum, a) => sum.add(a.total), Resources.EMPTY)
      : Resources.EMPTY;
    const byFramework = new Map<string, mesos.Offer[]>();
    const round = this.allocator.round(agents, frameworks, {
      total,
      ...(this.shuffle ? { shuffle: this.shuffle } : {}),
    });
    for (const allocation of round) {
      const framework = this.frameworks.get(allocation.frameworkId)!;
      const agent = this.agents.get(allocation.agentId)!;
      const id = `${this.id}-O${this.offerCount++}`;
      const resources = allocation.resources.allocate(allocation.role);
      this.offers.set(id, { id, frameworkId: framework.id, agentId: agent.id, role: allocation.role, resources });
      const executors = this.chargedExecutors()
        .filter((e) => e.agentId === agent.id && e.frameworkId === framework.id)
        .map((e) => ({ value: e.executorId }));
      const offer = renderOffer({
        id,
        framework,
        agent: agent.info,
        role: allocation.role,
        resources,
        executorIds: executors,
      });
      const list = byFramework.get(framework.id) ?? [];
      list.push(offer);
      byFramework.set(framework.id, list);
    }
    for (const [frameworkId, offers] of byFramework) {
      this.emit(this.frameworks.get(frameworkId)!, { type: "OFFERS", offers: { offers } });
    }
  }

  /** What a framework holds per role: its live tasks, its executors and its outstanding offers. */
  private allocatedByRole(framework: FrameworkRecord): Map<string, Resources> {
    const held = [
      ...[...framework.tasks.values()].filter((t) => !t.released).map((t) => t.resources),
      ...this.chargedExecutors()
        .filter((e) => e.frameworkId === framework.id)
        .map((e) => e.resources),
      ...this.offersOf(framework.id).map((o) => o.resources),
    ];
    const byRole = new Map<string, Resources>();
    for (const resources of held) {
      for (const resource of resources.toArray()) {
        const role = resource.allocation_info?.role ?? framework.roles[0] ?? "*";
        byRole.set(role, (byRole.get(role) ?? Resources.EMPTY).add([resource]));
      }
    }
    return byRole;
  }

  /** What an agent has left to offer: total minus used minus outstanding offers. */
  available(agent: MasterAgent): Resources {
    return agent.total.subtract(this.used.get(agent.id)!.unallocate()).subtract(this.offers.offeredOn(agent.id));
  }

  /** Outstanding offers of a framework (for tests and the operator API). */
  offersOf(frameworkId: string): OfferRecord[] {
    return [...this.offers.values()].filter((o) => o.frameworkId === frameworkId);
  }

  /** Resources used by tasks and executors on an agent, allocated to their roles (read-only, for the operator API). */
  usedResources(agentId: string): Resources {
    return this.used.get(agentId) ?? Resources.of([]);
  }

  /** The executors charged on agents and what each uses (read-only, for the operator API). */
  chargedExecutors(): { agentId: string; frameworkId: string; executorId: string; resources: Resources }[] {
    return [...this.executorResources].map(([key, resources]) => {
      const [agentId, frameworkId, ...executor] = key.split("/");
      return { agentId: agentId!, frameworkId: frameworkId!, executorId: executor.join("/"), resources };
    });
  }

  private removeOffersOf(frameworkId: string): void {
    for (const offer of [...this.offers.values()]) if (offer.frameworkId === frameworkId) this.offers.delete(offer.id);
  }

  private charge(agentId: string, resources: Resources): void {
    this.used.set(agentId, this.used.get(agentId)!.add(resources));
  }

  private release(task: TaskRecord): void {
    if (task.released) return;
    task.released = true;
    const used = this.used.get(task.agentId);
    if (used) this.used.set(task.agentId, used.subtract(task.resources));
  }

  private releaseExecutor(key: string): void {
    const resources = this.executorResources.get(key);
    if (!resources) return;
    this.executorResources.delete(key);
    const agentId = key.split("/")[0]!;
    const used = this.used.get(agentId);
    if (used) this.used.set(agentId, used.subtract(resources));
  }

  /** A master-generated update: no uuid, `SOURCE_MASTER`, sent once and lost if the framework is disconnected. */
  private masterUpdate(
    framework: FrameworkRecord,
    taskId: mesos.TaskID,
    agentId: mesos.AgentID | undefined,
    state: mesos.TaskState,
    reason: mesos.TaskStatus_Reason,
    message: string,
  ): void {
    const status: mesos.TaskStatus = { task_id: taskId, state, message, source: "SOURCE_MASTER", reason };
    if (agentId) status.agent_id = agentId;
    status.timestamp = this.clock.now() / 1000;
    this.emit(framework, { type: "UPDATE", update: { status } });
  }

  private emit(framework: FrameworkRecord, event: scheduler.Event): void {
    if (!framework.connected) return;
    framework.send(event);
    this.options.onEvent?.(framework.id, event);
  }
}

/** An operation with feedback as the master tracks it. */
interface OperationRecord {
  readonly frameworkId: string;
  readonly agentId: string;
  /** The newest status (PENDING until the agent reports). */
  latest: mesos.OperationStatus;
}

function operationKey(frameworkId: string, operationId: string): string {
  return `${frameworkId}\u0000${operationId}`;
}

function executorKeyOf(agentId: string, frameworkId: string, executorId: string): string {
  return `${agentId}/${frameworkId}/${executorId}`;
}
