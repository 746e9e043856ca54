/** The Resources class: merging per identity, containment, roles and properties of the arithmetic (section 7.1, 7.3, C078). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { Resources, ResourcesError } from "../../testing/resources/index.js";

const cpus = (value: number, extra: Partial<mesos.Resource$Fields> = {}): mesos.Resource => ({
  name: "cpus",
  type: "SCALAR",
  scalar: { value },
  ...extra,
});
const mem = (value: number, extra: Partial<mesos.Resource$Fields> = {}): mesos.Resource => ({
  name: "mem",
  type: "SCALAR",
  scalar: { value },
  ...extra,
});
const ports = (ranges: [number, number][], extra: Partial<mesos.Resource$Fields> = {}): mesos.Resource => ({
  name: "ports",
  type: "RANGES",
  ranges: { range: ranges.map(([b, e]) => ({ begin: BigInt(b), end: BigInt(e) })) },
  ...extra,
});
const volume = (id: string, size: number): mesos.Resource => ({
  name: "disk",
  type: "SCALAR",
  scalar: { value: size },
  reservations: [{ type: "DYNAMIC", role: "db", principal: "alice" }],
  disk: { persistence: { id, principal: "alice" }, volume: { mode: "RW", container_path: "data" } },
});
const web = { allocation_info: { role: "web" } };
const dynamicWeb = (labels?: [string, string][]): mesos.Resource_ReservationInfo => ({
  type: "DYNAMIC",
  role: "web",
  principal: "alice",
  ...(labels ? { labels: { labels: labels.map(([key, value]) => ({ key, value })) } } : {}),
});

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("merging and order", () => {
  it("merges same-identity resources in fixed point, keeping first-appearance order", () => {
    const r = Resources.of([cpus(0.1), mem(32), ports([[31000, 31000]]), cpus(0.2), ports([[31001, 32000]])]);
    expect(r.toArray()).toEqual([cpus(0.3), mem(32), ports([[31000, 32000]])]);
    expect(r.scalar("cpus")).toBe(0.3);
    expect(r.names()).toEqual(["cpus", "mem", "ports"]);
  });

  it("drops empty resources (0, no ranges, no items); 0.0004 is invalid, not empty", () => {
    const r = Resources.of([cpus(0), ports([]), { name: "zones", type: "SET", set: { item: [] } }]);
    expect(r.isEmpty()).toBe(true);
    expect((thrown(() => Resources.of([mem(0.0004)])) as ResourcesError).code).toBe("ERR_RESOURCES_INVALID");
    expect(r.render()).toBe("{}");
    expect(Resources.EMPTY.isEmpty()).toBe(true);
  });

  it("keeps resources that differ in any identity field apart", () => {
    const variants: mesos.Resource[] = [
      cpus(1),
      cpus(1, web),
      cpus(1, { allocation_info: { role: "*" } }),
      cpus(1, { reservations: [{ type: "STATIC", role: "web" }] }),
      cpus(1, { reservations: [dynamicWeb()] }),
      cpus(1, { reservations: [dynamicWeb([["k", "v"]])] }),
      cpus(1, { revocable: {} }),
      cpus(1, { provider_id: { value: "p1" } }),
      mem(1),
    ];
    const r = Resources.of(variants);
    expect(r.toArray()).toHaveLength(variants.length);
    for (const v of variants) {
      const others = Resources.of(variants.filter((x) => x !== v).concat(variants.filter((x) => x !== v)));
      expect(others.contains([v])).toBe(false);
      expect(r.contains([v])).toBe(true);
    }
  });

  it("compares reservation labels regardless of their order", () => {
    const a = cpus(1, {
      reservations: [
        dynamicWeb([
          ["a", "1"],
          ["b", "2"],
        ]),
      ],
    });
    const b = cpus(1, {
      reservations: [
        dynamicWeb([
          ["b", "2"],
          ["a", "1"],
        ]),
      ],
    });
    expect(Resources.of([a]).contains([b])).toBe(true);
    expect(Resources.of([a, b]).toArray()).toHaveLength(1);
  });

  it("accepts the pre-refinement spelling and stores the post-refinement one", () => {
    const legacy = Resources.of([
      cpus(1, { role: "web", reservation: { principal: "alice" } }),
      mem(64, { role: "web" }),
      mem(32, { role: "*" }),
    ]);
    expect(legacy.toArray()).toEqual([
      cpus(1, { reservations: [dynamicWeb()] }),
      mem(64, { reservations: [{ type: "STATIC", role: "web" }] }),
      mem(32),
    ]);
  });

  it("rejects invalid resources with Mesos' text", () => {
    const error = thrown(() => Resources.of([cpus(-1)]));
    expect(error).toBeInstanceOf(ResourcesError);
    expect((error as ResourcesError).code).toBe("ERR_RESOURCES_INVALID");
    expect((error as ResourcesError).message).toBe(
      "Resource 'cpus:-1' is invalid: Invalid scalar resource: value <= 0",
    );
  });
});

describe("containment and subtraction", () => {
  it("C078: cpus allocated to another role are not contained", () => {
    const offer = Resources.of([cpus(4, { allocation_info: { role: "*" } })]);
    expect(offer.contains([cpus(1, { allocation_info: { role: "*" } })])).toBe(true);
    expect(offer.contains([cpus(1, web)])).toBe(false);
    expect(offer.contains([cpus(1)])).toBe(false);
    expect(offer.contains([cpus(8, { allocation_info: { role: "*" } })])).toBe(false);
  });

  it("splits ranges on subtraction", () => {
    const r = Resources.of([ports([[31000, 32000]])]).subtract([ports([[31500, 31500]])]);
    expect(r.toArray()).toEqual([
      ports([
        [31000, 31499],
        [31501, 32000],
      ]),
    ]);
    expect(r.contains([ports([[31500, 31500]])])).toBe(false);
  });

  it("throws ERR_RESOURCES_NOT_CONTAINED with '<pool> does not contain <resources>'", () => {
    const pool = Resources.of([cpus(1, web), mem(64, web)]);
    const error = thrown(() => pool.subtract([cpus(2, web)])) as ResourcesError;
    expect(error.code).toBe("ERR_RESOURCES_NOT_CONTAINED");
    expect(error.message).toBe(
      "cpus(allocated: web):1; mem(allocated: web):64 does not contain cpus(allocated: web):2",
    );
    expect(pool.trySubtract([cpus(2, web)])).toBeUndefined();
  });

  it("removes an entry that reaches zero and keeps the others in place", () => {
    const r = Resources.of([cpus(1), mem(64), ports([[1, 2]])]).subtract([mem(64)]);
    expect(r.toArray()).toEqual([cpus(1), ports([[1, 2]])]);
  });

  it("subtracts 0.1 ten times from 1 down to exactly nothing", () => {
    let r = Resources.of([cpus(1)]);
    for (let i = 0; i < 10; i++) r = r.subtract([cpus(0.1)]);
    expect(r.isEmpty()).toBe(true);
  });

  it("never merges or splits persistent volumes", () => {
    const r = Resources.of([volume("v1", 100), volume("v1", 100)]);
    expect(r.toArray()).toHaveLength(2);
    const one = Resources.of([volume("v1", 100)]);
    expect(one.contains([volume("v1", 50)])).toBe(false);
    expect(one.contains([volume("v1", 100)])).toBe(true);
    expect(r.contains([volume("v1", 100), volume("v1", 100)])).toBe(true);
    expect(one.contains([volume("v1", 100), volume("v1", 100)])).toBe(false);
    expect(one.subtract([volume("v1", 100)]).isEmpty()).toBe(true);
  });

  it("counts copies of a shared volume", () => {
    const shared = { ...volume("s1", 100), shared: {} };
    const two = Resources.of([shared, shared]);
    expect(two.toArray()).toEqual([shared, shared]);
    expect(two.render()).toBe("disk(reservations: [(DYNAMIC,db,alice)])[s1:data]<SHARED>:100");
    expect(two.contains([shared, shared])).toBe(true);
    expect(Resources.of([shared]).contains([shared, shared])).toBe(false);
    expect(two.subtract([shared]).toArray()).toEqual([shared]);
  });
});

describe("roles and reservations", () => {
  const pool = Resources.of([
    ports([[31000, 32000]]),
    cpus(1, { reservations: [{ type: "STATIC", role: "eng" }] }),
    cpus(2, {
      reservations: [
        { type: "STATIC", role: "eng" },
        { type: "DYNAMIC", role: "eng/web" },
      ],
    }),
    cpus(3, { reservations: [{ type: "STATIC", role: "other" }] }),
    cpus(4, { reservations: [{ type: "STATIC", role: "engineering" }] }),
    cpus(8),
  ]);

  it("allocatableTo: unreserved plus reservations of the role and its ancestors", () => {
    expect(pool.allocatableTo("eng/web").scalar("cpus")).toBe(11);
    expect(pool.allocatableTo("eng").scalar("cpus")).toBe(9);
    expect(pool.allocatableTo("eng/web/x").scalar("cpus")).toBe(11);
    expect(pool.allocatableTo("*").scalar("cpus")).toBe(8);
    expect(pool.allocatableTo("engineering").scalar("cpus")).toBe(12);
  });

  it("reserved(role) looks at the current (last) reservation", () => {
    expect(pool.reserved().scalar("cpus")).toBe(10);
    expect(pool.reserved("eng").scalar("cpus")).toBe(1);
    expect(pool.reserved("eng/web").scalar("cpus")).toBe(2);
    expect(pool.unreserved().names()).toEqual(["ports", "cpus"]);
  });

  it("allocate and unallocate set or drop allocation_info and re-merge", () => {
    const mixed = Resources.of([cpus(1, web), cpus(2, { allocation_info: { role: "x" } }), cpus(3)]);
    expect(mixed.allocate("web").toArray()).toEqual([cpus(6, web)]);
    expect(mixed.unallocate().toArray()).toEqual([cpus(6)]);
  });

  it("pushes and pops reservation layers", () => {
    const reserved = Resources.of([cpus(1), mem(64)]).pushReservation({ type: "STATIC", role: "eng" });
    const refined = reserved.pushReservation({ type: "DYNAMIC", role: "eng/web", principal: "p" });
    expect(refined.reserved("eng/web").scalar("mem")).toBe(64);
    expect(refined.popReservation().equals(reserved)).toBe(true);
    expect(refined.toUnreserved().equals([cpus(1), mem(64)])).toBe(true);
    expect((thrown(() => reserved.pushReservation({ type: "DYNAMIC", role: "eng" })) as ResourcesError).code).toBe(
      "ERR_RESOURCES_RESERVATION",
    );
    expect((thrown(() => Resources.of([cpus(1)]).popReservation()) as ResourcesError).code).toBe(
      "ERR_RESOURCES_RESERVATION",
    );
  });

  it("orders entries the way an offer lists them", () => {
    const r = Resources.of([
      cpus(2),
      mem(64),
      cpus(1, { reservations: [{ type: "STATIC", role: "web" }] }),
      ports([[1, 2]]),
    ]);
    expect(r.orderedForOffer().render()).toBe("ports:[1-2]; cpus(reservations: [(STATIC,web)]):1; cpus:2; mem:64");
  });
});

describe("immutability", () => {
  it("returns copies and freezes what callbacks see", () => {
    const r = Resources.of([cpus(1)]);
    const copy = r.toArray();
    (copy[0] as { scalar: { value: number } }).scalar.value = 99;
    expect(r.scalar("cpus")).toBe(1);
    r.filter((x) => {
      expect(Object.isFrozen(x)).toBe(true);
      expect(Object.isFrozen(x.scalar)).toBe(true);
      return true;
    });
    const input = [cpus(2)];
    const s = Resources.of(input);
    (input[0] as { scalar: { value: number } }).scalar.value = 5;
    expect(s.scalar("cpus")).toBe(2);
    expect(r.add([cpus(1)]).scalar("cpus")).toBe(2);
    expect(r.scalar("cpus")).toBe(1);
  });
});

describe("properties", () => {
  const role = fc.constantFrom(undefined, "*", "web", "eng/web");
  const reservations = fc.constantFrom<mesos.Resource_ReservationInfo[] | undefined>(
    undefined,
    [{ type: "STATIC", role: "web" }],
    [dynamicWeb([["k", "v"]])],
    [
      { type: "STATIC", role: "eng" },
      { type: "DYNAMIC", role: "eng/web", principal: "p" },
    ],
  );
  const meta = fc.record({ role, reservations, revocable: fc.boolean() }).map(({ role, reservations, revocable }) => ({
    ...(role !== undefined ? { allocation_info: { role } } : {}),
    ...(reservations !== undefined ? { reservations } : {}),
    ...(revocable ? { revocable: {} } : {}),
  }));
  const scalarValue = fc.oneof(
    fc.integer({ min: 1, max: 10_000_000 }).map((n) => n / 1000),
    fc.double({ min: 0.001, max: 1e6, noNaN: true }),
  );
  // Ranges and sets add as unions, so `a + b - b == a` needs a and b to hold
  // disjoint values (as the parts of a real pool do): each side draws from its own values.
  const resource = (side: 0 | 1): fc.Arbitrary<mesos.Resource> =>
    fc.oneof(
      fc
        .tuple(fc.constantFrom("cpus", "mem", "disk"), scalarValue, meta)
        .map(([name, value, m]) => ({ name, type: "SCALAR" as const, scalar: { value }, ...m })),
      fc
        .tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 50 }), meta)
        .map(([b, n, m]) => ports([[side * 1000 + b, side * 1000 + b + n]], m)),
      fc
        .tuple(
          fc.uniqueArray(fc.constantFrom(...(side === 0 ? ["a", "b", "c"] : ["x", "y", "z"])), { minLength: 1 }),
          meta,
        )
        .map(([item, m]) => ({ name: "zones", type: "SET" as const, set: { item }, ...m })),
    );
  const resourcesOn = (side: 0 | 1) => fc.array(resource(side), { maxLength: 8 }).map((list) => Resources.of(list));
  const resources = resourcesOn(0);
  const others = resourcesOn(1);

  it("a + b - b == a", () => {
    fc.assert(
      fc.property(resources, others, (a, b) => {
        expect(a.add(b).subtract(b).equals(a)).toBe(true);
      }),
    );
  });

  it("a + b contains a, b and (a + b) - b; addition commutes", () => {
    fc.assert(
      fc.property(resources, others, (a, b) => {
        const sum = a.add(b);
        expect(sum.contains(a)).toBe(true);
        expect(sum.contains(b)).toBe(true);
        expect(sum.contains(sum.subtract(b))).toBe(true);
        expect(sum.equals(b.add(a))).toBe(true);
        expect(a.contains(Resources.EMPTY)).toBe(true);
      }),
    );
  });

  it("contains(a, a - b) whenever b is part of a", () => {
    fc.assert(
      fc.property(resources, fc.array(fc.boolean(), { maxLength: 8 }), (a, keep) => {
        const items = a.toArray();
        const b = Resources.of(items.filter((_, i) => keep[i] ?? false));
        expect(a.contains(b)).toBe(true);
        const rest = a.subtract(b);
        expect(a.contains(rest)).toBe(true);
        expect(rest.add(b).equals(a)).toBe(true);
      }),
    );
  });

  it("toArray round-trips and renders identically", () => {
    fc.assert(
      fc.property(resources, (a) => {
        const again = Resources.of(a.toArray());
        expect(again.equals(a)).toBe(true);
        expect(again.render()).toBe(a.render());
        expect(a.allocate("r").unallocate().equals(a.unallocate())).toBe(true);
      }),
    );
  });
});
