/**
 * RESERVE, UNRESERVE, CREATE and DESTROY as the master handles them inside an
 * ACCEPT (mesos-protocol.md 3.3 steps B, D–F, 7.5, 7.6): the format check of
 * step B, the per-type validation of step E (whose failures name the agent,
 * `; on agent <id> at <pid> (<hostname>)`), and the speculative application
 * to the running pool of offered resources (whose failure, `<pool> does not
 * contain <resources>`, names nothing more).
 *
 * Texts follow the master's validation code (`src/master/validation.cpp
 * (operation::validate)` and `Master::accept`); the two recorded ones are in
 * errors.json and conformance cases C096–C099.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { validateId } from "../protocol/index.js";
import {
  Resources,
  identityKey,
  isAtomic,
  isReserved,
  renderResource,
  reservationRole,
  subtractRanges,
  subtractSets,
  toPostRefinementFormat,
  validateResources,
} from "../resources/index.js";
import type { FrameworkRecord } from "./framework.js";

/** The operations the simulator applies speculatively. */
export type ResourceOperation = Extract<
  mesos.Offer_Operation,
  { type: "RESERVE" | "UNRESERVE" | "CREATE" | "DESTROY" }
>;

/** The field that carries each operation's payload. */
const FIELDS = { RESERVE: "reserve", UNRESERVE: "unreserve", CREATE: "create", DESTROY: "destroy" } as const;

/** Whether an operation is one of the speculative resource operations handled here. */
export function isResourceOperation(operation: mesos.Offer_Operation): operation is ResourceOperation {
  return operation.type !== undefined && Object.hasOwn(FIELDS, operation.type);
}

/** The resources an operation names, as the framework sent them. */
export function operationResources(operation: ResourceOperation): mesos.Resource[] {
  // The union promises the payload, but decoded input may lack it (step B reports that).
  const fields = operation as mesos.Offer_Operation$Fields;
  switch (operation.type) {
    case "RESERVE":
      return fields.reserve?.resources ?? [];
    case "UNRESERVE":
      return fields.unreserve?.resources ?? [];
    case "CREATE":
      return fields.create?.volumes ?? [];
    case "DESTROY":
      return fields.destroy?.volumes ?? [];
  }
}

/**
 * Step B: the whole OPERATION_ERROR message for an operation whose payload is
 * missing or whose resources are malformed, or `undefined`.
 */
export function formatError(operation: ResourceOperation): string | undefined {
  const field = FIELDS[operation.type];
  const fields = operation as mesos.Offer_Operation$Fields;
  let error: string | undefined;
  if (fields[field] === undefined) {
    // observed for RESERVE (mesos-protocol.md 3.3); the same sentence for the others.
    error = `A ${operation.type} offer operation must have the Offer.Operation.${field} field set.`;
  } else {
    error = validateResources(operationResources(operation));
    if (error === undefined && operation.type === "RESERVE") {
      const source = fields.reserve?.source ?? [];
      error =
        validateResources(source) ??
        (source.length > 0 ? "Reservation updates are not yet implemented for the scheduler API." : undefined);
    }
  }
  return error === undefined ? undefined : `Operation attempted with invalid resources: ${error}`;
}

/**
 * Step D: the operation's resources in the internal spelling, with the
 * offers' allocation role wherever the framework left `allocation_info` out.
 */
export function normalizeResources(operation: ResourceOperation, role: string): mesos.Resource[] {
  return operationResources(operation).map((resource) => {
    const post = toPostRefinementFormat(resource);
    return post.allocation_info ? post : { ...post, allocation_info: { role } };
  });
}

/** What step E's checks look at besides the operation. */
export interface OperationContext {
  /** The accepting framework: roles, principal and capabilities. */
  readonly framework: FrameworkRecord;
  /** The agent as the master prints it, `<id> at <pid> (<hostname>)`. */
  readonly agent: string;
  /** The agent's total resources (unallocated); its dynamic reservations and volumes are what it checkpoints. */
  readonly total: Resources;
  /** What tasks and executors use on the agent (unallocated). */
  readonly used: Resources;
}

/**
 * Step E validation of normalized resources: the failure message with the
 * agent suffix, or `undefined` when the operation may be applied.
 */
