/**
 * Offer generation (mesos-protocol.md 7.7, 7.8): per allocation round, every
 * (framework, role, agent) gets at most one offer holding everything on the
 * agent allocatable to the role, unless the role is suppressed, the result is
 * below the minimum allocatable amount, or a refusal filter covers it.
 *
 * Who gets what follows Mesos' hierarchical DRF allocator (without quota and
 * weights): agent by agent, roles are visited by dominant share (the largest
 * fraction of any scalar resource of the cluster that the role holds: tasks,
 * executors and offers), then by how many allocations they got, then by
 * name, and the frameworks of a role likewise by their share within it; each
 * gets everything left on the agent that it may use (reserved to its role, or
 * unreserved). Shares change as the round allocates. Agents are visited in
 * registration order, or shuffled as Mesos does when asked (seeded, so a run
 * repeats).
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
  /** What it holds now per role (tasks, executors, outstanding offers), for the shares. */
  readonly allocated?: ReadonlyMap<string, Resources>;
}

/** What the round needs besides agents and frameworks. */
export interface RoundOptions {
  /** Every agent's total resources: the denominator of the shares. */
  readonly total: Resources;
  /** Visits the agents in this order instead of registration order (Mesos shuffles them every round). */
  readonly shuffle?: <T>(items: T[]) => T[];
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
  round(
    agents: readonly AllocatableAgent[],
    frameworks: readonly AllocatableFramework[],
    options: RoundOptions = { total: Resources.EMPTY },
  ): Allocation[] {
    const shares = new Shares(options.total);
    const members = new Map<string, AllocatableFramework[]>();
    for (const framework of frameworks) {
      for (const role of framework.roles) {
        const list = members.get(role) ?? [];
        list.push(framework);
        members.set(role, list);
        shares.charge(role, framework.id, framework.allocated?.get(role), false);
      }
    }
    // Rounds without frameworks (before the first subscribes) draw no order, so a seed gives the same order
    // to the same round of the framework's life however many empty rounds ran before.
    const visited = options.shuffle && frameworks.length > 0 ? options.shuffle([...agents]) : agents;
    const allocations: Allocation[] = [];
    for (const agent of visited) {
      let available = agent.available();
      for (const role of shares.sortRoles([...members.keys()])) {
        for (const framework of shares.sortFrameworks(role, members.get(role)!)) {
          if (framework.suppressed.has(role)) continue;
          let offered = available.allocatableTo(role);
          if (framework.accepts) offered = framework.accepts(offered);
          if (!isAllocatable(offered)) continue;
          if (this.isFiltered(framework.id, role, agent.id, offered)) continue;
          allocations.push({ frameworkId: framework.id, agentId: agent.id, role, resources: offered });
          available = available.subtract(offered);
          shares.charge(role, framework.id, offered, true);
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

/** The amounts of scalar resources a role or a framework holds, and how many allocations it got. */
interface Holding {
  readonly amounts: Map<string, number>;
  count: number;
}

/** Dominant resource shares of roles, and of frameworks within a role, as a round allocates. */
class Shares {
  private readonly totals = new Map<string, number>();
  private readonly roles = new Map<string, Holding>();
  private readonly frameworks = new Map<string, Holding>();

  constructor(total: Resources) {
    for (const name of total.names()) {
      const amount = total.scalar(name);
      if (amount > 0) this.totals.set(name, amount);
    }
  }

  /** Adds `resources` to what the role and the framework in it hold; `allocation` counts one allocation. */
  charge(role: string, frameworkId: string, resources: Resources | undefined, allocation: boolean): void {
    for (const holding of [
      this.holding(this.roles, role),
      this.holding(this.frameworks, `${role}\u0000${frameworkId}`),
    ]) {
      if (allocation) holding.count++;
      if (!resources) continue;
      for (const name of this.totals.keys()) {
        const amount = resources.scalar(name);
        if (amount > 0) holding.amounts.set(name, (holding.amounts.get(name) ?? 0) + amount);
      }
    }
  }

  /** Roles by dominant share, then allocation count, then name. */
  sortRoles(roles: string[]): string[] {
    return this.sorted(
      roles,
      (role) => this.roles.get(role),
      (role) => role,
    );
  }

  /** The frameworks of `role` by their dominant share within it, then allocation count, then id. */
  sortFrameworks(role: string, frameworks: AllocatableFramework[]): AllocatableFramework[] {
    return this.sorted(
      frameworks,
      (framework) => this.frameworks.get(`${role}\u0000${framework.id}`),
      (framework) => framework.id,
    );
  }

  private sorted<T>(items: T[], holdingOf: (item: T) => Holding | undefined, nameOf: (item: T) => string): T[] {
    const keyed = items.map((item) => {
      const holding = holdingOf(item);
      return { item, share: this.share(holding), count: holding?.count ?? 0, name: nameOf(item) };
    });
    keyed.sort((a, b) =>
      a.share !== b.share
        ? a.share - b.share
        : a.count !== b.count
          ? a.count - b.count
          : a.name < b.name
            ? -1
            : a.name > b.name
              ? 1
              : 0,
    );
    return keyed.map((k) => k.item);
  }

  private share(holding: Holding | undefined): number {
    let share = 0;
    if (!holding) return share;
    for (const [name, amount] of holding.amounts) share = Math.max(share, amount / this.totals.get(name)!);
    return share;
  }

  private holding(map: Map<string, Holding>, key: string): Holding {
    let holding = map.get(key);
    if (!holding) {
      holding = { amounts: new Map(), count: 0 };
      map.set(key, holding);
    }
    return holding;
  }
}

/** The default `--min_allocatable_resources`: at least 0.01 cpus or 32 MB of memory. */
export function isAllocatable(resources: Resources): boolean {
  return resources.scalar("cpus") >= 0.01 || resources.scalar("mem") >= 32;
}

function filterKey(frameworkId: string, role: string, agentId: string): string {
  return `${frameworkId}\u0000${role}\u0000${agentId}`;
}
