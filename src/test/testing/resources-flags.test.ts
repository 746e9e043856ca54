/** Agent --resources / --attributes flags (section 7.10, 4.2) and the offer order they produce. */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import { RecordIODecoder } from "../../recordio/index.js";
import {
  AgentFlagError,
  Resources,
  offerOrder,
  parseAttributesFlag,
  parseResourcesFlag,
} from "../../testing/resources/index.js";

const FIXTURES = new URL("../../../../shared/fixtures/real-mesos-1.12.0-dev/", import.meta.url).pathname;
const available = existsSync(FIXTURES);

const S0 = "cpus:4;mem:4096;disk:10000;ports:[31000-32000]";
const S1 = "cpus:2;mem:2048;disk:4000;ports:[32000-32100];cpus(web):1;mem(web):512;disk(web):1000";

const scalar = (name: string, value: number, role?: string): mesos.Resource => ({
  name,
  type: "SCALAR",
  scalar: { value },
  ...(role ? { reservations: [{ type: "STATIC" as const, role }] } : {}),
});
const ports = (begin: number, end: number): mesos.Resource => ({
  name: "ports",
  type: "RANGES",
  ranges: { range: [{ begin: BigInt(begin), end: BigInt(end) }] },
});

function flagError(f: () => unknown): AgentFlagError {
  try {
    f();
  } catch (error) {
    if (error instanceof AgentFlagError) return error;
    throw error;
  }
  throw new Error("expected an AgentFlagError");
}

describe("parseResourcesFlag", () => {
  it("orders the plain agent as ports, cpus, mem, disk", () => {
    expect(parseResourcesFlag("cpus:4;mem:1024;disk:2048;ports:[31000-32000]")).toEqual([
      ports(31000, 32000),
      scalar("cpus", 4),
      scalar("mem", 1024),
      scalar("disk", 2048),
    ]);
  });

  it("keeps the written order with order: 'flag' (AgentInfo.resources)", () => {
    expect(parseResourcesFlag("cpus:4;mem:1024;disk:2048;ports:[31000-32000]", { order: "flag" })).toEqual([
      scalar("cpus", 4),
      scalar("mem", 1024),
      scalar("disk", 2048),
      ports(31000, 32000),
    ]);
  });

  it("parses static reservations in the post-refinement spelling, reserved before unreserved scalars", () => {
    expect(parseResourcesFlag("cpus:4;mem:1024;disk:2048;ports:[31000-32000];cpus(web):1;mem(web):512")).toEqual([
      ports(31000, 32000),
      scalar("cpus", 1, "web"),
      scalar("mem", 512, "web"),
      scalar("cpus", 4),
      scalar("mem", 1024),
      scalar("disk", 2048),
    ]);
  });

  it("treats (*) as unreserved, merges repeats, tolerates spaces and empty pieces", () => {
    expect(parseResourcesFlag(" cpus(*) : 1 ; cpus:0.5;; ports:[1-2, 3-4] ;")).toEqual([
      ports(1, 4),
      scalar("cpus", 1.5),
    ]);
  });

  it("parses sets and several ranges", () => {
    expect(parseResourcesFlag("gpus_ids:{a,b};ports:[1-10,20-30]")).toEqual([
      { name: "gpus_ids", type: "SET", set: { item: ["a", "b"] } },
      {
        name: "ports",
        type: "RANGES",
        ranges: {
          range: [
            { begin: 1n, end: 10n },
            { begin: 20n, end: 30n },
          ],
        },
      },
    ]);
  });

  it("accepts hierarchical roles", () => {
    expect(parseResourcesFlag("cpus(eng/web):2")).toEqual([scalar("cpus", 2, "eng/web")]);
  });

  it.each<[string, AgentFlagError["code"], string]>([
    ["cpus4", "ERR_FLAG_SYNTAX", "cpus4"],
    ["cpus:4;mem:1:2", "ERR_FLAG_SYNTAX", "mem:1:2"],
    [":4", "ERR_FLAG_SYNTAX", ":4"],
    ["cpus(web:1", "ERR_FLAG_PARENTHESES", "cpus(web:1"],
    ["cpus)web(:1", "ERR_FLAG_PARENTHESES", "cpus)web(:1"],
    ["cpus(web)x:1", "ERR_FLAG_PARENTHESES", "cpus(web)x:1"],
    ["cpus(web/):1", "ERR_FLAG_ROLE", "cpus(web/):1"],
    ["cpus():1", "ERR_FLAG_ROLE", "cpus():1"],
    ["cpus:", "ERR_FLAG_VALUE", "cpus:"],
    ["ports:[1-2", "ERR_FLAG_VALUE", "ports:[1-2"],
    ["ports:[1]", "ERR_FLAG_VALUE", "ports:[1]"],
    ["ports:[a-b]", "ERR_FLAG_VALUE", "ports:[a-b]"],
    ["ports:[0-18446744073709551616]", "ERR_FLAG_VALUE", "ports:[0-18446744073709551616]"],
    ["zones:{a,b", "ERR_FLAG_VALUE", "zones:{a,b"],
    ["cpus:four", "ERR_FLAG_TYPE", "cpus:four"],
    ["cpus:-1", "ERR_FLAG_INVALID_RESOURCE", "cpus:-1"],
    ["ports:[5-1]", "ERR_FLAG_INVALID_RESOURCE", "ports:[5-1]"],
    ["ports:[1-5,3-7]", "ERR_FLAG_INVALID_RESOURCE", "ports:[1-5,3-7]"],
    ["zones:{a,a}", "ERR_FLAG_INVALID_RESOURCE", "zones:{a,a}"],
  ])("rejects %j with %s", (text, code, piece) => {
    const error = flagError(() => parseResourcesFlag(text));
    expect(error.code).toBe(code);
    expect(error.flag).toBe("resources");
    expect(error.piece).toBe(piece);
    expect(error.message).toContain(`'${piece}'`);
  });

  it("says what is wrong", () => {
    expect(flagError(() => parseResourcesFlag("cpus:-1")).message).toBe(
      "Bad value for resources: Invalid scalar resource: value <= 0 in 'cpus:-1'",
    );
    expect(flagError(() => parseResourcesFlag("cpus(web/):1")).message).toBe(
      "Bad value for resources: Role 'web/' cannot end with a slash in 'cpus(web/):1'",
    );
    expect(flagError(() => parseResourcesFlag("cpus4")).message).toBe(
      "Bad value for resources: missing or extra ':' in 'cpus4'",
    );
  });
});

