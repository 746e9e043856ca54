/**
 * An immutable bag of resources with Mesos' arithmetic (section 7.1).
 * Entries are kept merged per identity (entries.ts) in order of first
 * appearance and in the post-refinement spelling.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { ResourcesError } from "./errors.js";
import { toPostRefinementFormat } from "./format.js";
import { addEntry, makeEntry, subtractEntry, type Entry } from "./entries.js";
import { offerOrder } from "./offer-order.js";
import { renderResourceList } from "./render.js";
import { isAllocatableTo, isReserved, isStrictSubrole, reservationRole } from "./roles.js";
import { fromFixedPoint, toFixedPoint } from "./scalar.js";
import { validateResources } from "./validate.js";
import { canonicalValue, isEmptyValue, type ValuedResource } from "./values.js";

/** Anything the arithmetic methods accept: another instance, one resource or a list. */
export type ResourcesInput = Resources | mesos.Resource | readonly mesos.Resource[];

/** An immutable, merged collection of Mesos resources; every method returns a new instance. */
export class Resources {
  private constructor(private readonly entries: readonly Entry[]) {}

  /** Builds an instance from resources in either spelling; empty ones vanish, invalid ones throw `ERR_RESOURCES_INVALID`. */
  static of(resources: readonly mesos.Resource[]): Resources {
    return Resources.EMPTY.add(resources);
  }

  /** The empty instance. */
  static readonly EMPTY = new Resources([]);

  /** The sum; same-identity resources merge (scalars in fixed point, ranges coalesced, sets united). */
  add(that: ResourcesInput): Resources {
    const entries = [...this.entries];
    for (const entry of Resources.entriesOf(that)) addEntry(entries, entry);
    return new Resources(entries);
  }

  /**
   * The difference; throws `ERR_RESOURCES_NOT_CONTAINED` (message
   * `<this> does not contain <that>`, as the master words it) unless
   * `contains(that)`, so a result is never silently clamped.
   */
  subtract(that: ResourcesInput): Resources {
    const result = this.trySubtract(that);
    if (result === undefined) {
      const other = that instanceof Resources ? that : Resources.of(toList(that));
      throw new ResourcesError("ERR_RESOURCES_NOT_CONTAINED", `${this.render()} does not contain ${other.render()}`);
    }
    return result;
  }

  /** Like `subtract`, but returns `undefined` when `that` is not contained. */
  trySubtract(that: ResourcesInput): Resources | undefined {
    const entries = [...this.entries];
    for (const entry of Resources.entriesOf(that)) if (!subtractEntry(entries, entry)) return undefined;
    return new Resources(entries);
  }

  /** True when every resource of `that` fits into a same-identity part of this instance. */
  contains(that: ResourcesInput): boolean {
    return this.trySubtract(that) !== undefined;
  }

  /** True when both contain each other. */
  equals(that: ResourcesInput): boolean {
    const other = that instanceof Resources ? that : Resources.of(toList(that));
    return this.contains(other) && other.contains(this);
  }

  /** True when there is nothing in it. */
  isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Deep copies of the merged resources in first-appearance order (a shared resource once per copy). */
  toArray(): mesos.Resource[] {
    return this.entries.flatMap((e) =>
      Array.from({ length: e.count }, () => structuredClone(e.resource) as mesos.Resource),
    );
  }

  /** The fixed-point total of the scalar resources called `name` (all reservations and roles), 0 if none. */
  scalar(name: string): number {
    let fixed = 0;
    for (const { resource: r } of this.entries)
      if (r.name === name && r.type === "SCALAR") fixed += toFixedPoint(r.scalar.value);
    return fromFixedPoint(fixed);
  }

  /** The distinct resource names in first-appearance order. */
  names(): string[] {
    return [...new Set(this.entries.map((e) => e.resource.name))];
  }

  /** The entries for which `predicate` holds (it sees frozen, merged resources). */
  filter(predicate: (resource: Readonly<mesos.Resource>) => boolean): Resources {
    return new Resources(this.entries.filter((e) => predicate(e.resource)));
  }

