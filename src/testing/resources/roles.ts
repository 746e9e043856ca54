/**
 * Role names and the role hierarchy (`eng/web` is a sub-role of `eng`), as
 * far as resources need them: reservation roles and allocatability.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";

/** Validates a role name (one set of rules for the whole simulator: the protocol module's). */
export { validateRole } from "../protocol/roles.js";

/** True when `child` lies strictly below `parent` in the hierarchy (`a/b` under `a`, not `ab`). */
export function isStrictSubrole(child: string, parent: string): boolean {
  return child.length > parent.length + 1 && child.startsWith(`${parent}/`);
}

/** The role a resource is currently reserved to (last entry of the stack), or `*` when unreserved. */
export function reservationRole(resource: mesos.Resource): string {
  const stack = resource.reservations ?? [];
  const top = stack[stack.length - 1];
  if (top !== undefined) return top.role ?? "*";
  // Pre-refinement spelling: the legacy field carries the reservation role.
  return resource.role ?? "*";
}

/** True when the resource carries any reservation (either spelling). */
export function isReserved(resource: mesos.Resource): boolean {
  return reservationRole(resource) !== "*" || (resource.reservations?.length ?? 0) > 0;
}

/** True when a framework role may be offered the resource: unreserved, or reserved to the role or an ancestor. */
export function isAllocatableTo(resource: mesos.Resource, role: string): boolean {
  if (!isReserved(resource)) return true;
  const reserved = reservationRole(resource);
  return reserved === role || isStrictSubrole(role, reserved);
}
