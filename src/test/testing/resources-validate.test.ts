/** Format validation texts of resources (sections 7.1, 7.5, 3.3 step B, C097, errors.json). */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scheduler, type mesos } from "../../generated/mesos-1.11.0/index.js";
import { validateResource, validateResources, validateRole } from "../../testing/resources/index.js";

const FIXTURES = new URL("../../../../shared/fixtures/real-mesos-1.12.0-dev/", import.meta.url).pathname;
const available = existsSync(FIXTURES);

const scalar = (value: number, extra: Partial<mesos.Resource$Fields> = {}): mesos.Resource => ({
  name: "cpus",
  type: "SCALAR",
  scalar: { value },
  ...extra,
});
const ranges = (pairs: [number, number][]): mesos.Resource => ({
  name: "ports",
  type: "RANGES",
  ranges: { range: pairs.map(([b, e]) => ({ begin: BigInt(b), end: BigInt(e) })) },
});
/** A resource as decoded input may look, ignoring what the union type promises. */
const raw = (fields: Record<string, unknown>) => fields as unknown as mesos.Resource;

describe("validateResource (value format, 7.1)", () => {
  it.each<[string, mesos.Resource, string | undefined]>([
    ["a positive scalar", scalar(0.5), undefined],
    ["exactly zero (empty, allowed)", scalar(0), undefined],
    ["0.001", scalar(0.001), undefined],
    ["0.0005 (rounds up to 0.001)", scalar(0.0005), undefined],
    ["0.0004 (rounds to zero)", scalar(0.0004), "Invalid scalar resource: value <= 0"],
    ["a negative scalar", scalar(-1), "Invalid scalar resource: value <= 0"],
    ["NaN", scalar(Number.NaN), "Invalid scalar resource: value <= 0"],
    ["Infinity", scalar(Infinity), "Invalid scalar resource: value <= 0"],
    ["SCALAR without scalar", raw({ name: "cpus", type: "SCALAR" }), "Invalid scalar resource"],
    [
      "SCALAR with ranges too",
      raw({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, ranges: { range: [] } }),
      "Invalid scalar resource",
    ],
    [
      "good ranges",
      ranges([
        [1, 2],
        [3, 4],
      ]),
      undefined,
    ],
    ["a one-value range", ranges([[80, 80]]), undefined],
    ["begin > end", ranges([[5, 4]]), "Invalid ranges resource: begin > end"],
    [
      "overlapping ranges",
      ranges([
        [1, 5],
        [5, 6],
      ]),
      "Invalid ranges resource: overlapping ranges",
    ],
    ["RANGES without ranges", raw({ name: "ports", type: "RANGES" }), "Invalid ranges resource"],
    ["RANGES with a set", raw({ name: "ports", type: "RANGES", ranges: {}, set: {} }), "Invalid ranges resource"],
    ["a set", { name: "zones", type: "SET", set: { item: ["a", "b"] } }, undefined],
    [
      "duplicated set items",
      { name: "zones", type: "SET", set: { item: ["a", "a"] } },
      "Invalid set resource: duplicated elements",
    ],
    ["SET without set", raw({ name: "zones", type: "SET" }), "Invalid set resource"],
    ["TEXT", raw({ name: "x", type: "TEXT", text: { value: "a" } }), "Unsupported resource type"],
    ["an unknown type", raw({ name: "x", type: "BOGUS" }), "Unsupported resource type"],
    ["an empty name", raw({ name: "", type: "SCALAR", scalar: { value: 1 } }), "Empty resource name"],
  ])("%s", (_, resource, expected) => {
    expect(validateResource(resource)).toBe(expected);
  });

  it("checks the name before the value", () => {
    expect(validateResource(raw({ name: "", type: "TEXT" }))).toBe("Empty resource name");
  });
});

