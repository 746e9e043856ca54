import { describe, expect, it } from "vitest";
import { OfferLedger } from "../../scheduler/offer-ledger.js";

describe("OfferLedger (C139)", () => {
  it("makes every offer of an earlier subscription stale, and only those", () => {
    const ledger = new OfferLedger();
    ledger.newSubscription();
    ledger.offered(["o1", "o2"]);
    ledger.used(["o2"]);
    expect(ledger.liveCount).toBe(1);
    ledger.newSubscription();
    expect(ledger.firstStale(["x", "o1"])).toBe("o1");
    expect(ledger.firstStale(["x"])).toBeUndefined();
    ledger.offered(["o3"]);
    expect(ledger.firstStale(["o3"])).toBeUndefined();
    expect(ledger.liveCount).toBe(1);
  });
});
