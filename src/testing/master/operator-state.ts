/**
 * The master's state as the v1 operator API's GET_* calls describe it
 * (mesos 1.11.0 src/master/readonly_handler.cpp, `model(Framework)`,
 * `createAgentResponse`, `createTask`): tasks with every status the master
 * processed, frameworks with their offers and allocated and offered
 * resources, agents with their total, allocated and offered resources.
 * Resources are shown as the master stores them (post-refinement, allocated),
 * except the per-framework and per-agent sums and the agents' totals, which
 * Mesos converts to the endpoint format (legacy `role` and `reservation` next
 * to `reservations`).
 */
import type { master, mesos } from "../../generated/mesos-1.11.0/index.js";
import type { MiniMesos } from "../cluster.js";
import { Resources, isReserved, toEndpointFormat } from "../resources/index.js";
import type { FrameworkRecord } from "./framework.js";
import type { MasterAgent } from "./master.js";
import { isOver, type OperatorHistory, type TaskHistory } from "./operator-history.js";

/** The version the simulated master and agents report. */
export const MESOS_VERSION = "1.11.0";

/** Capabilities a Mesos 1.11 agent announces by default (the recorded agents' list). */
export const AGENT_CAPABILITIES: readonly mesos.AgentInfo_Capability[] = [
  { type: "MULTI_ROLE" },
  { type: "HIERARCHICAL_ROLE" },
  { type: "RESERVATION_REFINEMENT" },
  { type: "RESOURCE_PROVIDER" },
  { type: "RESIZE_VOLUME" },
  { type: "AGENT_OPERATION_FEEDBACK" },
  { type: "AGENT_DRAINING" },
  { type: "TASK_RESOURCE_LIMITS" },
];

/** Like `--max_completed_tasks_per_framework`. */
const MAX_COMPLETED_TASKS_PER_FRAMEWORK = 1000;

type Offer = ReturnType<MiniMesos["master"]["offersOf"]>[number];

/** Builds the operator API's views of one cluster from the master and the replayed history. */
export class OperatorState {
  constructor(
    private readonly cluster: MiniMesos,
    private readonly history: OperatorHistory,
  ) {}

  /** GET_STATE: tasks, executors, frameworks and agents. */
  getState(): master.Response_GetState {
    return {
      get_tasks: this.getTasks(),
      get_executors: this.getExecutors(),
      get_frameworks: this.getFrameworks(),
      get_agents: this.getAgents(),
    };
  }

  /** GET_TASKS: live tasks (terminal but unacknowledged included), unreachable ones, and completed ones. */
  getTasks(): master.Response_GetTasks {
    const tasks: mesos.Task[] = [];
    const unreachable: mesos.Task[] = [];
    for (const framework of this.cluster.master.frameworks.values()) {
      for (const record of framework.tasks.values()) {
        const statuses = this.history.launchesOf(framework.id, record.info.task_id.value).at(-1)?.statuses ?? [];
        const task = taskMessage(record.info, framework.id, record.agentId, record.state, statuses);
        (record.state === "TASK_UNREACHABLE" ? unreachable : tasks).push(task);
      }
    }
    const completed = [...this.history.frameworks.keys()].flatMap((id) => this.completedTasks(id));
    return { tasks, unreachable_tasks: unreachable, completed_tasks: completed };
  }

  /** GET_EXECUTORS: the custom and default executors the master charges on agents (command executors are not listed). */
  getExecutors(): master.Response_GetExecutors {
    const executors: master.Response_GetExecutors_Executor[] = [];
    for (const charged of this.cluster.master.chargedExecutors()) {
      const info = this.executorInfo(charged.frameworkId, charged.agentId, charged.executorId);
      if (!info) continue;
      executors.push({
        executor_info: {
          ...info,
          framework_id: { value: charged.frameworkId },
          resources: charged.resources.toArray(),
        },
        agent_id: { value: charged.agentId },
      });
    }
    return { executors };
  }