export function validateOperation(
  operation: ResourceOperation,
  resources: readonly mesos.Resource[],
  context: OperationContext,
): string | undefined {
  const error =
    operation.type === "RESERVE"
      ? validateReserve(resources, context)
      : operation.type === "UNRESERVE"
        ? validateUnreserve(resources)
        : operation.type === "CREATE"
          ? validateCreate(resources, context)
          : validateDestroy(resources, context);
  return error === undefined ? undefined : `${error}; on agent ${context.agent}`;
}

/** An operation applied to the pool. */
export interface AppliedOperation {
  /** The pool after the operation. */
  readonly pool: Resources;
  /** What leaves the agent's total (unallocated). */
  readonly remove: Resources;
  /** What joins the agent's total (unallocated). */
  readonly add: Resources;
  /** What the agent reports for it when feedback was asked for. */
  readonly state: mesos.OperationState;
}

/**
 * Applies a validated operation to the pool, resource by resource as Mesos'
 * conversions do; fails with `<pool> does not contain <consumed>` (no agent
 * suffix) when the pool lacks what a conversion consumes.
 */
export function applyOperation(
  operation: ResourceOperation,
  resources: readonly mesos.Resource[],
  pool: Resources,
): AppliedOperation | { readonly error: string } {
  let next = pool;
  let remove = Resources.EMPTY;
  let add = Resources.EMPTY;
  for (const resource of resources) {
    const { consumed, converted } = conversion(operation.type, resource);
    const rest = next.trySubtract(consumed);
    if (rest === undefined) return { error: `${next.render()} does not contain ${consumed.render()}` };
    next = rest.add(converted);
    remove = remove.add(consumed.unallocate());
    add = add.add(converted.unallocate());
  }
  return { pool: next, remove, add, state: "OPERATION_FINISHED" };
}

/** The OPERATION_ERROR a dropped operation gets when it asked for feedback: master-made, so no uuid and no agent id. */
export function operationError(operation: mesos.Offer_Operation, message: string): mesos.OperationStatus | undefined {
  return operation.id ? { operation_id: operation.id, state: "OPERATION_ERROR", message } : undefined;
}

/**
 * `a` minus as much of `b` as it holds, never going negative like Mesos'
 * `Resources::operator-`, so that `remaining - offered` is what the operations
 * of an ACCEPT produced (it goes back to the allocator without a filter).
 */
export function subtractClamped(a: Resources, b: Resources): Resources {
  let rest = a;
  for (const resource of b.toArray()) {
    if (rest.contains(resource)) {
      rest = rest.subtract(resource);
      continue;
    }
    // Whole things (volumes, shared resources) are taken whole or not at all.
    if (isAtomic(resource) || resource.shared !== undefined) continue;
    const key = identityKey(resource);
    const held = rest.filter((r) => identityKey(r) === key).toArray()[0];
    const common = held === undefined ? undefined : overlap(held, resource);
    if (common !== undefined) rest = rest.subtract(common);
  }
  return rest;
}

// ---- conversions ----

function conversion(
  type: ResourceOperation["type"],
  resource: mesos.Resource,
): { consumed: Resources; converted: Resources } {
  const one = Resources.of([resource]);
  switch (type) {
    case "RESERVE":
      // One reservation is pushed at a time: the resource without its top layer is what the pool must hold.
      return { consumed: one.popReservation(), converted: one };
    case "UNRESERVE":
      return { consumed: one, converted: one.popReservation() };
    case "CREATE":
      return { consumed: Resources.of([stripVolume(resource)]), converted: one };
    case "DESTROY":
      return { consumed: one, converted: Resources.of([stripVolume(resource)]) };
  }
}

/** The disk a volume is made of: no persistence and volume (no DiskInfo at all unless it has a source), not shared. */
function stripVolume(volume: mesos.Resource): mesos.Resource {
  const { disk, shared: _shared, ...rest } = volume;
  if (disk?.source === undefined) return rest as mesos.Resource;
  const { persistence: _persistence, volume: _volume, ...keep } = disk;
  return { ...rest, disk: keep } as mesos.Resource;
}

/** The part of `wanted` inside `held` (same identity, not atomic), or `undefined` when they do not meet. */
function overlap(held: mesos.Resource, wanted: mesos.Resource): mesos.Resource | undefined {
  if (held.type === "SCALAR" && wanted.type === "SCALAR") {
    const value = Math.min(held.scalar.value, wanted.scalar.value);
    return value > 0 ? { ...wanted, scalar: { value } } : undefined;
  }
  if (held.type === "RANGES" && wanted.type === "RANGES") {
    const mine = held.ranges.range ?? [];
    const range = subtractRanges(mine, subtractRanges(mine, wanted.ranges.range ?? []));
    return range.length > 0 ? { ...wanted, ranges: { range } } : undefined;
  }
  if (held.type === "SET" && wanted.type === "SET") {
    const mine = held.set.item ?? [];
    const item = subtractSets(mine, subtractSets(mine, wanted.set.item ?? []));
    return item.length > 0 ? { ...wanted, set: { item } } : undefined;
  }
  return undefined;
}