  /** What a framework role may be offered: unreserved, or reserved to the role or one of its ancestors. */
  allocatableTo(role: string): Resources {
    return this.filter((r) => isAllocatableTo(r, role));
  }

  /** Reserved resources, optionally only those whose current reservation role is `role`. */
  reserved(role?: string): Resources {
    return this.filter((r) => isReserved(r) && (role === undefined || reservationRole(r) === role));
  }

  /** Unreserved resources. */
  unreserved(): Resources {
    return this.filter((r) => !isReserved(r));
  }

  /** The same resources with `allocation_info.role` set to `role` on each (re-merged). */
  allocate(role: string): Resources {
    return this.map((r) => ({ ...r, allocation_info: { role } }));
  }

  /** The same resources without `allocation_info` (re-merged). */
  unallocate(): Resources {
    // Instances are immutable, so the result is kept: the allocator asks for it on every round.
    this.unallocated ??= this.map(({ allocation_info: _dropped, ...rest }) => rest as ValuedResource);
    return this.unallocated;
  }

  private unallocated: Resources | undefined;

  /** Every resource with `info` pushed on its reservation stack; throws `ERR_RESOURCES_RESERVATION` if it does not refine the current role. */
  pushReservation(info: mesos.Resource_ReservationInfo): Resources {
    return this.map((r) => {
      const current = reservationRole(r);
      const role = info.role ?? "";
      if (role === "*" || (current !== "*" && !isStrictSubrole(role, current))) {
        throw new ResourcesError("ERR_RESOURCES_RESERVATION", `Cannot reserve ${role} on top of ${current}`);
      }
      return { ...r, reservations: [...(r.reservations ?? []), structuredClone(info)] };
    });
  }

  /** Every resource with its last reservation popped (UNRESERVE); throws `ERR_RESOURCES_RESERVATION` on unreserved ones. */
  popReservation(): Resources {
    return this.map((r) => {
      const stack = r.reservations ?? [];
      if (stack.length === 0) {
        throw new ResourcesError("ERR_RESOURCES_RESERVATION", `Resource ${r.name} is not reserved`);
      }
      const { reservations: _dropped, ...rest } = r;
      return (stack.length === 1 ? rest : { ...rest, reservations: stack.slice(0, -1) }) as ValuedResource;
    });
  }

  /** Every resource with all reservations removed. */
  toUnreserved(): Resources {
    return this.map(({ reservations: _dropped, ...rest }) => rest as ValuedResource);
  }

  /** The same entries sorted into the order a master lists them in an offer (offer-order.ts). */
  orderedForOffer(): Resources {
    const byResource = new Map(this.entries.map((e) => [e.resource, e] as const));
    return new Resources(offerOrder(this.entries.map((e) => e.resource)).map((r) => byResource.get(r)!));
  }

  /** Mesos' text form used inside error messages (section 7.9), `{}` when empty. */
  render(): string {
    return renderResourceList(this.entries.map((e) => e.resource));
  }

  /** Same as `render()`. */
  toString(): string {
    return this.render();
  }

  /** Validated, upgraded, canonical entries of an input; empty resources are dropped. */
  private static entriesOf(input: ResourcesInput): readonly Entry[] {
    if (input instanceof Resources) return input.entries;
    const list = toList(input);
    const error = validateResources(list);
    if (error !== undefined) throw new ResourcesError("ERR_RESOURCES_INVALID", error);
    const out: Entry[] = [];
    for (const r of list) {
      const resource = canonicalValue(toPostRefinementFormat(structuredClone(r)) as ValuedResource);
      if (!isEmptyValue(resource)) out.push(makeEntry(resource, 1));
    }
    return out;
  }

  private map(f: (r: ValuedResource) => ValuedResource): Resources {
    const entries: Entry[] = [];
    for (const e of this.entries)
      // Entries are deeply frozen and `f` builds new objects around them, so sharing the nested parts is safe (no copy).
      addEntry(entries, makeEntry(f(e.resource), e.count));
    return new Resources(entries);
  }
}

function toList(input: mesos.Resource | readonly mesos.Resource[]): readonly mesos.Resource[] {
  return Array.isArray(input) ? (input as readonly mesos.Resource[]) : [input as mesos.Resource];
}
