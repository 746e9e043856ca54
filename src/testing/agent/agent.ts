/**
 * A mini-mesos agent: runs what the master launches and reports back through
 * the reliable status update pipeline. Command tasks and task groups run
 * under built-in executors (as real processes, or inline for fast tests);
 * custom executors are real processes (or in-process functions) that speak
 * the v1 Executor API to this agent's HTTP endpoint.
 */
import { existsSync, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import { isAbsolute, join, normalize, sep } from "node:path";
import type { executor, mesos } from "../../generated/mesos-1.11.0/index.js";
import { formatDuration } from "../../executor/duration.js";
import type { Clock, ClockTimer } from "../clock.js";
import type { EventStream } from "../http/event-stream.js";
import type { Master, MasterAgent } from "../master/master.js";
import type { SeededRandom } from "../random.js";
import { Resources, reservationRole } from "../resources/index.js";
import { HealthChecker } from "./health-checks.js";
import { startProcess, type RunningProcess } from "./processes.js";
import { StatusUpdateManager, isTerminal } from "./status-updates.js";
import { OperationUpdateManager } from "./operation-updates.js";

/** How long a command executor lingers after its task's terminal update was acknowledged (seen on a real agent). */
const COMMAND_EXECUTOR_EXIT_MS = 1000;

/** An executor run inside the test process: gets the environment a real one would, and returns when it is done. */
export type InProcessExecutor = (environment: Record<string, string>) => void | Promise<void>;

/** How built-in executors run command tasks: real processes, or simulated (see {@link AgentOptions.taskMode}). */
export type TaskMode = "process" | "inline";

/** Options of {@link Agent}. */
export interface AgentOptions {
  readonly master: Master;
  readonly clock: Clock;
  readonly random: SeededRandom;
  readonly resources: Resources;
  /** `AgentInfo.resources`: the `--resources` flag in its written order (offers use another order). */
  readonly infoResources?: readonly mesos.Resource[];
  readonly attributes?: readonly mesos.Attribute[];
  readonly domain?: mesos.DomainInfo;
  readonly hostname?: string;
  /** Sandboxes go below this directory. */
  readonly workDir: string;
  /**
   * `process` (default): command tasks run as `sh -c`. `inline`: nothing runs;
   * `true`/`exit 0` finish at once, `false`/`exit <n>` fail, `sleep <s>` finishes
   * after s seconds of cluster time, anything else runs until killed.
   */
  readonly taskMode?: TaskMode;
  /** Custom executors run in-process, by executor id. */
  readonly inProcessExecutors?: Readonly<Record<string, InProcessExecutor>>;
  /** How long an executor may take to subscribe (default 1 min). */
  readonly executorRegistrationTimeoutMs?: number;
}

interface AgentTask {
  readonly info: mesos.TaskInfo;
  state: mesos.TaskState;
  process?: RunningProcess;
  finishTimer?: ClockTimer;
  health?: HealthChecker;
  /** A task group's task runs in its own container, nested in the default executor's. */
  containerId?: string;
}

type ExecutorKind = "command" | "custom" | "default";

/** An executor on this agent (built-in or custom). */
export class ExecutorRuntime {
  state: "launching" | "running" | "terminating" | "terminated" = "launching";
  stream: EventStream<executor.Event> | undefined;
  readonly tasks = new Map<string, AgentTask>();
  /** Tasks (or groups) launched before the executor subscribed. */
  readonly queued: (mesos.TaskInfo | mesos.TaskGroupInfo)[] = [];
  process: RunningProcess | undefined;
  registrationTimer: ClockTimer | undefined;
  /** Set when the agent restarted; cleared by the executor's re-subscription. */
  restarted = false;
  /** Status updates this (built-in) executor has sent. */
  updatesSent = 0;
  readonly containerId: string;

  constructor(
    readonly framework: mesos.FrameworkInfo,
    readonly info: mesos.ExecutorInfo,
    readonly kind: ExecutorKind,
    random: SeededRandom,
  ) {
    this.containerId = random.uuid();
  }

  get frameworkId(): string {
    return this.framework.id!.value;
  }

  get id(): string {
    return this.info.executor_id.value;
  }
}

/** The simulated agent. */
export class Agent implements MasterAgent {
  readonly id: string;
  readonly statusUpdates: StatusUpdateManager;
  /** Reliable OPERATION_FINISHED statuses of operations that asked for feedback. */
  readonly operationUpdates: OperationUpdateManager;
  readonly executors = new Map<string, ExecutorRuntime>();
  /** The configured resources as changed by reservations and volumes. */
  private totalResources: Resources;
  connected = true;
  private endpoint: { host: string; port: number } = { host: "127.0.0.1", port: 5051 };

  constructor(private readonly options: AgentOptions) {
    this.id = options.master.newAgentId();
    this.statusUpdates = new StatusUpdateManager(options.clock, (frameworkId, status, latest) => {
      if (this.connected) this.options.master.statusUpdate(this.id, frameworkId, status, latest);
    });
    this.operationUpdates = new OperationUpdateManager(options.clock, (frameworkId, status) => {
      if (this.connected) this.options.master.operationStatusUpdate(this.id, frameworkId, status);
    });
    this.totalResources = options.resources;
  }

  /** Sets the address of this agent's executor endpoint (known once it listens). */
  setEndpoint(host: string, port: number): void {
    this.endpoint = { host, port };
  }

  get total(): Resources {
    return this.totalResources;
  }

  /** The libprocess pid a real agent would have at this endpoint. */
  get pid(): string {
    return `slave(1)@${this.endpoint.host}:${this.endpoint.port}`;
  }

  /** Applies a reservation or volume change to the total, kept in the order offers list resources. */
  applyReservationChange(remove: Resources, add: Resources): void {
    // Adding first keeps the subtraction valid when one operation consumes what it produced.
    this.totalResources = this.totalResources.add(add).subtract(remove).orderedForOffer();
  }

  /** Reports an applied operation: OPERATION_FINISHED with a fresh uuid, retried until acknowledged. */
  operationApplied(frameworkId: string, operationId: mesos.OperationID): void {
    this.operationUpdates.update(frameworkId, {
      operation_id: operationId,
      state: "OPERATION_FINISHED",
      uuid: { value: this.options.random.uuidBytes() },
      agent_id: { value: this.id },
    });
  }

  /** The scheduler acknowledged an operation status. */
  acknowledgeOperation(frameworkId: string, operationId: string, uuid: Uint8Array): void {
    this.operationUpdates.acknowledge(frameworkId, operationId, uuid);
  }

  get info(): mesos.AgentInfo {
    const info: mesos.AgentInfo = {
      hostname: this.options.hostname ?? "localhost",
      port: this.endpoint.port,
      resources: this.options.infoResources ? [...this.options.infoResources] : this.options.resources.toArray(),
      attributes: [...(this.options.attributes ?? [])],
      id: { value: this.id },
    };
    if (this.options.domain) info.domain = this.options.domain;
    return info;
  }

  // ---- launching ----

  launchTask(framework: mesos.FrameworkInfo, task: mesos.TaskInfo): void {
    if (!task.executor) {
      // A command executor outlives its task until about a second after the terminal update was acknowledged (C082).
      const previous = this.executors.get(key(framework.id!.value, task.task_id.value));
      if (previous?.kind === "command" && previous.state !== "terminated") {
        this.agentUpdate(
          framework.id!.value,
          task,
          this.lostState(framework),
          "REASON_TASK_INVALID",
          "Cannot reuse an already existing executor for a command task",
        );
        return;
      }
      // The command executor's id is the task id.
      const runtime = this.newExecutor(framework, { executor_id: task.task_id, command: task.command! }, "command");
      this.startBuiltIn(runtime, [task]);
      return;
    }
    let runtime = this.executors.get(key(framework.id!.value, task.executor.executor_id.value));
    if (!runtime || runtime.state === "terminated") {
      runtime = this.newExecutor(framework, task.executor, "custom");
      this.startCustom(runtime);
    }
    if (runtime.state === "terminating") {
      this.agentUpdate(
        runtime.frameworkId,
        task,
        this.lostState(framework),
        "REASON_EXECUTOR_TERMINATED",
        "Executor terminating",
      );
      return;
    }
    runtime.tasks.set(task.task_id.value, { info: task, state: "TASK_STAGING" });
    if (runtime.state === "running" && runtime.stream) runtime.stream.send({ type: "LAUNCH", launch: { task } });
    else runtime.queued.push(task);
  }

  launchGroup(framework: mesos.FrameworkInfo, executorInfo: mesos.ExecutorInfo, group: mesos.TaskGroupInfo): void {
    const existing = this.executors.get(key(framework.id!.value, executorInfo.executor_id.value));
    const runtime =
      existing && existing.state !== "terminated" ? existing : this.newExecutor(framework, executorInfo, "default");
    this.startBuiltIn(runtime, group.tasks ?? []);
  }

  private newExecutor(framework: mesos.FrameworkInfo, info: mesos.ExecutorInfo, kind: ExecutorKind): ExecutorRuntime {
    const runtime = new ExecutorRuntime(framework, info, kind, this.options.random);
    this.executors.set(key(runtime.frameworkId, runtime.id), runtime);
    return runtime;
  }

  /** Built-in executors (command, default): STARTING, RUNNING, then the command's outcome. */
  private startBuiltIn(runtime: ExecutorRuntime, tasks: readonly mesos.TaskInfo[]): void {
    runtime.state = "running";
    for (const info of tasks) {
      const task: AgentTask = { info, state: "TASK_STAGING" };
      if (runtime.kind === "default") task.containerId = this.options.random.uuid();
      runtime.tasks.set(info.task_id.value, task);
      const command = info.command?.value ?? "";
      if ((this.options.taskMode ?? "process") === "process") {
        const sandbox = this.sandbox(runtime);
        this.mountVolumes(sandbox, info.resources ?? []);
        task.process = startProcess(command, this.environment(runtime), sandbox);
        // The command executor is the task's process: its pid is the one Mesos reports in container_status.
        if (runtime.kind === "command") runtime.process = task.process;
        this.executorUpdate(runtime, info.task_id, "TASK_STARTING");
        this.executorUpdate(runtime, info.task_id, "TASK_RUNNING");
        this.startHealthCheck(runtime, task);
        void task.process.exited.then((exit) => {
          if (isTerminal(task.state)) return;
          const state =
            task.state === "TASK_KILLING" || exit.signal
              ? "TASK_KILLED"
              : exit.code === 0
                ? "TASK_FINISHED"
                : "TASK_FAILED";
          this.builtInTaskFinished(runtime, task, state, exit.message);
        });
      } else {
        this.executorUpdate(runtime, info.task_id, "TASK_STARTING");
        this.executorUpdate(runtime, info.task_id, "TASK_RUNNING");
        this.startHealthCheck(runtime, task);
        this.simulate(runtime, task, command.trim());
      }
    }
  }

  private simulate(runtime: ExecutorRuntime, task: AgentTask, command: string): void {
    const finish = (code: number): void => {
      if (isTerminal(task.state)) return;
      this.builtInTaskFinished(
        runtime,
        task,
        code === 0 ? "TASK_FINISHED" : "TASK_FAILED",
        `Command exited with status ${code}`,
      );
    };
    const sleep = /^sleep\s+(\d+(?:\.\d+)?)$/.exec(command);
    const exit = /^exit\s+(\d+)$/.exec(command);
    if (command === "true" || command === ":") finish(0);
    else if (command === "false") finish(1);
    else if (exit) finish(Number(exit[1]));
    else if (sleep) task.finishTimer = this.options.clock.setTimeout(() => finish(0), Number(sleep[1]) * 1000);
  }

  /** A built-in executor's task ended; in a task group, a failed or killed task takes the others down (default executor). */
  private builtInTaskFinished(
    runtime: ExecutorRuntime,
    task: AgentTask,
    state: mesos.TaskState,
    message: string,
  ): void {
    task.health?.stop();
    this.executorUpdate(runtime, task.info.task_id, state, message);
    if (runtime.kind === "default" && (state === "TASK_FAILED" || state === "TASK_KILLED")) {
      for (const other of runtime.tasks.values()) {
        if (other !== task && !isTerminal(other.state) && other.state !== "TASK_KILLING")
          this.killBuiltInTask(runtime, other);
      }
    }
    this.builtInTaskEnded(runtime);
  }

  /** Starts the task's COMMAND health check, if it has one (HTTP and TCP checks are not simulated). */
  private startHealthCheck(runtime: ExecutorRuntime, task: AgentTask): void {
    const check = task.info.health_check;
    if (!HealthChecker.supports(check)) return;
    task.health = new HealthChecker(this.options.clock, check, {
      run: (command, timeoutMs) => this.runCheck(runtime, command, timeoutMs),
      report: (healthy) => {
        if (!isTerminal(task.state))
          this.executorUpdate(runtime, task.info.task_id, "TASK_RUNNING", undefined, { healthy });
      },
      kill: () => {
        if (!isTerminal(task.state)) this.killBuiltInTask(runtime, task);
      },
    });
  }

  /** Runs a check command: as a process in the task's sandbox, or (inline mode) `true`/`exit 0` pass and the rest fail. */
  private async runCheck(runtime: ExecutorRuntime, command: string, timeoutMs: number): Promise<boolean> {
    if ((this.options.taskMode ?? "process") !== "process") return /^(true|:|exit 0)$/.test(command.trim());
    const check = startProcess(command, this.environment(runtime), this.sandbox(runtime));
    const timer = this.options.clock.setTimeout(() => check.kill("SIGKILL"), timeoutMs);
    const exit = await check.exited;
    this.options.clock.clearTimeout(timer);
    return exit.code === 0;
  }

  /** Kills a task of a built-in executor: TASK_KILLING first for frameworks that asked for it, then SIGTERM. */
  private killBuiltInTask(runtime: ExecutorRuntime, task: AgentTask): void {
    if ((runtime.framework.capabilities ?? []).some((c) => c.type === "TASK_KILLING_STATE")) {
      this.executorUpdate(runtime, task.info.task_id, "TASK_KILLING");
    }
    this.options.clock.clearTimeout(task.finishTimer);
    if (task.process) {
      task.state = "TASK_KILLING";
      task.process.kill("SIGTERM");
    } else {
      this.builtInTaskFinished(runtime, task, "TASK_KILLED", "Command terminated with signal Terminated");
    }
  }

  /** When every task of a built-in executor is over, the executor exits (default executors report FAILURE). */
  private builtInTaskEnded(runtime: ExecutorRuntime): void {
    if ([...runtime.tasks.values()].some((t) => !isTerminal(t.state))) return;
    if (runtime.kind === "command") {
      // A command executor exits about a second after its terminal update is acknowledged (see acknowledge()).
      runtime.state = "terminating";
      this.options.master.executorTerminated(this.id, runtime.frameworkId, runtime.id, 0, false);
      return;
    }
    // The default executor waits until its tasks' updates are acknowledged, so FAILURE comes after them.
    runtime.state = "terminating";
    this.exitWhenAcknowledged(runtime);
  }

  private exitWhenAcknowledged(runtime: ExecutorRuntime): void {
    if (runtime.kind !== "default" || runtime.state !== "terminating") return;
    if ([...runtime.tasks.keys()].some((taskId) => this.statusUpdates.hasPending(runtime.frameworkId, taskId))) return;
    runtime.state = "terminated";
    this.options.master.executorTerminated(this.id, runtime.frameworkId, runtime.id, 0, true);
  }

  /** Custom executors: a process (or in-process function) that must subscribe within the registration timeout. */
  private startCustom(runtime: ExecutorRuntime): void {
    const environment = this.environment(runtime);
    const inProcess = this.options.inProcessExecutors?.[runtime.id];
    if (inProcess) {
      void Promise.resolve()
        .then(() => inProcess(environment))
        .then(
          () => this.customExited(runtime, 0),
          () => this.customExited(runtime, 1 << 8),
        );
    } else {
      const sandbox = this.sandbox(runtime);
      this.mountVolumes(sandbox, runtime.info.resources ?? []);
      runtime.process = startProcess(runtime.info.command?.value ?? "", environment, sandbox);
      void runtime.process.exited.then((exit) => this.customExited(runtime, exit.waitStatus));
    }
    const timeoutMs = this.options.executorRegistrationTimeoutMs ?? 60_000;
    runtime.registrationTimer = this.options.clock.setTimeout(() => {
      if (runtime.state !== "launching") return;
      for (const task of runtime.tasks.values()) {
        this.agentUpdate(
          runtime.frameworkId,
          task.info,
          "TASK_FAILED",
          "REASON_EXECUTOR_REGISTRATION_TIMEOUT",
          `Executor did not register within ${formatDuration(timeoutMs)}`,
        );
        task.state = "TASK_FAILED";
      }
      this.destroy(runtime);
    }, timeoutMs);
  }

  private customExited(runtime: ExecutorRuntime, waitStatus: number): void {
    if (runtime.state === "terminated") return;
    this.options.clock.clearTimeout(runtime.registrationTimer);
    runtime.state = "terminated";
    runtime.stream?.end();
    for (const task of runtime.tasks.values()) {
      if (isTerminal(task.state)) continue;
      task.state = "TASK_FAILED";
      this.agentUpdate(
        runtime.frameworkId,
        task.info,
        "TASK_FAILED",
        "REASON_EXECUTOR_TERMINATED",
        "Executor terminated",
      );
    }
    this.options.master.executorTerminated(this.id, runtime.frameworkId, runtime.id, waitStatus, true);
  }

  /**
   * After an agent restart, executors that did not re-subscribe within the
   * re-registration timeout (2 s by default) are destroyed; their live tasks
   * become TASK_GONE (partition-aware frameworks) or TASK_LOST with
   * `REASON_EXECUTOR_REREGISTRATION_TIMEOUT` (mesos-protocol.md 6.5).
   */
  expectReregistration(timeoutMs = 2000): void {
    const waiting = [...this.executors.values()].filter((r) => r.restarted);
    if (waiting.length === 0) return;
    this.options.clock.setTimeout(() => {
      for (const runtime of waiting) {
        if (!runtime.restarted || runtime.state === "terminated") continue;
        const partitionAware = (runtime.framework.capabilities ?? []).some((c) => c.type === "PARTITION_AWARE");
        for (const task of runtime.tasks.values()) {
          if (isTerminal(task.state)) continue;
          task.state = partitionAware ? "TASK_GONE" : "TASK_LOST";
          this.agentUpdate(
            runtime.frameworkId,
            task.info,
            task.state,
            "REASON_EXECUTOR_REREGISTRATION_TIMEOUT",
            `Executor did not reregister within ${formatDuration(timeoutMs)}`,
          );
        }
        this.destroy(runtime);
      }
    }, timeoutMs);
  }

  private destroy(runtime: ExecutorRuntime): void {
    runtime.process?.kill("SIGKILL");
    for (const task of runtime.tasks.values()) {
      task.process?.kill("SIGKILL");
      this.options.clock.clearTimeout(task.finishTimer);
    }
    this.customExited(runtime, 9);
  }

  // ---- the executor API (custom executors) ----

  /** Finds the executor a call names. */
  executorFor(frameworkId: string, executorId: string): ExecutorRuntime | undefined {
    return this.executors.get(key(frameworkId, executorId));
  }

  /** Whether the agent knows the framework (any executor of it, live or not). */
  knowsFramework(frameworkId: string): boolean {
    return [...this.executors.values()].some((e) => e.frameworkId === frameworkId);
  }

  /** An executor subscribed (or re-subscribed) on `stream`. */
  executorSubscribed(
    runtime: ExecutorRuntime,
    subscribe: executor.Call_Subscribe,
    stream: EventStream<executor.Event>,
  ): void {
    if (runtime.state === "terminating" || runtime.state === "terminated") {
      stream.send({ type: "SHUTDOWN" });
      stream.end();
      return;
    }
    runtime.stream?.end();
    runtime.stream = stream;
    runtime.state = "running";
    this.options.clock.clearTimeout(runtime.registrationTimer);
    if (runtime.restarted) this.dropUnknownAfterRestart(runtime, subscribe);
    stream.whenClosed(() => {
      if (runtime.stream === stream) runtime.stream = undefined;
    });
    stream.send({
      type: "SUBSCRIBED",
      subscribed: {
        executor_info: runtime.info,
        framework_info: {
          ...runtime.framework,
          failover_timeout: runtime.framework.failover_timeout ?? 0,
          checkpoint: runtime.framework.checkpoint ?? false,
        },
        agent_info: this.info,
        container_id: { value: runtime.containerId },
      },
    });
    for (const update of subscribe.unacknowledged_updates ?? []) this.executorCallUpdate(runtime, update.status);
    for (const work of runtime.queued.splice(0)) {
      if ("task_id" in work) stream.send({ type: "LAUNCH", launch: { task: work } });
      else stream.send({ type: "LAUNCH_GROUP", launch_group: { task_group: work } });
    }
  }

  /**
   * After an agent restart, a task delivered to the executor that neither
   * sent an update nor is listed in `unacknowledged_tasks` is gone (C134):
   * `TASK_DROPPED` / `TASK_LOST` with `REASON_AGENT_RESTARTED`.
   */
  private dropUnknownAfterRestart(runtime: ExecutorRuntime, subscribe: executor.Call_Subscribe): void {
    runtime.restarted = false;
    const listed = new Set((subscribe.unacknowledged_tasks ?? []).map((t) => t.task_id.value));
    const queued = new Set(
      runtime.queued.flatMap((w) => ("task_id" in w ? [w.task_id.value] : (w.tasks ?? []).map((t) => t.task_id.value))),
    );
    for (const task of runtime.tasks.values()) {
      const id = task.info.task_id.value;
      if (task.state !== "TASK_STAGING" || listed.has(id) || queued.has(id)) continue;
      task.state = this.lostState(runtime.framework);
      this.agentUpdate(
        runtime.frameworkId,
        task.info,
        task.state,
        "REASON_AGENT_RESTARTED",
        "Task launched during agent restart",
      );
    }
  }

  /** An UPDATE call from a custom executor (already validated): stored, then ACKNOWLEDGED at once (5.3). */
  executorCallUpdate(runtime: ExecutorRuntime, status: mesos.TaskStatus): void {
    if (status.agent_id && status.agent_id.value !== this.id) return;
    const task = runtime.tasks.get(status.task_id.value);
    const full: mesos.TaskStatus = {
      ...status,
      timestamp: status.timestamp ?? this.options.clock.now() / 1000,
      container_status: { ...this.containerStatus(runtime), ...status.container_status },
    };
    if (task && !isTerminal(task.state)) task.state = status.state;
    this.statusUpdates.update(runtime.frameworkId, full);
    if (task || !status.uuid) {
      runtime.stream?.send({ type: "ACKNOWLEDGED", acknowledged: { task_id: status.task_id, uuid: status.uuid! } });
    }
  }

  /** A MESSAGE call from an executor: relayed to the scheduler. */
  executorCallMessage(runtime: ExecutorRuntime, data: Uint8Array): void {
    this.options.master.frameworkMessage(this.id, runtime.frameworkId, runtime.id, data);
  }

  // ---- from the master ----

  killTask(frameworkId: string, taskId: string, killPolicy?: mesos.KillPolicy): void {
    for (const runtime of this.executors.values()) {
      if (runtime.frameworkId !== frameworkId) continue;
      const task = runtime.tasks.get(taskId);
      if (!task || isTerminal(task.state)) continue;
      const queuedIndex = runtime.queued.findIndex((w) => "task_id" in w && w.task_id.value === taskId);
      if (queuedIndex >= 0) {
        runtime.queued.splice(queuedIndex, 1);
        task.state = "TASK_KILLED";
        this.agentUpdate(
          frameworkId,
          task.info,
          "TASK_KILLED",
          "REASON_TASK_KILLED_DURING_LAUNCH",
          "Killed before delivery to the executor",
        );
        return;
      }
      if (runtime.kind === "custom") {
        runtime.stream?.send({
          type: "KILL",
          kill: killPolicy ? { task_id: task.info.task_id, kill_policy: killPolicy } : { task_id: task.info.task_id },
        });
        return;
      }
      this.killBuiltInTask(runtime, task);
      return;
    }
    const framework = [...this.executors.values()].find((e) => e.frameworkId === frameworkId)?.framework;
    const lost =
      framework && (framework.capabilities ?? []).some((c) => c.type === "PARTITION_AWARE")
        ? "TASK_DROPPED"
        : "TASK_LOST";
    this.agentUpdate(
      frameworkId,
      { task_id: { value: taskId } } as mesos.TaskInfo,
      lost,
      "REASON_EXECUTOR_TERMINATED",
      "Cannot find executor",
    );
  }

  shutdownExecutor(frameworkId: string, executorId: string): void {
    const runtime = this.executors.get(key(frameworkId, executorId));
    if (!runtime || runtime.state === "terminated" || runtime.state === "terminating") return;
    runtime.state = "terminating";
    runtime.stream?.send({ type: "SHUTDOWN" });
    const graceMs = durationMs(runtime.info.shutdown_grace_period) ?? 5000;
    this.options.clock.setTimeout(() => this.destroy(runtime), graceMs);
  }

  acknowledge(frameworkId: string, taskId: string, uuid: Uint8Array): void {
    if (!this.statusUpdates.acknowledge(frameworkId, taskId, uuid)) return;
    for (const group of this.executors.values()) {
      if (group.kind === "default" && group.frameworkId === frameworkId && group.tasks.has(taskId))
        this.exitWhenAcknowledged(group);
    }
    const runtime = this.executors.get(key(frameworkId, taskId));
    if (
      runtime?.kind !== "command" ||
      runtime.state !== "terminating" ||
      this.statusUpdates.hasPending(frameworkId, taskId)
    )
      return;
    this.options.clock.setTimeout(() => {
      if (runtime.state === "terminating") runtime.state = "terminated";
    }, COMMAND_EXECUTOR_EXIT_MS);
  }

  message(frameworkId: string, executorId: string, data: Uint8Array): void {
    const runtime = this.executors.get(key(frameworkId, executorId));
    if (runtime?.state === "running") runtime.stream?.send({ type: "MESSAGE", message: { data } });
  }

  frameworkSubscribed(frameworkId: string): void {
    this.statusUpdates.resend(frameworkId);
    this.operationUpdates.resend(frameworkId);
  }

  shutdownFramework(frameworkId: string): void {
    this.statusUpdates.forget(frameworkId);
    this.operationUpdates.forget(frameworkId);
    for (const runtime of this.executors.values()) {
      if (runtime.frameworkId !== frameworkId) continue;
      if (runtime.kind === "custom") this.shutdownExecutor(frameworkId, runtime.id);
      else {
        for (const task of runtime.tasks.values()) {
          task.process?.kill("SIGKILL");
          task.health?.stop();
          this.options.clock.clearTimeout(task.finishTimer);
          task.state = "TASK_KILLED";
        }
        runtime.state = "terminated";
      }
    }
  }

  taskState(frameworkId: string, taskId: string): mesos.TaskState | undefined {
    for (const runtime of this.executors.values()) {
      if (runtime.frameworkId === frameworkId && runtime.tasks.has(taskId)) return runtime.tasks.get(taskId)!.state;
    }
    return undefined;
  }

  /** Cuts or restores the agent's link to the master; restored, it resends its pending updates. */
  setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    if (connected) {
      this.statusUpdates.resend();
      this.operationUpdates.resend();
    }
  }

  hasExecutor(frameworkId: string, executorId: string): boolean {
    const runtime = this.executors.get(key(frameworkId, executorId));
    return runtime !== undefined && runtime.state !== "terminated";
  }

  /** Kills every process and stops every timer (cluster shutdown). */
  stop(): void {
    this.statusUpdates.stop();
    this.operationUpdates.stop();
    for (const runtime of this.executors.values()) {
      runtime.process?.kill("SIGKILL");
      this.options.clock.clearTimeout(runtime.registrationTimer);
      runtime.stream?.end();
      for (const task of runtime.tasks.values()) {
        task.process?.kill("SIGKILL");
        task.health?.stop();
        this.options.clock.clearTimeout(task.finishTimer);
      }
    }
  }

  // ---- updates ----

  /** An update from a built-in executor: fresh uuid, `SOURCE_EXECUTOR`. */
  private executorUpdate(
    runtime: ExecutorRuntime,
    taskId: mesos.TaskID,
    state: mesos.TaskState,
    message?: string,
    health?: { healthy: boolean },
  ): void {
    const task = runtime.tasks.get(taskId.value);
    if (task) task.state = state;
    const status: mesos.TaskStatus = { task_id: taskId, state, source: "SOURCE_EXECUTOR" };
    if (message) status.message = message;
    if (health) status.reason = "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED";
    status.agent_id = { value: this.id };
    status.executor_id = { value: runtime.id };
    status.timestamp = this.options.clock.now() / 1000;
    status.uuid = this.options.random.uuidBytes();
    if (health) status.healthy = health.healthy;
    status.container_status = task?.containerId
      ? this.taskContainerStatus(runtime, task)
      : this.containerStatus(runtime);
    runtime.updatesSent++;
    this.statusUpdates.update(runtime.frameworkId, status);
  }

  /**
   * A task group's task: its own container nested in the executor's. As
   * recorded from the default executor, the group's very first update and
   * terminal updates carry only the container id (the task's network and pid
   * are not known then, or gone).
   */
  private taskContainerStatus(runtime: ExecutorRuntime, task: AgentTask): mesos.ContainerStatus {
    const containerId = { value: task.containerId!, parent: { value: runtime.containerId } };
    if (runtime.updatesSent === 0 || isTerminal(task.state)) return { container_id: containerId };
    const status: mesos.ContainerStatus = {
      container_id: containerId,
      network_infos: [{ ip_addresses: [{ protocol: "IPv4", ip_address: "127.0.0.1" }] }],
    };
    if (task.process?.pid !== undefined) status.executor_pid = task.process.pid;
    return status;
  }

  /**
   * The container status the agent adds to executor updates: the container id
   * and the task's network address (every container shares the agent's
   * loopback address here), so frameworks can test address recovery.
   */
  private containerStatus(runtime: ExecutorRuntime): mesos.ContainerStatus {
    const status: mesos.ContainerStatus = {
      container_id: { value: runtime.containerId },
      network_infos: [{ ip_addresses: [{ protocol: "IPv4", ip_address: "127.0.0.1" }] }],
    };
    if (runtime.process?.pid !== undefined) status.executor_pid = runtime.process.pid;
    return status;
  }

  /** An update the agent makes itself: fresh uuid, `SOURCE_AGENT`, reliable. */
  private agentUpdate(
    frameworkId: string,
    task: mesos.TaskInfo,
    state: mesos.TaskState,
    reason: mesos.TaskStatus_Reason,
    message: string,
  ): void {
    this.statusUpdates.update(frameworkId, {
      task_id: task.task_id,
      state,
      message,
      source: "SOURCE_AGENT",
      reason,
      agent_id: { value: this.id },
      timestamp: this.options.clock.now() / 1000,
      uuid: this.options.random.uuidBytes(),
    });
  }

  private lostState(framework: mesos.FrameworkInfo): mesos.TaskState {
    return (framework.capabilities ?? []).some((c) => c.type === "PARTITION_AWARE") ? "TASK_DROPPED" : "TASK_LOST";
  }

  // ---- environment ----

  private sandbox(runtime: ExecutorRuntime): string {
    const path = join(
      this.options.workDir,
      "slaves",
      this.id,
      "frameworks",
      runtime.frameworkId,
      "executors",
      runtime.id,
      "runs",
      runtime.containerId,
    );
    mkdirSync(path, { recursive: true });
    return path;
  }

  /**
   * Makes the persistent volumes among `resources` visible in the sandbox, as
   * Mesos' posix filesystem isolator does: each volume's directory (kept
   * under the agent's work directory, so its data outlives the task) is
   * linked at its `container_path`.
   */
  mountVolumes(sandbox: string, resources: readonly mesos.Resource[]): void {
    for (const resource of resources) {
      const id = resource.disk?.persistence?.id;
      const containerPath = resource.disk?.volume?.container_path;
      if (id === undefined || containerPath === undefined || isAbsolute(containerPath)) continue;
      const target = normalize(join(sandbox, containerPath));
      if (!target.startsWith(sandbox + sep)) continue; // `..` out of the sandbox: not a place to link
      const volume = join(this.options.workDir, "volumes", "roles", reservationRole(resource), id);
      mkdirSync(volume, { recursive: true });
      if (existsSync(target) || isLink(target)) continue;
      mkdirSync(join(target, ".."), { recursive: true });
      symlinkSync(volume, target, "dir");
    }
  }

  /** The environment a Mesos agent gives an executor (mesos-protocol.md 6.4). */
  environment(runtime: ExecutorRuntime): Record<string, string> {
    const checkpoint = runtime.framework.checkpoint === true;
    const address = `${this.endpoint.host}:${this.endpoint.port}`;
    const sandbox = this.sandbox(runtime);
    const env: Record<string, string> = {
      MESOS_FRAMEWORK_ID: runtime.frameworkId,
      MESOS_EXECUTOR_ID: runtime.id,
      MESOS_DIRECTORY: sandbox,
      MESOS_SANDBOX: sandbox,
      MESOS_SLAVE_ID: this.id,
      MESOS_SLAVE_PID: `slave(1)@${address}`,
      MESOS_AGENT_ENDPOINT: address,
      MESOS_CHECKPOINT: checkpoint ? "1" : "0",
      MESOS_HTTP_COMMAND_EXECUTOR: "0",
      MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: formatDuration(durationMs(runtime.info.shutdown_grace_period) ?? 5000),
      LIBPROCESS_PORT: "0",
    };
    if (checkpoint) {
      env.MESOS_RECOVERY_TIMEOUT = "15mins";
      env.MESOS_SUBSCRIPTION_BACKOFF_MAX = "2secs";
    }
    for (const variable of runtime.info.command?.environment?.variables ?? []) {
      if (variable.value !== undefined) env[variable.name] = variable.value;
    }
    return env;
  }
}

function key(frameworkId: string, executorId: string): string {
  return `${frameworkId}/${executorId}`;
}

function durationMs(duration: mesos.DurationInfo | undefined): number | undefined {
  return duration ? Number(duration.nanoseconds / 1_000_000n) : undefined;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
