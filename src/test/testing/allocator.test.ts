/**
 * The allocation round's order (allocator.ts): Mesos' DRF, agent by agent.
 */
import { describe, expect, it } from "vitest";
import { Allocator, type AllocatableAgent, type AllocatableFramework } from "../../testing/master/allocator.js";
import { VirtualClock } from "../../testing/clock.js";
import { Resources, parseResourcesFlag } from "../../testing/resources/index.js";

const resources = (flag: string) => Resources.of(parseResourcesFlag(flag));

/** Agents whose available resources shrink as the round's offers are made (the caller's job in the master). */
function agents(...flags: string[]): AllocatableAgent[] {
  return flags.map((flag, i) => ({ id: `S${i}`, available: () => resources(flag) }));
}

function framework(id: string, roles: string[], allocated: Record<string, string> = {}): AllocatableFramework {
  return {
    id,
    roles,
    suppressed: new Set(),
    allocated: new Map(Object.entries(allocated).map(([role, flag]) => [role, resources(flag)])),
  };
}

const summary = (allocations: ReturnType<Allocator["round"]>) =>
  allocations.map((a) => `${a.agentId}→${a.frameworkId}/${a.role}:${a.resources.scalar("cpus")}`);

describe("allocation round", () => {
  const total = resources("cpus:8;mem:8192");

  it("visits the framework with the smaller dominant share first", () => {
    const round = new Allocator(new VirtualClock()).round(
      agents("cpus:4;mem:4096"),
      [framework("A", ["r"], { r: "cpus:2;mem:512" }), framework("B", ["r"], { r: "cpus:1;mem:2048" })],
      { total },
    );
    // A holds 2/8 cpus (0.25), B 2048/8192 mem (0.25) too: a tie, broken by id.
    expect(summary(round)).toEqual(["S0→A/r:4"]);
    const round2 = new Allocator(new VirtualClock()).round(
      agents("cpus:4;mem:4096"),
      [framework("A", ["r"], { r: "cpus:3;mem:512" }), framework("B", ["r"], { r: "cpus:1;mem:1024" })],
      { total },
    );
    expect(summary(round2)).toEqual(["S0→B/r:4"]);
  });

  it("updates shares as it allocates: agents go to the roles in turn", () => {
    const round = new Allocator(new VirtualClock()).round(
      agents("cpus:2;mem:2048", "cpus:2;mem:2048", "cpus:2;mem:2048"),
      [framework("A", ["a"]), framework("B", ["b"])],
      { total: resources("cpus:6;mem:6144") },
    );
    expect(summary(round)).toEqual(["S0→A/a:2", "S1→B/b:2", "S2→A/a:2"]);
  });

  it("gives a role its reservation and leaves the unreserved rest to the role with the smaller share", () => {
    const round = new Allocator(new VirtualClock()).round(
      agents("cpus:2;mem:2048;cpus(web):1;mem(web):512"),
      [framework("F", ["*", "web"], { web: "cpus:1;mem:128" })],
      { total: resources("cpus:3;mem:2560") },
    );
    // `*` holds nothing: it is visited first and takes the unreserved resources; `web` gets its reservation.
    expect(summary(round)).toEqual(["S0→F/*:2", "S0→F/web:1"]);
  });

  it("visits agents in the order given by `shuffle`", () => {
    const round = new Allocator(new VirtualClock()).round(
      agents("cpus:2;mem:2048", "cpus:2;mem:2048"),
      [framework("A", ["a"]), framework("B", ["b"])],
      { total: resources("cpus:4;mem:4096"), shuffle: (items) => items.reverse() },
    );
    expect(summary(round)).toEqual(["S1→A/a:2", "S0→B/b:2"]);
  });
});
