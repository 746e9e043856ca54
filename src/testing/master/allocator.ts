/**
 * Offer generation (mesos-protocol.md 7.7, 7.8): per allocation round, every
 * (framework, role, agent) gets at most one offer holding everything on the
 * agent allocatable to the role, unless the role is suppressed, the result is
 * below the minimum allocatable amount, or a refusal filter covers it.
 *
 * Tie-breaking is deterministic rather than DRF: agents in registration
 * order, frameworks in subscription order, roles in the order the framework
 * lists them. The observable rules (one offer per agent per role per round,
 * whole available amount, filters, suppression) are Mesos'.
 */
import type { Clock } from "../clock.js";
import { Resources } from "../resources/index.js";

/** Default filter when `Filters` is absent (5 s). */
export const DEFAULT_REFUSE_SECONDS = 5;
/** Filters longer than this are capped (365 days). */
export const MAX_REFUSE_SECONDS = 365 * 24 * 3600;

/** An agent as the allocator sees it. */
export interface AllocatableAgent {
  readonly id: string;
  /** Resources not used by tasks, executors or outstanding offers. */
  available(): Resources;
}

/** A framework as the allocator sees it. */
export interface AllocatableFramework {
  readonly id: string;
  readonly roles: readonly string[];
  readonly suppressed: ReadonlySet<string>;
  /** Whether the framework can be offered these resources at all (capabilities such as GPU_RESOURCES). */
  accepts?(resources: Resources): Resources;
}

/** One offer the round decided on. */
export interface Allocation {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: Resources;
}

interface RefusalFilter {
  readonly resources: Resources;
  readonly expiresAt: number;
}

/** Refusal filters and the allocation round. */
export class Allocator {
  private readonly filters = new Map<string, RefusalFilter[]>();

  constructor(private readonly clock: Clock) {}

  /**
   * Installs a filter for resources that came back from DECLINE or as ACCEPT
   * leftovers. `refuseSeconds` undefined means the default 5 s; 0 installs
   * nothing; negative means the default; more than 365 days is capped; the
   * lifetime is at least one allocation interval.
   */
  refuse(
    frameworkId: string,
    role: string,
    agentId: string,
    resources: Resources,
    refuseSeconds: number | undefined,
    allocationIntervalMs: number,
  ): void {
    let seconds = refuseSeconds ?? DEFAULT_REFUSE_SECONDS;
    if (seconds === 0 || resources.isEmpty()) return;
    if (!(seconds > 0)) seconds = DEFAULT_REFUSE_SECONDS;
    seconds = Math.min(seconds, MAX_REFUSE_SECONDS);
    const lifetimeMs = Math.max(seconds * 1000, allocationIntervalMs);
    const key = filterKey(frameworkId, role, agentId);
    const list = this.filters.get(key) ?? [];
    list.push({ resources, expiresAt: this.clock.now() + lifetimeMs });
    this.filters.set(key, list);
  }

  /** Clears the filters of a framework, optionally only for some roles (REVIVE, unsuppress, disconnection). */
  clearFilters(frameworkId: string, roles?: readonly string[]): void {
    for (const key of [...this.filters.keys()]) {
      const [fw, role] = key.split("\u0000");
      if (fw === frameworkId && (!roles || roles.includes(role!))) this.filters.delete(key);
    }
  }

  /** Clears every filter on an agent (agent removal). */
  clearAgent(agentId: string): void {
    for (const key of [...this.filters.keys()]) if (key.endsWith(`\u0000${agentId}`)) this.filters.delete(key);
  }

  /** Decides one round of offers. The caller creates the offers, which must make `available()` shrink. */
  round(agents: readonly AllocatableAgent[], frameworks: readonly AllocatableFramework[]): Allocation[] {
    const allocations: Allocation[] = [];
    for (const agent of agents) {
      let available = agent.available();
      for (const framework of frameworks) {
        for (const role of framework.roles) {
          if (framework.suppressed.has(role)) continue;
          let offered = available.allocatableTo(role);
          if (framework.accepts) offered = framework.accepts(offered);
          if (!isAllocatable(offered)) continue;
          if (this.isFiltered(framework.id, role, agent.id, offered)) continue;
          allocations.push({ frameworkId: framework.id, agentId: agent.id, role, resources: offered });
          available = available.subtract(offered);
        }
      }
    }
    return allocations;
  }

  private isFiltered(frameworkId: string, role: string, agentId: string, resources: Resources): boolean {
    const key = filterKey(frameworkId, role, agentId);
    const now = this.clock.now();
    const live = (this.filters.get(key) ?? []).filter((f) => f.expiresAt > now);
    if (live.length === 0) this.filters.delete(key);
    else this.filters.set(key, live);
    // A filter only holds while what would be offered is within what was refused.
    return live.some((f) => f.resources.unallocate().contains(resources.unallocate()));
  }
}

/** The default `--min_allocatable_resources`: at least 0.01 cpus or 32 MB of memory. */
export function isAllocatable(resources: Resources): boolean {
  return resources.scalar("cpus") >= 0.01 || resources.scalar("mem") >= 32;
}

function filterKey(frameworkId: string, role: string, agentId: string): string {
  return `${frameworkId}\u0000${role}\u0000${agentId}`;
}
