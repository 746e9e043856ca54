/**
 * Pre-/post-refinement spellings and allocation_info against what a real
 * master wrote (section 4.2, 7.4, 7.5; recordings of shared/fixtures).
 *
 * Capabilities of the recorded frameworks (from their SUBSCRIBE calls):
 * scheduler-stream is MULTI_ROLE with roles ["*"] but not RESERVATION_REFINEMENT,
 * so its resources carry the legacy `"role":"*"` and `allocation_info`;
 * multirole-reservations and refined-reservation are MULTI_ROLE +
 * RESERVATION_REFINEMENT and carry `reservations` and no `role`.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import { RecordIODecoder } from "../../recordio/index.js";
import {
  Resources,
  stripAllocationInfo,
  toEndpointFormat,
  toPostRefinementFormat,
  toPreRefinementFormat,
} from "../../testing/resources/index.js";

const FIXTURES = new URL("../../../../shared/fixtures/real-mesos-1.12.0-dev/", import.meta.url).pathname;
const available = existsSync(FIXTURES);

function offerResources(file: string): mesos.Resource[][] {
  const decoder = new RecordIODecoder();
  const records = decoder.push(readFileSync(FIXTURES + file));
  decoder.end();
  return records.flatMap((bytes) =>
    (scheduler.Event.fromJson(bytes).offers?.offers ?? []).map((o) => o.resources ?? []),
  );
}

function subscribeCapabilities(file: string): string[] {
  const first = readFileSync(FIXTURES + file, "utf8").split("\n")[0]!;
  const call = scheduler.Call.fromJsonValue((JSON.parse(first) as { body: unknown }).body);
  return (call.subscribe?.framework_info.capabilities ?? []).map((c) => c.type ?? "UNKNOWN");
}

const cpus: mesos.Resource = { name: "cpus", type: "SCALAR", scalar: { value: 1 } };
const labels: mesos.Labels = { labels: [{ key: "k", value: "v" }] };

describe("format conversions", () => {
  it("pre-refinement: role always set, reservation only for dynamic ones", () => {
    expect(toPreRefinementFormat(cpus)).toEqual({ ...cpus, role: "*" });
    expect(toPreRefinementFormat({ ...cpus, reservations: [{ type: "STATIC", role: "web" }] })).toEqual({
      ...cpus,
      role: "web",
    });
    expect(
      toPreRefinementFormat({ ...cpus, reservations: [{ type: "DYNAMIC", role: "web", principal: "alice", labels }] }),
    ).toEqual({ ...cpus, role: "web", reservation: { principal: "alice", labels } });
    expect(toPreRefinementFormat({ ...cpus, reservations: [{ type: "DYNAMIC", role: "web" }] })).toEqual({
      ...cpus,
      role: "web",
      reservation: {},
    });
  });

  it("pre-refinement: refined (multi-level) resources are withheld", () => {
    const refined: mesos.Resource = {
      ...cpus,
      reservations: [
        { type: "STATIC", role: "eng" },
        { type: "DYNAMIC", role: "eng/web" },
      ],
    };
    expect(toPreRefinementFormat(refined)).toBeUndefined();
  });

  it("post-refinement: accepts both spellings and is idempotent", () => {
    const post: mesos.Resource = { ...cpus, reservations: [{ type: "DYNAMIC", role: "web", principal: "alice" }] };
    expect(toPostRefinementFormat({ ...cpus, role: "web", reservation: { principal: "alice" } })).toEqual(post);
    expect(toPostRefinementFormat(post)).toEqual(post);
    expect(toPostRefinementFormat({ ...cpus, role: "web" })).toEqual({
      ...cpus,
      reservations: [{ type: "STATIC", role: "web" }],
    });
    expect(toPostRefinementFormat({ ...cpus, role: "*" })).toEqual(cpus);
    // The operator API spelling (both at once) loses its legacy fields.
    expect(toPostRefinementFormat(toEndpointFormat(post))).toEqual(post);
  });

  it("round-trips pre → post → pre for every single-level shape", () => {
    for (const r of [
      { ...cpus, role: "*" },
      { ...cpus, role: "web" },
      { ...cpus, role: "web", reservation: { principal: "p", labels } },
      { ...cpus, role: "*", allocation_info: { role: "web" } },
    ] as mesos.Resource[]) {
      expect(toPreRefinementFormat(toPostRefinementFormat(r))).toEqual(r);
    }
  });

  it("strips allocation_info and leaves the input alone", () => {
    const allocated: mesos.Resource = { ...cpus, allocation_info: { role: "web" } };
    expect(stripAllocationInfo(allocated)).toEqual(cpus);
    expect(allocated.allocation_info).toEqual({ role: "web" });
  });

  it('section 4.2: a non-MR, non-RR framework sees role "*" and no allocation_info', () => {
    const offered = Resources.of([{ ...cpus, scalar: { value: 4 } }])
      .allocate("*")
      .toArray()[0]!;
    expect(mesos.Resource.toJson(stripAllocationInfo(toPreRefinementFormat(offered)!))).toBe(
      '{"name":"cpus","type":"SCALAR","scalar":{"value":4.0},"role":"*"}',
    );
  });
});

describe.skipIf(!available)("format conversions against the recordings", () => {
  it("the recorded frameworks have the capabilities the comparisons assume", () => {
    expect(subscribeCapabilities("scheduler-calls.json.jsonl")).toEqual(["PARTITION_AWARE", "MULTI_ROLE"]);
    expect(subscribeCapabilities("multirole-reservations.calls.jsonl")).toContain("RESERVATION_REFINEMENT");
    expect(subscribeCapabilities("refined-reservation.calls.jsonl")).toContain("RESERVATION_REFINEMENT");
  });

  it("MR without RR (scheduler-stream): pre-refinement output is byte-for-byte what the master sent", () => {
    const all = offerResources("scheduler-stream.json.recordio").flat();
    expect(all.length).toBeGreaterThan(0);
    for (const recorded of all) {
      expect(recorded.role).toBe("*");
      expect(recorded.allocation_info).toEqual({ role: "*" });
      const internal = toPostRefinementFormat(recorded);
      expect(internal.role).toBeUndefined();
      expect(mesos.Resource.toJson(toPreRefinementFormat(internal)!)).toBe(mesos.Resource.toJson(recorded));
    }
  });

  it("MR + RR (multirole-reservations): resources are post-refinement as recorded", () => {
    const all = offerResources("multirole-reservations.json.recordio").flat();
    expect(all.some((r) => r.reservations?.[0]?.type === "DYNAMIC")).toBe(true);
    expect(all.some((r) => r.reservations?.[0]?.type === "STATIC")).toBe(true);
    for (const recorded of all) {
      expect(recorded.role).toBeUndefined();
      expect(recorded.reservation).toBeUndefined();
      expect(toPostRefinementFormat(recorded)).toEqual(recorded);
      const pre = toPreRefinementFormat(recorded)!;
      expect(pre.reservations).toBeUndefined();
      const top = recorded.reservations?.[0];
      expect(pre.role).toBe(top?.role ?? "*");
      if (top?.type === "DYNAMIC") expect(pre.reservation).toEqual({ principal: top.principal, labels: top.labels });
      else expect(pre.reservation).toBeUndefined();
      expect(toPostRefinementFormat(pre)).toEqual(recorded);
    }
  });

  it("RR with refinement (refined-reservation): two-level stacks are withheld from non-RR frameworks", () => {
    const all = offerResources("refined-reservation.json.recordio").flat();
    const refined = all.filter((r) => (r.reservations?.length ?? 0) > 1);
    expect(refined.length).toBeGreaterThan(0);
    for (const r of refined) expect(toPreRefinementFormat(r)).toBeUndefined();
    const single = all.filter((r) => (r.reservations?.length ?? 0) === 1);
    for (const r of single) expect(toPreRefinementFormat(r)?.role).toBe("web");
  });

  it("operator GET_STATE: endpoint spelling of offered and allocated resources", () => {
    const state = JSON.parse(readFileSync(FIXTURES + "operator-get-state.json", "utf8")) as {
      get_state: {
        get_tasks: { tasks: { resources: unknown[] }[] };
        get_frameworks: {
          frameworks: {
            offers: { resources: unknown[] }[];
            offered_resources: unknown[];
            allocated_resources: unknown[];
          }[];
        };
      };
    };
    const decode = (list: unknown[]) => list.map((r) => mesos.Resource.fromJsonValue(r));
    const framework = state.get_state.get_frameworks.frameworks[0]!;
    const offered = decode(framework.offers[0]!.resources);
    expect(offered.map(toEndpointFormat)).toEqual(decode(framework.offered_resources));
    const task = decode(state.get_state.get_tasks.tasks[0]!.resources);
    const allocated = decode(framework.allocated_resources);
    expect(task.map(toEndpointFormat)).toEqual(allocated);
    expect(allocated.map(toPostRefinementFormat)).toEqual(task);
    // The pre-refinement spelling is the endpoint spelling without the stack.
    expect(task.map((r) => toPreRefinementFormat(r))).toEqual(
      allocated.map(({ reservations: _dropped, ...rest }) => rest),
    );
  });
});
