/**
 * Resources as Mesos prints them inside error messages (section 7.9), e.g.
 * `cpus(allocated: web)(reservations: [(STATIC,web),(DYNAMIC,web,alice)]):0.5`.
 * Only the post-refinement fields are printed; the legacy `role` and
 * `reservation` fields never show.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { formatRanges } from "./ranges.js";
import { formatScalar } from "./scalar.js";
import { formatSet } from "./sets.js";

/** Renders one resource: name, allocation, reservations, disk, `{REV}`, `<SHARED>`, `:` value. */
export function renderResource(resource: mesos.Resource): string {
  let out = resource.name;
  if (resource.allocation_info !== undefined) out += `(allocated: ${resource.allocation_info.role ?? ""})`;
  const stack = resource.reservations ?? [];
  if (stack.length > 0) out += `(reservations: [${stack.map((r) => `(${renderReservation(r)})`).join(",")}])`;
  if (resource.disk !== undefined) out += `[${renderDiskInfo(resource.disk)}]`;
  if (resource.revocable !== undefined) out += "{REV}";
  if (resource.shared !== undefined) out += "<SHARED>";
  return `${out}:${renderValue(resource)}`;
}

/** Renders a list joined by `"; "`, or `{}` when it is empty. */
export function renderResourceList(resources: readonly mesos.Resource[]): string {
  return resources.length === 0 ? "{}" : resources.map(renderResource).join("; ");
}

/** One reservation: `TYPE,role[,principal][,{k: v, ...}]`. */
export function renderReservation(info: mesos.Resource_ReservationInfo): string {
  let out = `${info.type ?? "UNKNOWN"},${info.role ?? ""}`;
  if (info.principal !== undefined) out += `,${info.principal}`;
  if (info.labels !== undefined) out += `,${renderLabels(info.labels)}`;
  return out;
}

/** Labels as `{k: v, k2: v2}`; a label without value prints its key alone. */
export function renderLabels(labels: mesos.Labels): string {
  const parts = (labels.labels ?? []).map((l) => (l.value === undefined ? l.key : `${l.key}: ${l.value}`));
  return `{${parts.join(", ")}}`;
}

/** Disk info: `[SOURCE[:root],]persistence-id[:container_path]`, e.g. `vol-1:data`. */
export function renderDiskInfo(disk: mesos.Resource_DiskInfo): string {
  let out = "";
  if (disk.source !== undefined) {
    const root = disk.source.mount?.root ?? disk.source.path?.root;
    out += disk.source.type + (root !== undefined ? `:${root}` : "");
  }
  if (disk.persistence !== undefined) {
    if (disk.source !== undefined) out += ",";
    out += disk.persistence.id;
  }
  if (disk.volume !== undefined) out += `:${renderVolume(disk.volume)}`;
  return out;
}

function renderVolume(volume: mesos.Volume): string {
  // A host path (never set on persistent volumes) comes first and brings the mode along.
  if (volume.host_path === undefined) return volume.container_path;
  return `${volume.host_path}:${volume.container_path}:${volume.mode === "RO" ? "ro" : "rw"}`;
}

function renderValue(resource: mesos.Resource): string {
  switch (resource.type) {
    case "SCALAR":
      return formatScalar(resource.scalar?.value ?? 0);
    case "RANGES":
      return formatRanges(resource.ranges?.range ?? []);
    case "SET":
      return formatSet(resource.set?.item ?? []);
    default:
      // Only reachable for invalid resources (TEXT); print nothing rather than throw inside an error message.
      return "";
  }
}