  /** GET_FRAMEWORKS: registered frameworks (connected or not) and removed ones. */
  getFrameworks(): master.Response_GetFrameworks {
    const master = this.cluster.master;
    const frameworks = [...master.frameworks.values()].map((f) => this.framework(f));
    const completed = [...this.history.frameworks.values()]
      .filter((f) => !master.frameworks.has(f.id) && master.isRemoved(f.id))
      .map((f) => {
        const framework: master.Response_GetFrameworks_Framework = {
          framework_info: f.info,
          active: false,
          connected: false,
          recovered: false,
          registered_time: timeInfo(f.registeredMs),
          reregistered_time: timeInfo(f.reregisteredMs),
          offer_constraints: f.offerConstraints ?? {},
        };
        if (f.removedMs !== undefined) framework.unregistered_time = timeInfo(f.removedMs);
        return framework;
      });
    return { frameworks, completed_frameworks: completed };
  }

  /** GET_AGENTS: the registered agents (unreachable ones are not registered any more). */
  getAgents(): master.Response_GetAgents {
    const master = this.cluster.master;
    const agents = [...master.agents.values()].filter((a) => !master.isUnreachable(a.id)).map((a) => this.agent(a));
    return { agents, recovered_agents: [] };
  }

  private framework(record: FrameworkRecord): master.Response_GetFrameworks_Framework {
    const known = this.history.frameworks.get(record.id);
    const now = this.cluster.clock.now();
    const offers = this.cluster.master.offersOf(record.id);
    const framework: master.Response_GetFrameworks_Framework = {
      framework_info: record.info,
      active: record.connected,
      connected: record.connected,
      recovered: false,
      registered_time: timeInfo(known?.registeredMs ?? now),
      reregistered_time: timeInfo(known?.reregisteredMs ?? now),
      offers: offers.map((o) => this.storedOffer(o)),
      allocated_resources: endpointFormat(this.allocatedTo(record)),
      offered_resources: endpointFormat(sum(offers.map((o) => o.resources))),
      offer_constraints: known?.offerConstraints ?? {},
    };
    return framework;
  }

  private agent(agent: MasterAgent): master.Response_GetAgents_Agent {
    const master = this.cluster.master;
    const info = agent.info;
    const offers = [...master.frameworks.keys()]
      .flatMap((id) => master.offersOf(id))
      .filter((o) => o.agentId === agent.id);
    return {
      agent_info: { ...info, resources: agentInfoOrder(info.resources ?? []) },
      active: agent.connected,
      deactivated: false,
      version: MESOS_VERSION,
      pid: `slave(1)@127.0.0.1:${info.port ?? 5051}`,
      registered_time: timeInfo(this.history.agentsSeenMs.get(agent.id) ?? this.cluster.clock.now()),
      total_resources: agentInfoOrder(agent.total.toArray()).map(toEndpointFormat),
      allocated_resources: endpointFormat(master.usedResources(agent.id)),
      offered_resources: endpointFormat(sum(offers.map((o) => o.resources))),
      capabilities: [...AGENT_CAPABILITIES],
    };
  }

  /** The offer as the master keeps it: post-refinement resources and `allocation_info` whatever the framework's capabilities. */
  private storedOffer(offer: Offer): mesos.Offer {
    const agent = this.cluster.master.agents.get(offer.agentId)!.info;
    const stored: mesos.Offer = {
      id: { value: offer.id },
      framework_id: { value: offer.frameworkId },
      agent_id: { value: offer.agentId },
      hostname: agent.hostname,
      url: {
        scheme: "http",
        address: { hostname: agent.hostname, ip: "127.0.0.1", port: agent.port ?? 5051 },
        path: "/slave(1)",
      },
      resources: offer.resources.toArray(),
    };
    if (agent.domain) stored.domain = agent.domain;
    if (agent.attributes && agent.attributes.length > 0) stored.attributes = agent.attributes;
    const executors = this.cluster.master
      .chargedExecutors()
      .filter((e) => e.agentId === offer.agentId && e.frameworkId === offer.frameworkId);
    if (executors.length > 0) stored.executor_ids = executors.map((e) => ({ value: e.executorId }));
    stored.allocation_info = { role: offer.role };
    return stored;
  }

  /** What the framework's live tasks and executors use, over all agents. */
  private allocatedTo(record: FrameworkRecord): Resources {
    const tasks = [...record.tasks.values()].filter((t) => !t.released).map((t) => t.resources);
    const executors = this.cluster.master
      .chargedExecutors()
      .filter((e) => e.frameworkId === record.id)
      .map((e) => e.resources);
    return sum([...tasks, ...executors]);
  }

