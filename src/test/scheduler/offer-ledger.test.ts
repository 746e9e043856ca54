import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { OfferLedger } from "../../scheduler/offer-ledger.js";

const offers = (...ids: string[]) => ids.map((value) => ({ id: { value } }));

describe("OfferLedger (C139)", () => {
  it("makes every offer of an earlier subscription stale, and only those", () => {
    const ledger = new OfferLedger();
    ledger.newSubscription();
    ledger.offered(offers("o1", "o2"));
    ledger.used(["o2"]);
    expect(ledger.liveCount).toBe(1);
    ledger.newSubscription();
    expect(ledger.firstStale(["x", "o1"])).toBe("o1");
    expect(ledger.firstStale(["x"])).toBeUndefined();
    ledger.offered(offers("o3"));
    expect(ledger.firstStale(["o3"])).toBeUndefined();
    expect(ledger.liveCount).toBe(1);
  });

  it("forgets the oldest offers beyond its bound, so a long subscription does not grow without limit", () => {
    const ledger = new OfferLedger();
    for (let i = 0; i < 1_100; i++) ledger.offered(offers(...Array.from({ length: 100 }, (_, j) => `o${i}-${j}`)));
    expect(ledger.liveCount).toBe(10_000);
    ledger.newSubscription();
    expect(ledger.firstStale(["o0-0"])).toBeUndefined();
    expect(ledger.firstStale(["o1099-99"])).toBe("o1099-99");
  });

  it("does not call an offer stale when it comes again in the new subscription", () => {
    const ledger = new OfferLedger();
    ledger.offered(offers("o1"));
    ledger.newSubscription();
    expect(ledger.firstStale(["o1"])).toBe("o1");
    ledger.offered(offers("o1"));
    expect(ledger.firstStale(["o1"])).toBeUndefined();
  });
});

describe("OfferLedger with Mesos' offer IDs (`<master ID>-O<n>`, remembered as numbers)", () => {
  const master = "f3c3b837-46d6-4c80-a030-01e51a8db8fd";

  it("gives back exactly the IDs it was given, whatever their form", () => {
    const ids = [
      `${master}-O13`,
      `${master}-O0`,
      `${master}-O007`, // not canonical: the number would not write it back
      `${master}-O`,
      `${master}-O1234567890123456`, // beyond the digits a double keeps exactly
      `${master}-O12x`,
      `other-master-O5`,
      "offer-without-marker",
      `${master}-O14`,
    ];
    const ledger = new OfferLedger();
    ledger.offered(offers(...ids));
    ledger.used([`${master}-O0`]);
    expect(ledger.liveCount).toBe(ids.length - 1);
    ledger.newSubscription();
    for (const id of ids.filter((id) => id !== `${master}-O0`)) expect(ledger.firstStale([id])).toBe(id);
    expect(ledger.firstStale([`${master}-O0`, `${master}-O7`, `${master}-O15`, "other-master-O05"])).toBeUndefined();
  });

  it("keeps the last 10,000 of a long subscription, in a ring", () => {
    const ledger = new OfferLedger();
    for (let n = 0; n < 25_003; n++) ledger.offered(offers(n % 1000 === 0 ? `odd-${n}` : `${master}-O${n}`));
    expect(ledger.liveCount).toBe(10_000);
    ledger.newSubscription();
    expect(ledger.firstStale([`${master}-O15002`])).toBeUndefined();
    expect(ledger.firstStale([`${master}-O15003`])).toBe(`${master}-O15003`);
    expect(ledger.firstStale(["odd-15000"])).toBeUndefined();
    expect(ledger.firstStale(["odd-25000"])).toBe("odd-25000");
    expect(ledger.firstStale([`${master}-O25002`])).toBe(`${master}-O25002`);
  });

  it("learns each subscription's master anew", () => {
    const ledger = new OfferLedger();
    ledger.offered(offers("A-O1"));
    ledger.newSubscription();
    ledger.offered(offers("B-O1", "A-O2"));
    ledger.newSubscription();
    expect(ledger.firstStale(["A-O1"])).toBe("A-O1");
    expect(ledger.firstStale(["B-O1"])).toBe("B-O1");
    expect(ledger.firstStale(["A-O2"])).toBe("A-O2");
    expect(ledger.liveCount).toBe(0);
  });

  it("agrees with a plain list of the last 10,000 IDs for any mix of forms and calls", () => {
    const id = fc.oneof(
      fc.nat({ max: 30 }).map((n) => `${master}-O${n}`),
      fc.nat({ max: 30 }).map((n) => `m2-O${n}`),
      fc.constantFrom(`${master}-O01`, `${master}-O`, "plain", `${master}-O99999999999999999`),
    );
    const step = fc.oneof(
      fc.record({ offered: fc.array(id, { maxLength: 5 }) }),
      fc.record({ used: fc.array(id, { maxLength: 3 }) }),
      fc.constant({ resubscribe: true as const }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.array(id, { maxLength: 10 }), (steps, probes) => {
        const ledger = new OfferLedger();
        let current: string[] = [];
        let used = new Set<string>();
        const stale = new Set<string>();
        for (const s of steps) {
          if ("offered" in s) {
            ledger.offered(offers(...s.offered));
            current.push(...s.offered);
            for (const x of s.offered) stale.delete(x);
          } else if ("used" in s) {
            ledger.used(s.used);
            for (const x of s.used) used.add(x);
          } else {
            ledger.newSubscription();
            for (const x of current) if (!used.has(x)) stale.add(x);
            current = [];
            used = new Set();
          }
        }
        expect(ledger.liveCount).toBe(current.filter((x) => !used.has(x)).length);
        for (const probe of probes) expect(ledger.firstStale([probe])).toBe(stale.has(probe) ? probe : undefined);
      }),
    );
  });
});
