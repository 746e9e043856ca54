/**
 * Format validation of resources as the master applies it to what frameworks
 * send (sections 7.1, 7.5, 3.3 step B). Texts marked "observed" or taken from
 * mesos-protocol.md are exact; the few marked "derived" follow the same rules
 * but were not seen on a real master.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { hasDuplicateItems } from "./sets.js";
import { rangesOverlap } from "./ranges.js";
import { renderResource } from "./render.js";
import { isStrictSubrole, validateRole } from "./roles.js";
import { toFixedPoint } from "./scalar.js";

/** Validates one resource in either spelling; returns the bare Mesos reason (no prefix) or `undefined`. */
export function validateResource(resource: mesos.Resource): string | undefined {
  if (resource.name === "") return "Empty resource name";
  return validateValue(resource) ?? validateReservations(resource) ?? validateDisk(resource);
}

/**
 * Validates a list, returning the first failure wrapped as Mesos wraps it,
 * `Resource '<rendered resource>' is invalid: <reason>`, or `undefined`.
 * Callers add their own prefix (e.g. `Operation attempted with invalid resources: `).
 */
export function validateResources(resources: readonly mesos.Resource[]): string | undefined {
  for (const resource of resources) {
    const reason = validateResource(resource);
    if (reason !== undefined) return `Resource '${renderResource(resource)}' is invalid: ${reason}`;
  }
  return undefined;
}

function validateValue(resource: mesos.Resource): string | undefined {
  // The union type promises the matching field, but decoded input may break that promise.
  const r = resource as mesos.Resource$Fields & { type: string };
  switch (r.type) {
    case "SCALAR": {
      if (r.scalar === undefined || r.ranges !== undefined || r.set !== undefined) return "Invalid scalar resource";
      const value = r.scalar.value;
      // Exactly 0 is allowed (an empty resource); anything else must stay positive in fixed point.
      // Non-finite values overflow llround on the master and are rejected the same way.
      if (!Number.isFinite(value) || (value !== 0 && toFixedPoint(value) <= 0)) {
        return "Invalid scalar resource: value <= 0";
      }
      return undefined;
    }
    case "RANGES": {
      if (r.ranges === undefined || r.scalar !== undefined || r.set !== undefined) return "Invalid ranges resource";
      const ranges = r.ranges.range ?? [];
      if (ranges.some((x) => x.begin > x.end)) return "Invalid ranges resource: begin > end";
      if (rangesOverlap(ranges)) return "Invalid ranges resource: overlapping ranges";
      return undefined;
    }
    case "SET": {
      if (r.set === undefined || r.scalar !== undefined || r.ranges !== undefined) return "Invalid set resource";
      if (hasDuplicateItems(r.set.item ?? [])) return "Invalid set resource: duplicated elements";
      return undefined;
    }
    default:
      return "Unsupported resource type";
  }
}

function validateReservations(resource: mesos.Resource): string | undefined {
  const stack = resource.reservations ?? [];
  if (stack.length === 0) return validatePreRefinement(resource);

  for (const info of stack) {
    // derived: the type decides STATIC/DYNAMIC semantics, so an unset type cannot be accepted.
    if (info.type !== "STATIC" && info.type !== "DYNAMIC") {
      return "Invalid reservation: 'Resource.ReservationInfo.type' must be STATIC or DYNAMIC";
    }
    const roleError = validateRole(info.role ?? "");
    if (roleError !== undefined) return roleError;
    if (info.role === "*") return 'Invalid reservation: role "*" cannot be reserved';
  }
  for (let i = 1; i < stack.length; i++) {
    const ancestor = stack[i - 1]!.role!;
    const descendant = stack[i]!;
    // derived text; the rule (only DYNAMIC layers on top) is from the proto.
    if (descendant.type === "STATIC") return "Invalid refined reservation: A refined reservation cannot be STATIC";
    // observed: "role 'web' is not a refinement of 'web'" (errors.json).
    if (!isStrictSubrole(descendant.role!, ancestor)) {
      return `Invalid refined reservation: role '${descendant.role}' is not a refinement of '${ancestor}'`;
    }
  }
  return validateMixedSpelling(resource, stack);
}

function validatePreRefinement(resource: mesos.Resource): string | undefined {
  const role = resource.role ?? "*";
  const roleError = validateRole(role);
  if (roleError !== undefined) return roleError;
  const reservation = resource.reservation;
  if (reservation === undefined) return undefined;
  // derived texts for the two fields the legacy `reservation` must not carry.
  if (reservation.type !== undefined) {
    return "Resource.ReservationInfo.type must not be set for the Resource.reservation field";
  }
  if (reservation.role !== undefined) {
    return "Resource.ReservationInfo.role must not be set for the Resource.reservation field";
  }
  // observed (C097).
  if (role === "*") return 'Invalid reservation: role "*" cannot be dynamically reserved';
  return undefined;
}

/** Both spellings at once (as the operator API writes them) are accepted only when they agree. */
function validateMixedSpelling(
  resource: mesos.Resource,
  stack: readonly mesos.Resource_ReservationInfo[],
): string | undefined {
  if (resource.role === undefined && resource.reservation === undefined) return undefined;
  const top = stack[0]!;
  const agrees =
    stack.length === 1 &&
    (resource.role === undefined || resource.role === top.role) &&
    (resource.reservation === undefined) === (top.type === "STATIC");
  // derived text.
  return agrees
    ? undefined
    : "Invalid resource format: 'Resource.role' and 'Resource.reservation' do not match 'Resource.reservations'";
}

function validateDisk(resource: mesos.Resource): string | undefined {
  // derived text: only `disk` resources may carry DiskInfo.
  if (resource.disk !== undefined && resource.name !== "disk") {
    return `DiskInfo should not be set for ${resource.name} resource`;
  }
  return undefined;
}