describe("validateResource (reservations, 7.5)", () => {
  it.each<[string, Partial<mesos.Resource$Fields>, string | undefined]>([
    ["post-refinement static", { reservations: [{ type: "STATIC", role: "web" }] }, undefined],
    ["post-refinement dynamic", { reservations: [{ type: "DYNAMIC", role: "web", principal: "p" }] }, undefined],
    [
      "reserving *",
      { reservations: [{ type: "DYNAMIC", role: "*" }] },
      'Invalid reservation: role "*" cannot be reserved',
    ],
    ["pre-refinement dynamic", { role: "web", reservation: { principal: "p" } }, undefined],
    ["pre-refinement static", { role: "web" }, undefined],
    [
      "pre-refinement dynamic reservation of * (C097)",
      { role: "*", reservation: {} },
      'Invalid reservation: role "*" cannot be dynamically reserved',
    ],
    [
      "a refinement that is no sub-role",
      {
        reservations: [
          { type: "STATIC", role: "web" },
          { type: "DYNAMIC", role: "web", principal: "p" },
        ],
      },
      "Invalid refined reservation: role 'web' is not a refinement of 'web'",
    ],
    [
      "a proper refinement",
      {
        reservations: [
          { type: "STATIC", role: "web" },
          { type: "DYNAMIC", role: "web/team" },
        ],
      },
      undefined,
    ],
    [
      "a STATIC refinement",
      {
        reservations: [
          { type: "STATIC", role: "web" },
          { type: "STATIC", role: "web/team" },
        ],
      },
      "Invalid refined reservation: A refined reservation cannot be STATIC",
    ],
    [
      "an invalid reservation role",
      { reservations: [{ type: "STATIC", role: "a/" }] },
      "Role 'a/' cannot end with a slash",
    ],
    ["an invalid legacy role", { role: "/a" }, "Role '/a' cannot start with a slash"],
    [
      "both spellings, consistent (operator API)",
      {
        role: "web",
        reservation: { principal: "p" },
        reservations: [{ type: "DYNAMIC", role: "web", principal: "p" }],
      },
      undefined,
    ],
    [
      "both spellings, different roles",
      { role: "db", reservations: [{ type: "STATIC", role: "web" }] },
      "Invalid resource format: 'Resource.role' and 'Resource.reservation' do not match 'Resource.reservations'",
    ],
  ])("%s", (_, fields, expected) => {
    expect(validateResource(scalar(1, fields))).toBe(expected);
  });

  it("rejects DiskInfo on something that is not disk", () => {
    expect(validateResource(scalar(1, { disk: {} }))).toBe("DiskInfo should not be set for cpus resource");
  });
});

describe("validateResources", () => {
  it("wraps the first failure as Resource '<r>' is invalid: <reason>", () => {
    expect(validateResources([scalar(1), scalar(0.0004, { allocation_info: { role: "web" } }), ranges([[2, 1]])])).toBe(
      "Resource 'cpus(allocated: web):0.0004' is invalid: Invalid scalar resource: value <= 0",
    );
    expect(validateResources([scalar(1), ranges([[1, 2]])])).toBeUndefined();
    expect(validateResources([])).toBeUndefined();
  });

  it("C097: a dynamic reservation of * in the pre-refinement spelling", () => {
    const message = `Operation attempted with invalid resources: ${validateResources([
      scalar(1, { role: "*", reservation: {}, allocation_info: { role: "web" } }),
    ])}`;
    expect(message.startsWith("Operation attempted with invalid resources: Resource '")).toBe(true);
    expect(message.endsWith('is invalid: Invalid reservation: role "*" cannot be dynamically reserved')).toBe(true);
  });
});

describe("validateRole", () => {
  it.each([
    ["*", undefined],
    ["web", undefined],
    ["eng/web", undefined],
    ["", "Role names cannot be the empty string"],
    ["/web", "Role '/web' cannot start with a slash"],
    ["web/", "Role 'web/' cannot end with a slash"],
    ["a//b", "Role 'a//b' cannot contain two adjacent slashes"],
    ["a/./b", "Role 'a/./b' cannot include '.' as a component"],
    ["..", "Role '..' cannot include '..' as a component"],
    ["a/*", "Role 'a/*' cannot include '*' as a component"],
    ["a/-b", "Role component '-b' is invalid because it starts with a dash"],
    ["a b", "Role component 'a b' is invalid because it contains backspace or whitespace"],
    // Mesos' "backspace" is DEL (\x7f); a real backspace (\b) is allowed (src/common/roles.cpp INVALID_CHARACTERS).
    ["a\x7fb", "Role component 'a\x7fb' is invalid because it contains backspace or whitespace"],
    ["a\bb", undefined],
  ])("%j", (role, expected) => {
    expect(validateRole(role)).toBe(expected);
  });
});

describe.skipIf(!available)("validation against the recordings", () => {
  it("errors.json: RESERVE stacked on the static reservation of the same role", () => {
    const recorded = (
      JSON.parse(readFileSync(FIXTURES + "errors.json", "utf8")) as {
        name: string;
        request: { body: string };
        resulting_events: { update_operation_status: { status: { message: string } } }[];
      }[]
    ).find((e) => e.name.includes("invalid RESERVE"))!;
    const call = scheduler.Call.fromJson(recorded.request.body);
    const resources = call.accept!.operations![0]!.reserve!.resources ?? [];
    expect(`Operation attempted with invalid resources: ${validateResources(resources)}`).toBe(
      recorded.resulting_events[0]!.update_operation_status.status.message,
    );
  });
});