  /** Tasks of a framework that are over and gone from the master (all of a removed framework's tasks). */
  private completedTasks(frameworkId: string): mesos.Task[] {
    const live = this.cluster.master.frameworks.get(frameworkId);
    const completed: mesos.Task[] = [];
    for (const launches of this.history.tasks.values()) {
      for (const [i, launch] of launches.entries()) {
        if (launch.frameworkId !== frameworkId || launch.rejected || launch.statuses.length === 0) continue;
        const isLive = i === launches.length - 1 && live?.tasks.has(launch.info.task_id.value);
        if (!isLive) completed.push(completedTask(launch));
      }
    }
    return completed.slice(-MAX_COMPLETED_TASKS_PER_FRAMEWORK);
  }

  private executorInfo(frameworkId: string, agentId: string, executorId: string): mesos.ExecutorInfo | undefined {
    const matches = (info: mesos.TaskInfo): boolean => info.executor?.executor_id.value === executorId;
    const live = [...(this.cluster.master.frameworks.get(frameworkId)?.tasks.values() ?? [])].find(
      (t) => t.agentId === agentId && matches(t.info),
    );
    if (live) return live.info.executor;
    for (const launches of this.history.tasks.values()) {
      const launch = launches.findLast(
        (l) => l.frameworkId === frameworkId && l.agentId === agentId && matches(l.info),
      );
      if (launch) return launch.info.executor;
    }
    return undefined;
  }
}

/** A Task as `protobuf::createTask` makes it from a TaskInfo, with the statuses the master processed. */
function taskMessage(
  info: mesos.TaskInfo,
  frameworkId: string,
  agentId: string,
  state: mesos.TaskState,
  statuses: readonly mesos.TaskStatus[],
): mesos.Task {
  const task: mesos.Task = {
    name: info.name,
    task_id: info.task_id,
    framework_id: { value: frameworkId },
    agent_id: { value: agentId },
    state,
  };
  if (info.executor) task.executor_id = info.executor.executor_id;
  if (info.resources && info.resources.length > 0) task.resources = info.resources;
  if (statuses.length > 0) task.statuses = [...statuses];
  const last = statuses.at(-1);
  if (last?.uuid) {
    task.status_update_state = last.state;
    task.status_update_uuid = last.uuid;
  }
  if (info.labels) task.labels = info.labels;
  if (info.discovery) task.discovery = info.discovery;
  if (info.container) task.container = info.container;
  if (info.health_check) task.health_check = info.health_check;
  if (info.kill_policy) task.kill_policy = info.kill_policy;
  const user = info.command?.user ?? info.executor?.command?.user;
  if (user !== undefined) task.user = user;
  if (info.limits && Object.keys(info.limits).length > 0) task.limits = info.limits;
  return task;
}

/** A finished launch; a task still running when its framework was removed counts as killed, as Mesos records it. */
function completedTask(launch: TaskHistory): mesos.Task {
  const state = isOver(launch) ? launch.statuses.at(-1)!.state : "TASK_KILLED";
  return taskMessage(launch.info, launch.frameworkId, launch.agentId, state, launch.statuses);
}

function sum(list: readonly Resources[]): Resources {
  return list.reduce((total, r) => total.add(r), Resources.of([]));
}

function endpointFormat(resources: Resources): mesos.Resource[] {
  return resources.toArray().map(toEndpointFormat);
}

/**
 * Resources in the order agents report them (`AgentInfo.resources`, total
 * resources): unreserved scalars, other unreserved ones, then reservations,
 * which gives back the flag order `cpus;mem;disk;ports;cpus(web):..` of the
 * recorded agents from the offer order mini-mesos keeps internally.
 */
function agentInfoOrder(resources: readonly mesos.Resource[]): mesos.Resource[] {
  const group = (r: mesos.Resource): number => (isReserved(r) ? 2 : r.type === "SCALAR" ? 0 : 1);
  return [0, 1, 2].flatMap((g) => resources.filter((r) => group(r) === g));
}

/** A TimeInfo for a clock reading in milliseconds (exact to the nanosecond past 2^53). */
function timeInfo(ms: number): mesos.TimeInfo {
  const whole = Math.floor(ms);
  return { nanoseconds: BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1_000_000)) };
}
