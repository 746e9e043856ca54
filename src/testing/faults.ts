/**
 * Faults on demand for mini-mesos (the list): dropped or stalled
 * event streams, partitioned, lost and restarted agents, and delayed,
 * duplicated or reordered status updates and slow acknowledgements. Each is
 * a method here and a command of the HTTP control endpoint (see
 * control-endpoint.ts) for frameworks written in other languages.
 */
import type { MiniMesos } from "./cluster.js";

/** Fault injection for one cluster (`cluster.faults`). */
export class Faults {
  private reorderHeld: (() => void) | undefined;

  constructor(private readonly cluster: MiniMesos) {}

  /** Drops the subscription streams (TCP reset, no final chunk) of one framework or all. */
  dropSubscriptions(frameworkId?: string): void {
    for (const framework of this.frameworksOf(frameworkId)) framework.stream?.destroy();
  }

  /** Keeps the current streams open but stops writing to them (heartbeats included), or resumes; a new subscription is not stalled. */
  stallSubscriptions(stalled = true, frameworkId?: string): void {
    for (const framework of this.frameworksOf(frameworkId)) framework.stalled = stalled;
  }

  /**
   * Cuts an agent off the master (a network partition): offers are rescinded,
   * its updates wait; after `unreachableAfterMs` (default 75 s) the master marks
   * it unreachable. Tasks keep running on the agent.
   */
  partitionAgent(agentId: string, unreachableAfterMs?: number): void {
    this.agent(agentId).setConnected(false);
    this.cluster.master.agentDisconnected(agentId, unreachableAfterMs);
  }

  /** Ends a partition: the agent re-registers, pending updates are resent, offers resume. */
  healAgent(agentId: string): void {
    // The master reconciles the re-registered agent first; then the agent resends what is pending.
    this.cluster.master.agentReconnected(agentId);
    this.agent(agentId).setConnected(true);
  }

  /** An agent lost at once: partitioned and marked unreachable without waiting for the ping timeout. */
  loseAgent(agentId: string): void {
    this.partitionAgent(agentId);
    this.cluster.master.markUnreachable(agentId);
  }

  /**
   * Restarts an agent process: executor streams drop, the executor endpoint
   * answers `503 Agent has not finished recovery` for `recoveryMs`, then
   * executors may re-subscribe and pending updates are resent; executors that
   * do not re-subscribe within `reregistrationTimeoutMs` are destroyed.
   */
  async restartAgent(agentId: string, recoveryMs = 200, reregistrationTimeoutMs = 2000): Promise<void> {
    const mini = this.cluster.agents.find((a) => a.id === agentId);
    if (!mini) throw new Error(`no agent ${agentId}`);
    mini.endpoint.recovering = true;
    for (const runtime of mini.agent.executors.values()) {
      runtime.restarted = runtime.kind === "custom" && runtime.state === "running";
      runtime.stream?.destroy();
    }
    await new Promise<void>((resolve) => this.cluster.clock.setTimeout(resolve, recoveryMs));
    mini.endpoint.recovering = false;
    mini.agent.expectReregistration(reregistrationTimeoutMs);
    mini.agent.statusUpdates.resend();
  }

  /**
   * Master failover: every subscription stream drops, no master leads for
   * `electionMs` (all answer `503 No leader elected`), then the next master
   * leads and the others redirect to it. Frameworks must re-subscribe; their
   * tasks survive (the agents report them to the new leader).
   */
  async failoverMaster(electionMs = 100): Promise<void> {
    const count = this.cluster.masterUrls.length;
    const next = (this.cluster.masterUrls.findIndex((u) => u.href === this.cluster.masterUrl.href) + 1) % count;
    this.cluster.setLeader(undefined);
    this.cluster.master.failover();
    await new Promise<void>((resolve) => this.cluster.clock.setTimeout(resolve, electionMs));
    this.cluster.setLeader(next);
    this.cluster.master.triggerAllocation();
    for (const { agent } of this.cluster.agents) agent.statusUpdates.resend();
  }

  /** Delays every agent status update on its way to the scheduler by `ms` (0 turns it off). */
  delayStatusUpdates(ms: number): void {
    this.cluster.master.statusUpdateFault =
      ms > 0 ? (deliver) => void this.cluster.clock.setTimeout(deliver, ms) : undefined;
  }

  /** Delivers every agent status update twice (as retries and resends do). */
  duplicateStatusUpdates(on = true): void {
    this.cluster.master.statusUpdateFault = on
      ? (deliver) => {
          deliver();
          deliver();
        }
      : undefined;
  }

  /** Swaps consecutive status updates pairwise (across tasks, since one task has one update in flight). */
  reorderStatusUpdates(on = true): void {
    this.reorderHeld = undefined;
    this.cluster.master.statusUpdateFault = on
      ? (deliver) => {
          const held = this.reorderHeld;
          if (!held) {
            this.reorderHeld = deliver;
            return;
          }
          this.reorderHeld = undefined;
          deliver();
          held();
        }
      : undefined;
  }

  /** Makes acknowledgements reach the agents `ms` late (0 turns it off). */
  slowAcknowledgements(ms: number): void {
    this.cluster.master.acknowledgementDelayMs = ms;
  }

  private frameworksOf(frameworkId: string | undefined) {
    return [...this.cluster.master.frameworks.values()].filter(
      (f) => frameworkId === undefined || f.id === frameworkId,
    );
  }

  private agent(agentId: string) {
    const mini = this.cluster.agents.find((a) => a.id === agentId);
    if (!mini)
      throw new Error(`mini-mesos has no agent ${agentId}; agents: ${this.cluster.agents.map((a) => a.id).join(", ")}`);
    return mini.agent;
  }
}
