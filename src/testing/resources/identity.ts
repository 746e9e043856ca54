/**
 * Which resources are "the same" apart from their value (section 7.1): two
 * resources merge on addition, and one can be taken out of the other, only if
 * name, type, reservation stack, allocation_info, disk, shared, revocable and
 * provider_id all agree. The key below encodes exactly those fields.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";

/** A string that is equal for two resources exactly when they have the same identity. */
export function identityKey(resource: mesos.Resource): string {
  return stableStringify([
    resource.name,
    resource.type,
    resource.allocation_info === undefined ? null : { role: resource.allocation_info.role ?? null },
    (resource.reservations ?? []).map(reservationKey),
    resource.disk ?? null,
    resource.shared !== undefined,
    resource.revocable !== undefined,
    resource.provider_id?.value ?? null,
  ]);
}

/**
 * True for resources that are never merged or split: persistent volumes and
 * MOUNT disks are a whole physical thing, so two of them stay two entries and
 * only an identical copy can be taken out.
 */
export function isAtomic(resource: mesos.Resource): boolean {
  return resource.disk?.persistence !== undefined || resource.disk?.source?.type === "MOUNT";
}

function reservationKey(info: mesos.Resource_ReservationInfo): unknown {
  return {
    type: info.type ?? null,
    role: info.role ?? null,
    principal: info.principal ?? null,
    // Labels compare as a multiset: their order carries no meaning.
    labels:
      info.labels === undefined
        ? null
        : (info.labels.labels ?? []).map((l) => [l.key, l.value ?? null]).sort(compareJson),
  };
}

function compareJson(a: unknown, b: unknown): number {
  const x = stableStringify(a);
  const y = stableStringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** JSON with sorted object keys and bigint support, so equal messages give equal strings. */
export function stableStringify(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}
