import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import type { SchedulerClient } from "../../scheduler/index.js";

/** A task for `launchOn`: its agent is the offer's. */
export type TaskOnOffer = Omit<mesos.TaskInfo, "agent_id">;

/** ACCEPTs `offer` with one LAUNCH of `tasks`, each placed on the offer's agent. */
export function launchOn(
  client: SchedulerClient,
  offer: mesos.Offer,
  tasks: readonly TaskOnOffer[],
  filters?: mesos.Filters,
): Promise<void> {
  return client.call.accept({
    offer_ids: [offer.id],
    operations: [
      { type: "LAUNCH", launch: { task_infos: tasks.map((task) => ({ ...task, agent_id: offer.agent_id })) } },
    ],
    ...(filters ? { filters } : {}),
  });
}

/** A command task named and identified "sleeper", of 0.1 cpus, running `command`. */
export function sleeper(command: string): TaskOnOffer {
  return {
    name: "sleeper",
    task_id: { value: "sleeper" },
    resources: [{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }],
    command: { value: command },
  };
}
