/** Rendering of resources inside Mesos error messages (section 7.9, C078, errors.json). */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scheduler, type mesos } from "../../generated/mesos-1.11.0/index.js";
import { RecordIODecoder } from "../../recordio/index.js";
import {
  Resources,
  parseResourcesFlag,
  renderReservation,
  renderResource,
  renderResourceList,
} from "../../testing/resources/index.js";

const FIXTURES = new URL("../../../../shared/fixtures/real-mesos-1.12.0-dev/", import.meta.url).pathname;
const available = existsSync(FIXTURES);

interface RecordedError {
  name: string;
  request: { body: string };
  resulting_events?: { type: string; update?: { status: { message?: string } } }[];
}

function offers(file: string): mesos.Offer[] {
  const decoder = new RecordIODecoder();
  const records = decoder.push(readFileSync(FIXTURES + file));
  decoder.end();
  return records.flatMap((bytes) => scheduler.Event.fromJson(bytes).offers?.offers ?? []);
}

/** The message a master puts into TASK_ERROR when a task does not fit (3.3, rule 21). */
const tooBig = (needed: Resources, pool: Resources) =>
  `Total resources ${needed.render()} required by task and its executor is more than available ${pool.render()}`;

describe("render", () => {
  it("prints allocation, value and the empty set", () => {
    const r = Resources.of([
      { name: "cpus", type: "SCALAR", scalar: { value: 2 } },
      { name: "mem", type: "SCALAR", scalar: { value: 64 } },
    ]).allocate("*");
    expect(r.render()).toBe("cpus(allocated: *):2; mem(allocated: *):64");
    expect(Resources.EMPTY.render()).toBe("{}");
    expect(renderResourceList([])).toBe("{}");
    expect(`${r}`).toBe(r.render());
  });

  it("prints scalars with up to 15 significant digits and no trailing .0", () => {
    const scalar = (value: number) => renderResource({ name: "cpus", type: "SCALAR", scalar: { value } });
    expect(scalar(0.5)).toBe("cpus:0.5");
    expect(scalar(1024)).toBe("cpus:1024");
    expect(scalar(0.1 + 0.2)).toBe("cpus:0.3");
    expect(scalar(1 / 3)).toBe("cpus:0.333333333333333");
    expect(
      Resources.of([{ name: "cpus", type: "SCALAR", scalar: { value: 0.1 } }])
        .add([{ name: "cpus", type: "SCALAR", scalar: { value: 0.2 } }])
        .render(),
    ).toBe("cpus:0.3");
  });

  it("prints ranges and sets", () => {
    expect(
      renderResource({
        name: "ports",
        type: "RANGES",
        ranges: {
          range: [
            { begin: 31000n, end: 32000n },
            { begin: 33000n, end: 33100n },
          ],
        },
        allocation_info: { role: "*" },
      }),
    ).toBe("ports(allocated: *):[31000-32000, 33000-33100]");
    expect(renderResource({ name: "zones", type: "SET", set: { item: ["a", "b"] } })).toBe("zones:{a, b}");
  });

  it("prints reservations with principal and labels", () => {
    const r: mesos.Resource = {
      name: "cpus",
      type: "SCALAR",
      scalar: { value: 1 },
      allocation_info: { role: "web" },
      reservations: [
        { type: "DYNAMIC", role: "web", principal: "alice", labels: { labels: [{ key: "k", value: "v" }] } },
      ],
    };
    expect(renderResource(r)).toBe("cpus(allocated: web)(reservations: [(DYNAMIC,web,alice,{k: v})]):1");
    expect(renderReservation({ type: "STATIC", role: "web" })).toBe("STATIC,web");
    expect(
      renderReservation({ type: "DYNAMIC", role: "web", labels: { labels: [{ key: "a" }, { key: "b", value: "c" }] } }),
    ).toBe("DYNAMIC,web,{a, b: c}");
  });

  it("prints disk info, {REV} and <SHARED> in that order", () => {
    const volume: mesos.Resource = {
      name: "disk",
      type: "SCALAR",
      scalar: { value: 512 },
      allocation_info: { role: "db" },
      reservations: [{ type: "DYNAMIC", role: "db", principal: "alice" }],
      disk: { persistence: { id: "vol-1", principal: "alice" }, volume: { mode: "RW", container_path: "data" } },
      shared: {},
    };
    expect(renderResource(volume)).toBe(
      "disk(allocated: db)(reservations: [(DYNAMIC,db,alice)])[vol-1:data]<SHARED>:512",
    );
    expect(renderResource({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, revocable: {} })).toBe("cpus{REV}:1");
    expect(
      renderResource({
        name: "disk",
        type: "SCALAR",
        scalar: { value: 100 },
        disk: { source: { type: "MOUNT", mount: { root: "/mnt/a" } } },
      }),
    ).toBe("disk[MOUNT:/mnt/a]:100");
  });

  it("ignores the legacy role and reservation fields", () => {
    expect(renderResource({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, role: "*" })).toBe("cpus:1");
  });

  it("C078: the whole remaining pool of the offer, ports first", () => {
    const pool = Resources.of(parseResourcesFlag("cpus:4;mem:1024;disk:2048;ports:[31000-32000]")).allocate("*");
    const needed = Resources.of([{ name: "cpus", type: "SCALAR", scalar: { value: 8 } }]).allocate("*");
    expect(pool.contains(needed)).toBe(false);
    expect(tooBig(needed, pool)).toBe(
      "Total resources cpus(allocated: *):8 required by task and its executor is more than available ports(allocated: *):[31000-32000]; cpus(allocated: *):4; mem(allocated: *):1024; disk(allocated: *):2048",
    );
  });

  it("section 3.3: the example with 4096 MB and 10000 MB", () => {
    const pool = Resources.of(parseResourcesFlag("cpus:4;mem:4096;disk:10000;ports:[31000-32000]")).allocate("*");
    expect(pool.render()).toBe(
      "ports(allocated: *):[31000-32000]; cpus(allocated: *):4; mem(allocated: *):4096; disk(allocated: *):10000",
    );
  });
});