describe("offerOrder", () => {
  it("puts unreserved non-scalars first, then reserved, then unreserved scalars (stable)", () => {
    const zones: mesos.Resource = { name: "zones", type: "SET", set: { item: ["a"] } };
    const reservedPorts = { ...ports(1, 2), reservations: [{ type: "STATIC" as const, role: "web" }] };
    expect(offerOrder([scalar("cpus", 1), reservedPorts, zones, scalar("mem", 1, "web"), ports(5, 6)])).toEqual([
      zones,
      ports(5, 6),
      reservedPorts,
      scalar("mem", 1, "web"),
      scalar("cpus", 1),
    ]);
  });
});

describe("parseAttributesFlag", () => {
  it("types values: number → SCALAR, [..] → RANGES, {..} → SET, else TEXT", () => {
    expect(parseAttributesFlag("rack:r7;zone:3;ports:[1-5];slots:{a,b}")).toEqual([
      { name: "rack", type: "TEXT", text: { value: "r7" } },
      { name: "zone", type: "SCALAR", scalar: { value: 3 } },
      { name: "ports", type: "RANGES", ranges: { range: [{ begin: 1n, end: 5n }] } },
      { name: "slots", type: "SET", set: { item: ["a", "b"] } },
    ]);
  });

  it("keeps text after the first ':' and accepts newlines as separators", () => {
    expect(parseAttributesFlag("url:http://x:80\nweight:0.5;version:1.2.3")).toEqual([
      { name: "url", type: "TEXT", text: { value: "http://x:80" } },
      { name: "weight", type: "SCALAR", scalar: { value: 0.5 } },
      { name: "version", type: "TEXT", text: { value: "1.2.3" } },
    ]);
  });

  it.each<[string, AgentFlagError["code"], string]>([
    ["rack", "ERR_FLAG_SYNTAX", "rack"],
    [":r7", "ERR_FLAG_SYNTAX", ":r7"],
    ["rack:", "ERR_FLAG_SYNTAX", "rack:"],
    ["rack:r1;slots:[1-x]", "ERR_FLAG_VALUE", "slots:[1-x]"],
    ["slots:[9-1]", "ERR_FLAG_VALUE", "slots:[9-1]"],
    ["slots:{a", "ERR_FLAG_VALUE", "slots:{a"],
  ])("rejects %j with %s", (text, code, piece) => {
    const error = flagError(() => parseAttributesFlag(text));
    expect(error.code).toBe(code);
    expect(error.flag).toBe("attributes");
    expect(error.piece).toBe(piece);
    expect(error.message).toContain(`'${piece}'`);
  });
});

describe.skipIf(!available)("flags against the recordings", () => {
  function firstOffers(file: string): mesos.Offer[] {
    const decoder = new RecordIODecoder();
    const records = decoder.push(readFileSync(FIXTURES + file));
    decoder.end();
    return records.flatMap((bytes) => scheduler.Event.fromJson(bytes).offers?.offers ?? []);
  }
  const offers = available ? firstOffers("multirole-reservations.json.recordio") : [];
  const onAgent = (suffix: string) => offers.filter((o) => o.agent_id.value.endsWith(suffix));

  it("agent S0 offered to web: same resources, same order", () => {
    const offer = onAgent("-S0")[0]!;
    expect(Resources.of(parseResourcesFlag(S0)).allocate("web").toArray()).toEqual(offer.resources);
    expect(parseAttributesFlag("rack:r0;zone:z1;cores:4;slots:[1-8]")).toEqual(offer.attributes);
  });

  it("agent S1 offered whole to web: ports, static reservation, unreserved scalars", () => {
    const whole = onAgent("-S1").find((o) => (o.resources ?? []).length === 7)!;
    expect(Resources.of(parseResourcesFlag(S1)).allocate("web").toArray()).toEqual(whole.resources);
    expect(parseAttributesFlag("rack:r1;zone:z1;tier:gold")).toEqual(whole.attributes);
  });

  it("agent S1's unreserved part offered to *", () => {
    const star = onAgent("-S1").find((o) => o.allocation_info?.role === "*")!;
    expect(Resources.of(parseResourcesFlag(S1)).unreserved().allocate("*").toArray()).toEqual(star.resources);
  });

  it("order 'flag' matches AgentInfo.resources of both agents (operator GET_STATE)", () => {
    const state = JSON.parse(readFileSync(FIXTURES + "operator-get-state.json", "utf8")) as {
      get_state: { get_agents: { agents: { agent_info: { port: number; resources: unknown[] } }[] } };
    };
    const info = (port: number) =>
      state.get_state.get_agents.agents
        .find((a) => a.agent_info.port === port)!
        .agent_info.resources.map((r) => mesos.Resource.fromJsonValue(r));
    expect(parseResourcesFlag(S0, { order: "flag" })).toEqual(info(5051));
    expect(parseResourcesFlag(S1, { order: "flag" })).toEqual(info(5052));
  });
});
