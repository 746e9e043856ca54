import { describe, expect, it } from "vitest";
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