// ---- step E validation (validation.cpp, operation::validate) ----

function validateReserve(resources: readonly mesos.Resource[], context: OperationContext): string | undefined {
  const invalid = validateForMaster(resources);
  if (invalid !== undefined) return `Invalid resources: ${invalid}`;
  const principal = context.framework.info.principal;
  const roles = context.framework.roles;
  for (const resource of resources) {
    const rendered = renderResource(resource);
    if (!isDynamicallyReserved(resource)) return `Resource ${rendered} is not dynamically reserved`;
    const top = resource.reservations![resource.reservations!.length - 1]!;
    if (principal !== undefined && top.principal === undefined) {
      return `A reserve operation was attempted by principal '${principal}', but there is a reserved resource in the request with no principal set`;
    }
    if (principal !== undefined && top.principal !== principal) {
      return `A reserve operation was attempted by authenticated principal '${principal}', which does not match a reserved resource in the request with principal '${top.principal}'`;
    }
    const allocated = resource.allocation_info?.role;
    if (allocated === undefined) {
      return `A reserve operation was attempted on unallocated resource ${rendered}, but frameworks can only perform reservations on allocated resources`;
    }
    const reserved = reservationRole(resource);
    if (allocated !== reserved) {
      return `A reserve operation was attempted for a resource with role '${reserved}', but the resource was allocated to role '${allocated}'`;
    }
    if (!roles.includes(allocated)) {
      // derived: stout prints a hashset as `{ a, b }`.
      return `A reserve operation was attempted for a resource allocated to role '${allocated}', but the framework only has roles '{ ${roles.join(", ")} }'`;
    }
  }
  const mixed = singleAllocationRoleError(resources);
  return mixed === undefined ? undefined : `Invalid reservation resources: ${mixed}`;
}

function validateUnreserve(resources: readonly mesos.Resource[]): string | undefined {
  const invalid = validateForMaster(resources);
  if (invalid !== undefined) return `Invalid resources: ${invalid}`;
  for (const resource of resources) {
    const rendered = renderResource(resource);
    if (!isDynamicallyReserved(resource)) return `Resource ${rendered} is not dynamically reserved`;
    if (isPersistentVolume(resource)) {
      // observed (C098): "cannot be unreserved directly".
      return `A dynamically reserved persistent volume ${rendered} cannot be unreserved directly. Please destroy the persistent volume first then unreserve the resource`;
    }
  }
  return undefined;
}

function validateCreate(resources: readonly mesos.Resource[], context: OperationContext): string | undefined {
  // observed (C099): unreserved disk fails here, as "Invalid DiskInfo: Persistent volumes cannot be created from unreserved resources".
  const invalid = validateForMaster(resources);
  if (invalid !== undefined) return `Invalid resources: ${invalid}`;
  const notVolume = persistentVolumeError(resources);
  if (notVolume !== undefined) return `Not a persistent volume: ${notVolume}`;
  const duplicate = duplicatePersistenceId([...checkpointed(context.total).toArray(), ...resources]);
  if (duplicate !== undefined) return `Persistence ID '${duplicate}' is not unique`;
  const { framework } = context;
  const principal = framework.info.principal;
  for (const volume of resources) {
    if (volume.shared !== undefined && !framework.has("SHARED_RESOURCES")) {
      return `Create volume operation for '${renderResource(volume)}' has been attempted by framework '${framework.id}' with no SHARED_RESOURCES capability`;
    }
    const owner = volume.disk?.persistence?.principal;
    if (principal !== undefined && owner === undefined) {
      return `Create volume operation attempted by principal '${principal}', but there is a volume in the operation with no principal set in 'disk.persistence'`;
    }
    if (principal !== undefined && owner !== principal) {
      return `Create volume operation attempted by authenticated principal '${principal}', which does not match a volume in the operation with principal '${owner}' set in 'disk.persistence'`;
    }
  }
  const mixed = singleAllocationRoleError(resources);
  return mixed === undefined ? undefined : `Invalid volume resources: ${mixed}`;
}

