/**
 * What the operator API shows but the master does not keep: when frameworks
 * and agents registered, the status updates each task went through, tasks
 * whose terminal update was acknowledged (the master forgets them) and
 * removed frameworks. All of it is rebuilt from the cluster's log, which
 * holds every call and event in order; the log is replayed incrementally
 * each time the operator API is asked, so the master needs no extra
 * bookkeeping.
 *
 * Times are those of the replay: a framework or agent counts as registered
 * when an operator request first sees it, which is exact only when the
 * operator API is asked right after the registration.
 */
import type { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import { isTerminal } from "../agent/status-updates.js";
import type { MiniMesos } from "../cluster.js";
import { Resources } from "../resources/index.js";

/** A framework as the operator API remembers it, removed ones included. */
export interface FrameworkHistory {
  readonly id: string;
  /** The latest FrameworkInfo seen. */
  info: mesos.FrameworkInfo;
  /** From the last SUBSCRIBE or UPDATE_FRAMEWORK. */
  offerConstraints: scheduler.OfferConstraints | undefined;
  registeredMs: number;
  reregisteredMs: number;
  /** Set once the framework is gone from the master (TEARDOWN, failover timeout). */
  removedMs: number | undefined;
}

/** One launch of a task id (ids may be reused once a task is over). */
export interface TaskHistory {
  readonly frameworkId: string;
  readonly agentId: string;
  /** The TaskInfo as the master stores it (allocated resources, executor's framework id). */
  info: mesos.TaskInfo;
  /** The updates the master processed, as Mesos keeps them: no `data`, a repeated state replaces its predecessor. */
  readonly statuses: mesos.TaskStatus[];
  /** The master refused the launch (invalid task or offers): the task never existed. */
  rejected: boolean;
}

/** Reasons of master updates that refuse a launch, so no task ever existed. */
const REFUSALS: ReadonlySet<mesos.TaskStatus_Reason> = new Set<mesos.TaskStatus_Reason>([
  "REASON_TASK_INVALID",
  "REASON_TASK_GROUP_INVALID",
  "REASON_INVALID_OFFERS",
  "REASON_TASK_UNAUTHORIZED",
  "REASON_TASK_GROUP_UNAUTHORIZED",
]);

const histories = new WeakMap<MiniMesos, OperatorHistory>();

/** The history of a cluster, shared by the operator endpoints of all its masters. */
export function historyOf(cluster: MiniMesos): OperatorHistory {
  let history = histories.get(cluster);
  if (!history) {
    history = new OperatorHistory(cluster);
    histories.set(cluster, history);
  }
  return history;
}

/** Frameworks, tasks and registration times replayed from a cluster's log. */
export class OperatorHistory {
  /** When the history was created: the master's start when an operator endpoint is built at cluster start. */
  readonly startedMs: number;
  /** In registration order. */
  readonly frameworks = new Map<string, FrameworkHistory>();
  /** `framework/task` → its launches, oldest first. */
  readonly tasks = new Map<string, TaskHistory[]>();
  /** Agent id → first time seen. */
  readonly agentsSeenMs = new Map<string, number>();
  /** Offer id → where and to which role it was allocated (from OFFERS events), to place launches. */
  private readonly offers = new Map<string, { readonly agentId: string; readonly role: string | undefined }>();
  private cursor = 0;

  constructor(private readonly cluster: MiniMesos) {
    this.startedMs = cluster.clock.now();
  }

  /** Replays the log entries appended since the last call, then notes what the master shows now. */
  catchUp(): void {
    const now = this.cluster.clock.now();
    const log = this.cluster.log;
    for (; this.cursor < log.length; this.cursor++) this.replay(log[this.cursor]!, log[this.cursor - 1], now);
    this.observe(now);
  }

  /** The launches of a task id, oldest first. */
  launchesOf(frameworkId: string, taskId: string): readonly TaskHistory[] {
    return this.tasks.get(taskKey(frameworkId, taskId)) ?? [];
  }

  private replay(entry: MiniMesos["log"][number], previous: MiniMesos["log"][number] | undefined, now: number): void {
    if (entry.kind === "event") {
      const event = entry.event;
      if (event.type === "SUBSCRIBED") {
        // SUBSCRIBED is emitted in the same turn as its SUBSCRIBE call is logged, so the call is the entry before.
        const subscribe = previous?.kind === "call" && previous.call.type === "SUBSCRIBE" ? previous.call : undefined;
        this.subscribed(entry.frameworkId, subscribe?.subscribe, now);
      } else if (event.type === "OFFERS") {
        for (const offer of event.offers.offers ?? []) {
          this.offers.set(offer.id.value, { agentId: offer.agent_id.value, role: offer.allocation_info?.role });
        }
      } else if (event.type === "UPDATE") {
        this.update(entry.frameworkId, event.update.status);
      }
    } else if (entry.kind === "call" && entry.frameworkId !== undefined) {
      const call = entry.call;
      if (call.type === "ACCEPT") this.accepted(entry.frameworkId, call.accept);
      else if (call.type === "UPDATE_FRAMEWORK") {
        const framework = this.frameworks.get(entry.frameworkId);
        if (framework) framework.offerConstraints = call.update_framework.offer_constraints;
      }
    }
  }

  private subscribed(frameworkId: string, subscribe: scheduler.Call_Subscribe | undefined, now: number): void {
    const known = this.frameworks.get(frameworkId);
    if (known) {
      known.reregisteredMs = now;
      known.removedMs = undefined;
      known.offerConstraints = subscribe?.offer_constraints;
      return;
    }
    const info = this.cluster.master.frameworks.get(frameworkId)?.info ?? {
      ...(subscribe?.framework_info ?? { user: "", name: "" }),
      id: { value: frameworkId },
    };
    this.frameworks.set(frameworkId, {
      id: frameworkId,
      info,
      offerConstraints: subscribe?.offer_constraints,
      registeredMs: now,
      reregisteredMs: now,
      removedMs: undefined,
    });
  }

  /** Records the launches of an ACCEPT as the master would store them; refused ones are marked by their TASK_ERROR. */
  private accepted(frameworkId: string, accept: scheduler.Call_Accept): void {
    const offer = this.offers.get(accept.offer_ids?.[0]?.value ?? "");
    const info = this.frameworks.get(frameworkId)?.info ?? this.cluster.master.frameworks.get(frameworkId)?.info;
    const multiRole = (info?.capabilities ?? []).some((c) => c.type === "MULTI_ROLE");
    const role = offer?.role ?? (multiRole ? (info?.roles?.[0] ?? "*") : (info?.role ?? "*"));
    for (const operation of accept.operations ?? []) {
      if (operation.type === "LAUNCH") {
        for (const task of operation.launch.task_infos ?? []) {
          const stored: mesos.TaskInfo = { ...task, resources: allocated(task.resources, role) };
          if (task.executor && !task.executor.framework_id) {
            stored.executor = { ...task.executor, framework_id: { value: frameworkId } };
          }
          this.launched(frameworkId, offer?.agentId ?? task.agent_id.value, stored);
        }
      } else if (operation.type === "LAUNCH_GROUP") {
        const executor = operation.launch_group.executor;
        for (const task of operation.launch_group.task_group.tasks ?? []) {
          const stored: mesos.TaskInfo = { ...task, resources: allocated(task.resources, role), executor };
          this.launched(frameworkId, offer?.agentId ?? task.agent_id.value, stored);
        }
      }
    }
  }

  private launched(frameworkId: string, agentId: string, info: mesos.TaskInfo): void {
    const key = taskKey(frameworkId, info.task_id.value);
    const launches = this.tasks.get(key) ?? [];
    const current = launches.at(-1);
    // A launch reusing the id of a live task is refused by the master as a duplicate: it is not a new task.
    if (current && !current.rejected && !isOver(current)) return;
    launches.push({ frameworkId, agentId, info, statuses: [], rejected: false });
    this.tasks.set(key, launches);
  }

  private update(frameworkId: string, status: mesos.TaskStatus): void {
    const task = this.tasks.get(taskKey(frameworkId, status.task_id.value))?.at(-1);
    if (!task || task.rejected) return;
    if (status.source === "SOURCE_MASTER" && status.reason !== undefined) {
      if (status.reason === "REASON_RECONCILIATION") return;
      if (task.statuses.length === 0 && REFUSALS.has(status.reason)) {
        task.rejected = true;
        return;
      }
    }
    const { data: _data, ...kept } = status;
    // Mesos replaces the last status when the state repeats (resends, health updates).
    if (task.statuses.at(-1)?.state === kept.state) task.statuses.pop();
    task.statuses.push(kept);
  }

  /** Notes frameworks, tasks and agents as the master shows them now (exact infos; removals). */
  private observe(now: number): void {
    const master = this.cluster.master;
    for (const framework of master.frameworks.values()) {
      let known = this.frameworks.get(framework.id);
      if (!known) {
        known = {
          id: framework.id,
          info: framework.info,
          offerConstraints: undefined,
          registeredMs: now,
          reregisteredMs: now,
          removedMs: undefined,
        };
        this.frameworks.set(framework.id, known);
      }
      known.info = framework.info;
      for (const record of framework.tasks.values()) {
        const current = this.launchesOf(framework.id, record.info.task_id.value).at(-1);
        if (current && !current.rejected) current.info = record.info;
        else this.launched(framework.id, record.agentId, record.info);
      }
    }
    for (const known of this.frameworks.values()) {
      if (known.removedMs === undefined && !master.frameworks.has(known.id)) known.removedMs = now;
    }
    for (const agentId of master.agents.keys()) {
      if (!this.agentsSeenMs.has(agentId)) this.agentsSeenMs.set(agentId, now);
    }
  }
}

/** Whether a launch has reached a terminal state. */
export function isOver(task: TaskHistory): boolean {
  const last = task.statuses.at(-1);
  return last !== undefined && isTerminal(last.state);
}

function taskKey(frameworkId: string, taskId: string): string {
  return `${frameworkId}\u0000${taskId}`;
}

/** A task's resources as the master charges them: allocated to the offer's role where the framework left it out. */
function allocated(resources: readonly mesos.Resource[] | undefined, role: string): mesos.Resource[] {
  return Resources.of(
    (resources ?? []).map((r) => (r.allocation_info ? r : { ...r, allocation_info: { role } })),
  ).toArray();
}
