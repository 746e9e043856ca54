/**
 * The order in which a master lists an agent's resources inside an offer.
 *
 * Observed on a real master (fixtures of recording 2, C078): an agent with
 * `cpus;mem;disk;ports` is offered as `ports, cpus, mem, disk`; an agent with
 * `cpus:2;mem:2048;disk:4000;ports:[..];cpus(web):1;mem(web):512;disk(web):1000`
 * is offered to `web` as `ports, cpus(web), mem(web), disk(web), cpus, mem, disk`,
 * and newly reserved resources come after the static ones but before the
 * unreserved scalars. The rule that reproduces all of these: unreserved
 * non-scalar resources first, then reserved resources, then unreserved
 * scalars, each group in its existing order.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { isReserved } from "./roles.js";

/** Sorts resources into offer order (stable): unreserved non-scalars, reserved, unreserved scalars. */
export function offerOrder<T extends mesos.Resource>(resources: readonly T[]): T[] {
  const group = (r: T): number => (isReserved(r) ? 1 : r.type === "SCALAR" ? 2 : 0);
  return [0, 1, 2].flatMap((g) => resources.filter((r) => group(r) === g));
}