describe.skipIf(!available)("render against the recordings", () => {
  it("errors.json: TASK_ERROR for a task asking for 100 cpus", () => {
    const recorded = (JSON.parse(readFileSync(FIXTURES + "errors.json", "utf8")) as RecordedError[]).find((e) =>
      e.name.includes("more cpus than offered"),
    )!;
    const call = scheduler.Call.fromJson(recorded.request.body);
    const task = call.accept!.operations![0]!.launch!.task_infos![0]!;
    // Offer O21 came from agent S0 (`cpus:4;mem:4096;disk:10000;ports:[31000-32000]`) for role web.
    const pool = Resources.of(parseResourcesFlag("cpus:4;mem:4096;disk:10000;ports:[31000-32000]")).allocate("web");
    const message = recorded.resulting_events![0]!.update!.status.message;
    expect(tooBig(Resources.of(task.resources ?? []), pool)).toBe(message);
  });

  it("renders every recorded offer; a volume shows its persistence id and path", () => {
    const all = offers("multirole-reservations.json.recordio");
    expect(all.length).toBeGreaterThan(5);
    const rendered = all.map((o) => Resources.of(o.resources ?? []).render());
    expect(rendered[0]).toBe(
      "ports(allocated: web):[31000-32000]; cpus(allocated: web):4; mem(allocated: web):4096; disk(allocated: web):10000",
    );
    expect(rendered).toContain(
      "cpus(allocated: web)(reservations: [(DYNAMIC,web,fixture-principal,{owner: fixture, purpose: volume})]):0.5; " +
        "disk(allocated: web)(reservations: [(DYNAMIC,web,fixture-principal,{owner: fixture, purpose: volume})])[fixture-volume-1:data]:200; " +
        "mem(allocated: web)(reservations: [(DYNAMIC,web,fixture-principal,{owner: fixture, purpose: volume})]):128",
    );
    // Offers are already merged: rendering them through Resources keeps their order and entries.
    for (const o of all) expect(Resources.of(o.resources ?? []).toArray()).toEqual(o.resources);
  });
});