function validateDestroy(resources: readonly mesos.Resource[], context: OperationContext): string | undefined {
  // The master compares unallocated copies, so volumes offered to any role are found.
  const volumes = resources.map(({ allocation_info: _dropped, ...rest }) => rest as mesos.Resource);
  const invalid = validateForMaster(volumes);
  if (invalid !== undefined) return `Invalid resources: ${invalid}`;
  const notVolume = persistentVolumeError(volumes);
  if (notVolume !== undefined) return `Not a persistent volume: ${notVolume}`;
  const known = checkpointed(context.total);
  if (volumes.some((volume) => !known.contains(volume))) return "Persistent volumes not found";
  if (volumes.some((volume) => context.used.contains(volume))) return "Persistent volumes in use";
  return undefined;
}

/** `resource::validate`: the basic format, then gpus, DiskInfo and ReservationInfo, each with its prefix. */
function validateForMaster(resources: readonly mesos.Resource[]): string | undefined {
  const basic = validateResources(resources);
  if (basic !== undefined) return `Invalid resources: ${basic}`;
  if (!Number.isInteger(Resources.of(resources).scalar("gpus"))) {
    return "Invalid 'gpus' resource: The 'gpus' resource must be an unsigned integer";
  }
  for (const resource of resources) {
    const disk = diskInfoError(resource);
    if (disk !== undefined) return `Invalid DiskInfo: ${disk}`;
  }
  for (const resource of resources) {
    if (isDynamicallyReserved(resource) && resource.revocable !== undefined) {
      return `Invalid ReservationInfo: Dynamically reserved resource ${renderResource(resource)} cannot be created from revocable resources`;
    }
  }
  return undefined;
}

function diskInfoError(resource: mesos.Resource): string | undefined {
  const disk = resource.disk;
  if (disk === undefined) return undefined;
  if (disk.persistence !== undefined) {
    if (resource.revocable !== undefined) return "Persistent volumes cannot be created from revocable resources";
    if (!isReserved(resource)) return "Persistent volumes cannot be created from unreserved resources";
    if (disk.volume === undefined) return "Expecting 'volume' to be set for persistent volume";
    if (disk.volume.host_path !== undefined) return "Expecting 'host_path' to be unset for persistent volume";
    const idError = validateId(disk.persistence.id);
    return idError === undefined ? undefined : `Invalid persistence ID for persistent volume: ${idError}`;
  }
  if (disk.volume !== undefined) return "Non-persistent volume not supported";
  return disk.source === undefined ? "DiskInfo is set but empty" : undefined;
}

function persistentVolumeError(volumes: readonly mesos.Resource[]): string | undefined {
  for (const volume of volumes) {
    if (volume.disk === undefined) return `Resource ${renderResource(volume)} does not have DiskInfo`;
    if (volume.disk.persistence === undefined) return "'persistence' is not set in DiskInfo";
    if (volume.disk.volume === undefined) return "Expecting 'volume' to be set for persistent volume";
    if (volume.disk.volume.mode === "RO") return "Read-only persistent volume not supported";
  }
  return undefined;
}

/** The first persistence id used twice by one reservation role (ids are unique per role per agent). */
function duplicatePersistenceId(resources: readonly mesos.Resource[]): string | undefined {
  const seen = new Set<string>();
  for (const resource of resources) {
    const id = resource.disk?.persistence?.id;
    if (id === undefined) continue;
    const key = `${reservationRole(resource)}\u0000${id}`;
    if (seen.has(key)) return id;
    seen.add(key);
  }
  return undefined;
}

function singleAllocationRoleError(resources: readonly mesos.Resource[]): string | undefined {
  let role: string | undefined;
  for (const resource of resources) {
    const own = resource.allocation_info?.role;
    if (own === undefined) return "The resources are not allocated to a role";
    if (role !== undefined && own !== role) {
      return `The resources have multiple allocation roles ('${own}' and '${role}') but only one allocation role is allowed`;
    }
    role = own;
  }
  return undefined;
}

/** What an agent checkpoints: its dynamic reservations and persistent volumes. */
function checkpointed(total: Resources): Resources {
  return total.filter((r) => isDynamicallyReserved(r) || isPersistentVolume(r));
}

function isDynamicallyReserved(resource: mesos.Resource): boolean {
  const stack = resource.reservations ?? [];
  return stack[stack.length - 1]?.type === "DYNAMIC";
}

function isPersistentVolume(resource: mesos.Resource): boolean {
  return resource.disk?.persistence !== undefined;
}
