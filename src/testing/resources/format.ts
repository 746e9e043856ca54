/**
 * The two spellings of reservations (section 7.4/7.5) and the allocation
 * marker. Internally everything is post-refinement: a `reservations` stack
 * and no legacy `role`/`reservation`. Frameworks without
 * RESERVATION_REFINEMENT see the pre-refinement spelling, frameworks without
 * MULTI_ROLE see no `allocation_info`, and the operator API shows both spellings.
 *
 * What the recordings show (real master, development head after 1.11.0):
 * - MR + RR (`multirole-reservations`): `allocation_info` and `reservations`, no `role`.
 * - MR, no RR (`scheduler-stream`, roles `["*"]`): `"role":"*"` plus `allocation_info`.
 * - Operator GET_STATE: `role`, `reservation` (dynamic only) and `reservations` together.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";

/**
 * Rewrites a resource for a framework without RESERVATION_REFINEMENT: `role`
 * always set, `reservation` (principal/labels only) for a dynamic reservation,
 * no `reservations`; `undefined` when the stack has several levels, because
 * such resources are withheld from those frameworks.
 */
export function toPreRefinementFormat(resource: mesos.Resource): mesos.Resource | undefined {
  const post = toPostRefinementFormat(resource);
  const stack = post.reservations ?? [];
  if (stack.length > 1) return undefined;
  const { reservations: _dropped, ...rest } = post;
  const top = stack[0];
  if (top === undefined) return { ...rest, role: "*" };
  const out: mesos.Resource = { ...rest, role: top.role ?? "*" };
  if (top.type === "DYNAMIC") out.reservation = legacyReservation(top);
  return out;
}

/**
 * Rewrites a resource into the internal post-refinement spelling, accepting
 * either spelling as frameworks may send (the master upgrades them): a
 * non-`*` legacy `role` becomes a one-entry stack (DYNAMIC when `reservation`
 * is present, STATIC otherwise); the legacy fields are then dropped.
 */
export function toPostRefinementFormat(resource: mesos.Resource): mesos.Resource {
  const { role, reservation, ...rest } = resource;
  if ((resource.reservations?.length ?? 0) > 0) return rest;
  const out: mesos.Resource = { ...rest };
  delete out.reservations;
  if (role !== undefined && role !== "*") {
    const info: mesos.Resource_ReservationInfo = { type: reservation ? "DYNAMIC" : "STATIC", role };
    if (reservation?.principal !== undefined) info.principal = reservation.principal;
    if (reservation?.labels !== undefined) info.labels = reservation.labels;
    out.reservations = [info];
  }
  return out;
}

/**
 * The operator API spelling: the post-refinement stack plus the legacy `role`
 * (`*` when unreserved) and, for a single dynamic reservation, `reservation`;
 * refined (multi-level) resources get no legacy fields, as there is no
 * pre-refinement spelling for them.
 */
export function toEndpointFormat(resource: mesos.Resource): mesos.Resource {
  const post = toPostRefinementFormat(resource);
  const stack = post.reservations ?? [];
  const top = stack[0];
  if (stack.length > 1) return post;
  if (top === undefined) return { ...post, role: "*" };
  const out: mesos.Resource = { ...post, role: top.role ?? "*" };
  if (top.type === "DYNAMIC") out.reservation = legacyReservation(top);
  return out;
}

/** Removes `allocation_info`, as for frameworks without MULTI_ROLE. */
export function stripAllocationInfo(resource: mesos.Resource): mesos.Resource {
  const { allocation_info: _dropped, ...rest } = resource;
  return rest;
}

/** The pre-refinement `reservation` field carries only principal and labels. */
function legacyReservation(info: mesos.Resource_ReservationInfo): mesos.Resource_ReservationInfo {
  const out: mesos.Resource_ReservationInfo = {};
  if (info.principal !== undefined) out.principal = info.principal;
  if (info.labels !== undefined) out.labels = info.labels;
  return out;
}
